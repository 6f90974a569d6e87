import type { ScoreBasis, ScoringWeights } from './types';
import { COMPONENT_KEYS, COMPONENT_LABELS, type ComponentKey } from './weights';

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * The minimum basis for a total (docs/scoring.md §4a): the automatic data is present (and weighs
 * something), or the parts present carry at least `requiredShare` of the configured weights.
 * Renormalising over a missing part is right when it does not apply yet (no review before the
 * 25th); it is wrong when nearly the whole score is missing (one collaboration rating, or a week
 * with no output judged only on a review).
 */
export function assessBasis(
  weights: ScoringWeights,
  present: Readonly<Record<ComponentKey, boolean>>,
  requiredShare: number,
  /** Set when the automatic data is missing only because the key results weigh in their month. */
  keyResultsOnly = false,
): ScoreBasis {
  const sum = COMPONENT_KEYS.reduce((acc, key) => acc + weights[key], 0);
  const carried = COMPONENT_KEYS.reduce((acc, key) => acc + (present[key] ? weights[key] : 0), 0);
  const presentShare = sum > 0 ? carried / sum : 0;
  const automatic = present.automatic && weights.automatic > 0;
  const sufficient = carried > 0 && (automatic || presentShare >= requiredShare - 1e-9);
  if (sufficient) return { presentShare, requiredShare, sufficient };
  const missing = COMPONENT_KEYS.filter((key) => !present[key]).map((key) => COMPONENT_LABELS[key]);
  const why = `有数据的部分只占权重${pct(presentShare)}，需有自动数据或至少${pct(requiredShare)}`;
  const krs = keyResultsOnly ? '本周没有按周计分的指标，关键结果按月计分；' : '';
  return { presentShare, requiredShare, sufficient, reason: `数据不足：缺${missing.join('、')}（${krs}${why}）` };
}
