import { ValidationError } from '../../wecom/errors';

/**
 * Company-wide scoring rules HR can change (`perfbot scoring policy`), beside the per-department
 * component weights. The defaults are what docs/scoring.md describes.
 */
export interface ScoringPolicy {
  /**
   * A total exists only when the automatic data is present or the parts present carry at least
   * this share (0–1) of the configured weights; otherwise the card says 数据不足 and the person is
   * not ranked. Default 0.7.
   */
  minBasisShare: number;
  /**
   * How a monthly key result counts in a week: 'progress' (default) shows its progress on the weekly
   * card without weighing in the week's total (it weighs in its month); 'weighted' counts it in
   * every week of its month with its full weight.
   */
  keyResultsInWeeks: 'progress' | 'weighted';
  /**
   * The share (0–1) of the total that the 行为分 takes; default 0: the behaviour score is shown
   * everywhere but does not move the total. With b > 0: total = (1 − b) × the three-part total + b × 行为分.
   */
  behaviourWeight: number;
}

export const DEFAULT_POLICY: Readonly<ScoringPolicy> = Object.freeze({
  minBasisShare: 0.7,
  keyResultsInWeeks: 'progress',
  behaviourWeight: 0,
});

/** Throws ValidationError naming the field; returns the policy otherwise. */
export function validatePolicy(p: ScoringPolicy): ScoringPolicy {
  const share = (field: 'minBasisShare' | 'behaviourWeight', max: number, label: string) => {
    const v = p[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) {
      throw new ValidationError(`policy.${field}`, `${label}必须在 0 到 ${Math.round(max * 100)}% 之间`);
    }
  };
  share('minBasisShare', 1, '总分最低依据');
  share('behaviourWeight', 0.5, '行为分权重');
  if (p.keyResultsInWeeks !== 'progress' && p.keyResultsInWeeks !== 'weighted') {
    throw new ValidationError('policy.keyResultsInWeeks', '关键结果在周卡片中的计分方式只能是 progress（仅显示进度）或 weighted（按权重计分）');
  }
  return p;
}
