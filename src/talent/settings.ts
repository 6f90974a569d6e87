/**
 * What HR can configure about the talent review, with the defaults docs/talent.md explains.
 * Pure data: the rules in placement.ts read it; the database keeps HR's overrides as JSON.
 */

export type PerformanceMode =
  /** Absolute: the quarter's performance against HR's thresholds (e.g. ≥ 85 高, < 70 低). */
  | { kind: 'thresholds'; low: number; high: number }
  /** Relative: the bottom / top share of the comparison group (e.g. 20 % / 20 %). */
  | { kind: 'distribution'; bottomShare: number; topShare: number };

/** Who a person is compared with when signals are normalised (and in distribution mode). */
export type ComparisonGroup = 'company' | 'department' | 'position';

export interface PotentialWeights {
  behaviour: number;
  learning: number;
  collaboration: number;
  trend: number;
}

export interface TalentSettings {
  performance: PerformanceMode;
  /** Potential index (0–100, weighted percentile ranks): below `low` 低, from `high` 高. */
  potential: { low: number; high: number };
  weights: PotentialWeights;
  group: ComparisonGroup;
  /** A group smaller than this is compared within the whole company instead. */
  minGroupSize: number;
  /** Learning points: training hours count 1 each; one certificate, one new skill, one finished plan action count this many. */
  learningPointsPerItem: number;
  /** A quarter needs at least this many monthly totals for a performance figure. */
  minMonths: number;
}

export const DEFAULT_TALENT_SETTINGS: TalentSettings = {
  performance: { kind: 'thresholds', low: 70, high: 85 },
  potential: { low: 35, high: 65 },
  weights: { behaviour: 30, learning: 25, collaboration: 25, trend: 20 },
  group: 'department',
  minGroupSize: 5,
  learningPointsPerItem: 8,
  minMonths: 2,
};

/** Checks HR's settings; returns Chinese messages, empty when valid. */
export function validateTalentSettings(s: TalentSettings): string[] {
  const errors: string[] = [];
  const p = s.performance;
  if (p.kind === 'thresholds' && !(p.low < p.high)) errors.push('业绩的“低”阈值必须小于“高”阈值');
  if (p.kind === 'distribution' && !(p.bottomShare >= 0 && p.topShare >= 0 && p.bottomShare + p.topShare <= 100)) {
    errors.push('业绩分布的低档和高档比例须在 0–100 之间，且合计不超过 100');
  }
  if (!(s.potential.low >= 0 && s.potential.low < s.potential.high && s.potential.high <= 100)) errors.push('潜力阈值须满足 0 ≤ 低 < 高 ≤ 100');
  const w = Object.values(s.weights);
  if (w.some((x) => !(Number.isFinite(x) && x >= 0)) || w.reduce((a, b) => a + b, 0) <= 0) errors.push('潜力各信号的权重须为非负数，且合计大于 0');
  if (!(Number.isInteger(s.minGroupSize) && s.minGroupSize >= 1)) errors.push('最小比较组人数须为正整数');
  if (!(Number.isInteger(s.minMonths) && s.minMonths >= 1 && s.minMonths <= 3)) errors.push('一个季度至少需要的月度总分数须为 1–3');
  return errors;
}
