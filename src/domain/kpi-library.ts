/**
 * The standard KPI library for discrete manufacturers: metrics for 研发, 生产, 质量, 仓储 and a few
 * 通用 ones, each with its formula, where its numbers come from and a suggested target. HR picks
 * from it (or from a role template) instead of writing formulas; the source notes are what the
 * bot shows employees who ask "how is this computed?".
 */
import { PRODUCTION_METRICS } from './kpi-library-production';
import { GENERAL_METRICS, QUALITY_METRICS } from './kpi-library-quality';
import { RD_METRICS, WAREHOUSE_METRICS } from './kpi-library-rd-warehouse';

export type KpiDepartment = '研发' | '生产' | '质量' | '仓储' | '通用';
export type InputAggregate = 'sum' | 'avg' | 'last' | 'max' | 'min';

export interface MetricInputSpec {
  /** The name the formula uses, e.g. 'good'. */
  name: string;
  /** Chinese, e.g. '合格品数量'. */
  label: string;
  unit: string;
  /** How the period's records of this input combine into one number. */
  aggregate: InputAggregate;
}

export interface MetricDefinitionSpec {
  /** snake_case and unique, e.g. 'yield_rate'. */
  code: string;
  name: string;
  department: KpiDepartment;
  unit: string;
  direction: 'higher_better' | 'lower_better';
  /** Parsed by parseFormula; every input it names is declared in `inputs`. */
  formula: string;
  inputs: MetricInputSpec[];
  sourceSystem: 'MES' | 'ERP' | 'WMS' | 'QMS' | 'PLM' | '手工' | (string & {});
  sourceNote: string;
  /**
   * In the metric's unit. A 'count' target is for one month of SUGGESTED_TARGET_WORKING_DAYS
   * working days (see suggestedTargetFor); a 'level' target (a rate, a limit) holds for any period.
   */
  suggestedTarget: number;
  /**
   * 'count': a volume of work that grows with working days, so approved exceptions prorate it.
   * 'level': rates and limits, never prorated. Lower-is-better counts (complaints, accidents)
   * are limits and so 'level'.
   */
  targetKind: 'level' | 'count';
  description: string;
}

/** The working days a 'count' metric's suggested target is written for (a typical month). */
export const SUGGESTED_TARGET_WORKING_DAYS = 22;

export const KPI_LIBRARY: readonly MetricDefinitionSpec[] = Object.freeze([
  ...PRODUCTION_METRICS,
  ...QUALITY_METRICS,
  ...RD_METRICS,
  ...WAREHOUSE_METRICS,
  ...GENERAL_METRICS,
]);

const BY_CODE = new Map(KPI_LIBRARY.map((m) => [m.code, m]));

export function findMetric(code: string): MetricDefinitionSpec | undefined {
  return BY_CODE.get(code);
}

/** The metrics of a department (通用 ones are listed only under 通用). */
export function metricsOfDepartment(department: KpiDepartment): MetricDefinitionSpec[] {
  return KPI_LIBRARY.filter((m) => m.department === department);
}

/**
 * The suggested target for a period with `workingDays` working days: a 'count' target scales
 * with the working days (rounded to one decimal), a 'level' target is returned as is.
 */
export function suggestedTargetFor(spec: MetricDefinitionSpec, workingDays: number): number {
  if (spec.targetKind === 'level') return spec.suggestedTarget;
  const scaled = (spec.suggestedTarget * Math.max(0, workingDays)) / SUGGESTED_TARGET_WORKING_DAYS;
  return Math.round(scaled * 10) / 10;
}
