/**
 * The behaviour score (行为分, docs/scoring.md §9): what a member's 表扬/提醒 tags in a month add up
 * to. Shown on the weekly scorecard, the 查询 card, the detail page, the review card (the
 * supervisor's reference when giving stars) and the export; it moves the total only when HR gives it
 * a weight (policy.behaviourWeight, default 0). Pure.
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

/** A month's tag sum as cards show it: '+3', '-2', '±0'. */
export function formatTagSum(sum: number): string {
  return sum === 0 ? '±0' : formatWeight(sum);
}

/** What the 行为分 does to the total, as every card says it: '不计入总分' or '计入总分10%'. */
export function behaviourEffectText(share: number): string {
  return share > 0 ? `计入总分${Math.round(share * 1000) / 10}%` : '不计入总分';
}

/** A tag as the notices word it: '+3（计入本月行为分，不计入总分）'. */
export function tagEffectText(weight: number, share: number): string {
  return `${formatWeight(weight)}（计入本月行为分，${behaviourEffectText(share)}）`;
}
