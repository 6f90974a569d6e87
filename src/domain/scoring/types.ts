import type { Period } from '../periods';
import type { WorkCalendar } from '../work-calendar';
import type { ScoringPolicy } from './policy';

/**
 * Shares of the three score components. Any non-negative numbers with a positive sum: they are
 * renormalised, so { automatic: 7, review: 2, collaboration: 1 } equals the default.
 */
export interface ScoringWeights {
  automatic: number;
  review: number;
  collaboration: number;
}

export type AggregateKind = 'sum' | 'avg' | 'last' | 'max' | 'min';

/** One ERP/MES data point feeding one formula input. */
export interface MetricRecord {
  id?: string | number;
  input: string;
  value: number;
  occurredAt: Date;
}

/** Optional reshaping of a metric line's score curve. */
export interface ScoreCurve {
  /** Highest score the line can reach; default 100 (above 100 rewards over-achievement). */
  cap?: number;
  /** lower_better: the score reaches 0 at zeroAt × limit; default 2, must be > 1. */
  zeroAt?: number;
}

export interface MetricLineInput {
  kind: 'metric';
  code: string;
  name: string;
  unit: string;
  direction: 'higher_better' | 'lower_better';
  formula: string;
  inputs: Array<{ name: string; aggregate: AggregateKind }>;
  sourceNote?: string;
  /** higher_better: the target T; lower_better: the limit L. */
  target: number;
  /** 'count' targets are prorated when an approved exception covers working days. */
  targetKind: 'level' | 'count';
  weight: number;
  floor?: boolean;
  curve?: ScoreCurve;
  /** The period's records for this line (the caller selects them by period). */
  records: MetricRecord[];
  /**
   * The same records already summarised per input (e.g. by the database). Used instead of
   * `records` when no exception touches the line, so a company's week need not be loaded row by
   * row; with an exception the line needs its `records`.
   */
  summaries?: Record<string, InputSummary>;
}

/** One input's records in the period, summarised. */
export interface InputSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** The value of the latest record (ties: the highest id); null when unknown. */
  last: number | null;
}

export interface KeyResultLineInput {
  kind: 'key_result';
  goalId: string | number;
  name: string;
  /** 0–100; clamped. */
  progress: number;
  weight: number;
}

export type LineInput = MetricLineInput | KeyResultLineInput;

/** An approved 异常申报 (equipment failure, material delay …) for one employee. */
export interface ExceptionInput {
  id: string | number;
  kind: '设备故障' | '物料延迟' | (string & {});
  metricCodes: string[];
  start: Date;
  end: Date;
  note?: string;
}

export interface ScorecardInput {
  userId: string;
  period: Period;
  timeZone: string;
  lines: LineInput[];
  /** The direct manager's monthly rating, 1–5 stars; null/undefined when not yet given. */
  reviewStars?: number | null;
  /** Cross-department ratings received, each 1–5 stars. */
  collaborationStars?: number[];
  weights?: ScoringWeights;
  exceptions?: ExceptionInput[];
  /** The employee's working calendar (holidays, 调休, company overrides); Monday–Friday when absent. */
  calendar?: WorkCalendar;
  /** Company-wide rules (minimum basis, key results in weeks, 行为分 weight); default DEFAULT_POLICY. */
  policy?: ScoringPolicy;
  /**
   * The weights of the 表扬/提醒 tags of the period's scoring month (a quarter: of the quarter), for
   * the 行为分. Undefined when not loaded: the card then has no behaviour part.
   */
  behaviourTags?: ReadonlyArray<{ weight: number }>;
}

export type LineStatus = 'scored' | 'no_data' | 'no_target';

export interface ScoredLine {
  kind: 'metric' | 'key_result';
  /** Metric lines. */
  code?: string;
  /** Key-result lines. */
  goalId?: string | number;
  name: string;
  unit?: string;
  formula?: string;
  direction?: 'higher_better' | 'lower_better';
  sourceNote?: string;
  /** The aggregated inputs the formula was evaluated over. */
  inputs?: Record<string, number>;
  /** Formula result (metric) or clamped progress (key result); null without data. */
  value: number | null;
  /** The target/limit used for scoring (after proration); key results: 100. */
  target: number | null;
  /** The configured target, present only when an exception prorated it. */
  targetBefore?: number;
  /** Full precision, 0…cap; null unless status is 'scored'. */
  score: number | null;
  /** The score rounded to one decimal ('96.4'), or '—'. */
  display: string;
  weight: number;
  status: LineStatus;
  /** Chinese, shown on the card when the line is not scored. */
  reason?: string;
  floor?: boolean;
  floorBreached?: boolean;
  recordsUsed: number;
  recordsExcluded: number;
  /** Set when an approved exception touched this line but scoring without it was better. */
  exceptionNote?: string;
  /** With the exception applied this line would not be assessed; why (Chinese). */
  unassessedWithException?: string;
  /** Set when an approved exception touched the line: its score with and without the exceptions. */
  exceptionScores?: { with: number | null; without: number | null };
  /**
   * false: shown (e.g. a monthly key result's progress on a weekly card) but not weighed in the
   * automatic score; `note` says why. Absent: weighed as usual.
   */
  weighted?: false;
  note?: string;
}

export interface Component {
  /** 自动数据 / 主管评价 / 跨部门协作 */
  label: string;
  score: number | null;
  display: string;
  /** As configured (before renormalisation). */
  weight: number;
  /** The configured share of the total (0–1): weight / Σ weights × (1 − 行为分 weight). */
  configuredShare: number;
  /**
   * The actual share of the total after renormalisation over the present components (0–1); 0 when
   * missing or when there is no total.
   */
  effectiveWeight: number;
  missing: boolean;
}

export interface AppliedException {
  id: string | number;
  kind: string;
  start: Date;
  end: Date;
  note?: string;
  /** The scorecard's metric codes this exception touched. */
  metricCodes: string[];
  /** Working days of the period inside the window. */
  coveredWorkingDays: number;
  /** Records of the affected metrics left out because they fall inside the window. */
  recordsExcluded: number;
  /** Count targets prorated; `after` already combines every exception on that metric. */
  targets: Array<{ code: string; before: number; after: number }>;
  /**
   * used: it changed at least one line's score; not_needed: the data scored at least as well
   * without it, so the plain data counts; no_effect: nothing of this period to leave out or prorate.
   */
  effect: 'used' | 'not_needed' | 'no_effect';
  /** Chinese: why it did not change the score (effect ≠ used). */
  why?: string;
  /** Each of the card's metrics it names: the line score with and without it, and which counted. */
  lines: Array<{ code: string; name: string; withException: number | null; withoutException: number | null; used: boolean }>;
}

/** Whether the parts present are enough for a total (docs/scoring.md §4a). */
export interface ScoreBasis {
  /** Share (0–1) of the configured component weights carried by the parts present. */
  presentShare: number;
  /** The policy's minimum share. */
  requiredShare: number;
  sufficient: boolean;
  /** Chinese, when not sufficient: what is missing and why there is no total. */
  reason?: string;
}

/** The 行为分 of the period's month: 60 + Σ tag weights, clamped to 0–100. */
export interface BehaviourPart {
  score: number;
  display: string;
  /** Σ tag weights ('+6'). */
  tagSum: number;
  tagCount: number;
  /** Share of the total (the policy's behaviourWeight; 0 when it does not count or there is no total). */
  weight: number;
  /** The configured share (policy.behaviourWeight), shown on cards even when 0. */
  configuredShare: number;
}

export interface Scorecard {
  userId: string;
  period: Period;
  lines: ScoredLine[];
  components: { automatic: Component; review: Component; collaboration: Component };
  total: number | null;
  totalDisplay: string;
  /** Chinese labels of the missing components, in component order. */
  missing: string[];
  /** Every approved exception that touched the period, whether or not it changed the score. */
  exceptionsApplied: AppliedException[];
  /** Whether there is a total and why not; total is null when not sufficient. */
  basis: ScoreBasis;
  /** The 行为分; null when the tags were not loaded. */
  behaviour: BehaviourPart | null;
  /** The month whose review, ratings, key results and 行为分 this period uses (weeks: its Thursday's). */
  scoringMonth: { key: string; label: string } | null;
  /**
   * The three parts' actual shares of the total (sum 1 − 行为分 weight when there is a total, all 0
   * without one).
   */
  weightsUsed: ScoringWeights;
}

export type PeerGroup = '同部门同岗位' | '全部门';

export interface PeerEntry {
  userId: string;
  departmentId: number | null;
  position: string;
  total: number | null;
}

export interface PeerRank {
  rank: number;
  of: number;
  percentile: number;
  group: PeerGroup;
}
