/**
 * What HR can configure about the talent review, with the defaults docs/talent.md explains.
 * Pure data: the rules in placement.ts read it; the database keeps HR's overrides as JSON.
 */

/** How an axis is cut into 低 / 中 / 高 (the same three rules for performance and potential). */
export type LevelRule =
  /** Relative, the default: the person's percentile rank within the comparison group (the formula of §2), ≤ low 低, ≥ high 高. */
  | { kind: 'percentile'; low: number; high: number }
  /** Absolute: the figure against HR's thresholds (e.g. performance ≥ 85 高, < 70 低). */
  | { kind: 'thresholds'; low: number; high: number }
  /** Relative by head count: the bottom / top share of the comparison group (e.g. 20 % / 20 %, rounded down). */
  | { kind: 'distribution'; bottomShare: number; topShare: number };

export type PerformanceMode = LevelRule;

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
  /** How the potential index (0–100, weighted percentile ranks) is cut into levels. */
  potential: LevelRule;
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
  // Both axes relative to the comparison group: the top quarter 高, the bottom fifth 低 (docs/talent.md
  // §1 says why not fixed cut-offs, and why 低 is the narrower band).
  performance: { kind: 'percentile', low: 20, high: 75 },
  potential: { kind: 'percentile', low: 20, high: 75 },
  weights: { behaviour: 30, learning: 25, collaboration: 25, trend: 20 },
  group: 'department',
  minGroupSize: 5,
  learningPointsPerItem: 8,
  minMonths: 2,
};

/** Checks HR's settings; returns Chinese messages, empty when valid. */
export function validateTalentSettings(s: TalentSettings): string[] {
  const errors: string[] = [];
  errors.push(...levelRuleErrors('业绩', s.performance));
  errors.push(...levelRuleErrors('潜力', s.potential));
  const w = Object.values(s.weights);
  if (w.some((x) => !(Number.isFinite(x) && x >= 0)) || w.reduce((a, b) => a + b, 0) <= 0) errors.push('潜力各信号的权重须为非负数，且合计大于 0');
  if (!(Number.isInteger(s.minGroupSize) && s.minGroupSize >= 1)) errors.push('最小比较组人数须为正整数');
  if (!(Number.isInteger(s.minMonths) && s.minMonths >= 1 && s.minMonths <= 3)) errors.push('一个季度至少需要的月度总分数须为 1–3');
  return errors;
}

function levelRuleErrors(axis: string, r: LevelRule): string[] {
  const inRange = (x: number) => Number.isFinite(x) && x >= 0 && x <= 100;
  switch (r?.kind) {
    case 'thresholds':
      return Number.isFinite(r.low) && Number.isFinite(r.high) && r.low < r.high ? [] : [`${axis}的“低”阈值必须小于“高”阈值`];
    case 'percentile':
      return inRange(r.low) && inRange(r.high) && r.low < r.high ? [] : [`${axis}的百分位分档须满足 0 ≤ 低 < 高 ≤ 100`];
    case 'distribution':
      return inRange(r.bottomShare) && inRange(r.topShare) && r.bottomShare + r.topShare <= 100 ? [] : [`${axis}分布的低档和高档比例须在 0–100 之间，且合计不超过 100`];
    default:
      return [`${axis}的分档方式应为 percentile、thresholds 或 distribution`];
  }
}

/**
 * Settings stored before the potential axis had a rule kind kept `{ low, high }` thresholds on the
 * index: read them as thresholds, so an HR override made then still means what it meant.
 */
export function normalizeLevelRule(r: unknown, fallback: LevelRule): LevelRule {
  if (r === null || typeof r !== 'object') return fallback;
  const x = r as Partial<LevelRule> & { low?: number; high?: number };
  if (x.kind === undefined && typeof x.low === 'number' && typeof x.high === 'number') return { kind: 'thresholds', low: x.low, high: x.high };
  return r as LevelRule;
}
