/**
 * The behaviour score: what a member's 表扬/提醒 tags in a period add up to. Pure.
 *
 * Rule: start from a neutral base of 60 (no tags = a pass, neither praised nor reminded), add the
 * catalogue weight of every tag in the period (praise weights are positive, e.g. 主动加班支援 +3;
 * remind weights negative, e.g. 安全规范提醒 −3), then clamp to 0–100 so a flood of tags in one
 * direction cannot leave the scale every other score uses. Rounded to two decimals to keep
 * fractional weights free of floating-point noise.
 */

export const BEHAVIOUR_BASE = 60;
export const BEHAVIOUR_MIN = 0;
export const BEHAVIOUR_MAX = 100;

export function computeBehaviourScore(tags: ReadonlyArray<{ weight: number }>): number {
  let total = BEHAVIOUR_BASE;
  for (const t of tags) {
    if (!Number.isFinite(t.weight)) throw new RangeError(`tag weight must be a finite number, got ${t.weight}`);
    total += t.weight;
  }
  const clamped = Math.min(BEHAVIOUR_MAX, Math.max(BEHAVIOUR_MIN, total));
  return Math.round(clamped * 100) / 100;
}

/** The sum of the weights, shown next to the score ("基准 60 分，加减合计 +6"). */
export function sumTagWeights(tags: ReadonlyArray<{ weight: number }>): number {
  return Math.round(tags.reduce((acc, t) => acc + t.weight, 0) * 100) / 100;
}

/** '+3', '-2', '+1.5': a weight as users read it. */
export function formatWeight(weight: number): string {
  const rounded = Math.round(weight * 100) / 100;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}
