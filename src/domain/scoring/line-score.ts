import { ValidationError } from '../../wecom/errors';
import type { MetricLineInput, ScoreCurve } from './types';

/** What the curve needs from a metric line. */
export type ScoreRule = Pick<MetricLineInput, 'direction' | 'target' | 'floor' | 'curve'>;

export type CurveResult =
  | { ok: true; score: number; floorBreached?: boolean }
  | { ok: false; reason: string };

const DEFAULT_CAP = 100;
const DEFAULT_ZERO_AT = 2;

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** Resolves a line's curve, rejecting a configuration that cannot produce a score. */
export function resolveCurve(curve: ScoreCurve | undefined): { cap: number; zeroAt: number } {
  const cap = curve?.cap ?? DEFAULT_CAP;
  const zeroAt = curve?.zeroAt ?? DEFAULT_ZERO_AT;
  if (!Number.isFinite(cap) || cap <= 0) {
    throw new ValidationError('curve.cap', '评分封顶值必须大于 0');
  }
  if (!Number.isFinite(zeroAt) || zeroAt <= 1) {
    throw new ValidationError('curve.zeroAt', '归零倍数必须大于 1');
  }
  return { cap, zeroAt };
}

/** Why a target/limit cannot score anything, or null when it can. */
export function targetProblem(rule: Pick<ScoreRule, 'direction' | 'target'>): string | null {
  const t = rule.target;
  if (rule.direction === 'higher_better') {
    return Number.isFinite(t) && t > 0 ? null : '未设定有效目标值（目标须大于 0）';
  }
  return Number.isFinite(t) && t >= 0 ? null : '未设定有效上限值（上限不能为负）';
}

/**
 * Scores one metric value (0…cap, full precision).
 * - higher_better, target T > 0: 100 × value / T, floored at 0, capped at cap (default 100).
 * - lower_better, limit L > 0: 100 while value ≤ L, then linear to 0 at zeroAt × L
 *   (default 2L): 100 × (zeroAt·L − value) / ((zeroAt − 1)·L), clamped to [0, 100], then capped.
 * - lower_better, L = 0: 100 when value ≤ 0, else 0.
 * A floor line (底线) is scored the same way and flagged when the value is on the wrong side.
 */
export function scoreValue(value: number, rule: ScoreRule): CurveResult {
  const { cap, zeroAt } = resolveCurve(rule.curve);
  const problem = targetProblem(rule);
  if (problem) return { ok: false, reason: problem };
  const t = rule.target;
  let score: number;
  let breached: boolean;
  if (rule.direction === 'higher_better') {
    score = clamp((100 * value) / t, 0, cap);
    breached = value < t;
  } else {
    if (t === 0) {
      score = value <= 0 ? 100 : 0;
    } else if (value <= t) {
      score = 100;
    } else {
      score = clamp((100 * (zeroAt * t - value)) / ((zeroAt - 1) * t), 0, 100);
    }
    score = Math.min(score, cap);
    breached = value > t;
  }
  return rule.floor ? { ok: true, score, floorBreached: breached } : { ok: true, score };
}

/** A key result scores its progress, clamped to 0–100; null when the progress is not a number. */
export function scoreProgress(progress: number): number | null {
  return Number.isFinite(progress) ? clamp(progress, 0, 100) : null;
}
