import { ValidationError } from '../../wecom/errors';
import type { ScoringWeights } from './types';

/** 自动化数据 70%, 直属主管月度评语 20%, 跨部门协作评分 10%. */
export const DEFAULT_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({
  automatic: 0.7,
  review: 0.2,
  collaboration: 0.1,
});

export const COMPONENT_KEYS = ['automatic', 'review', 'collaboration'] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/** Chinese labels shown on cards and listed in `Scorecard.missing`. */
export const COMPONENT_LABELS: Readonly<Record<ComponentKey, string>> = Object.freeze({
  automatic: '自动数据',
  review: '主管评价',
  collaboration: '跨部门协作',
});

/**
 * Checks a department's weights: each finite and ≥ 0, and a positive sum. Throws a
 * ValidationError naming the field; returns the weights unchanged otherwise.
 */
export function validateWeights(weights: ScoringWeights): ScoringWeights {
  for (const key of COMPONENT_KEYS) {
    const w = weights[key];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new ValidationError(`weights.${key}`, `权重「${COMPONENT_LABELS[key]}」必须是不小于 0 的数`);
    }
  }
  if (weights.automatic + weights.review + weights.collaboration <= 0) {
    throw new ValidationError('weights', '三项权重之和必须大于 0');
  }
  return weights;
}

/**
 * Renormalises the weights over the components present: a missing component gets 0 and the
 * others share its weight in proportion. All zero when nothing present has weight.
 */
export function renormaliseWeights(
  weights: ScoringWeights,
  present: Readonly<Record<ComponentKey, boolean>>,
): ScoringWeights {
  const sum = COMPONENT_KEYS.reduce((acc, key) => acc + (present[key] ? weights[key] : 0), 0);
  const share = (key: ComponentKey): number => (present[key] && sum > 0 ? weights[key] / sum : 0);
  return { automatic: share('automatic'), review: share('review'), collaboration: share('collaboration') };
}
