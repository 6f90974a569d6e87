/**
 * A metric's value per period from its source records, the same way a scorecard line computes it
 * (the declared inputs aggregated, then the published formula), without exceptions or targets.
 */
import { parseFormula, tryEvaluate, type Formula } from '../domain/formula';
import { aggregateInputs } from '../domain/scoring/aggregate';
import type { MetricInputSpec } from '../domain/kpi-library';

export interface ValueRecord {
  input: string;
  value: number;
  occurredAt: Date;
}

export interface MetricFormula {
  formula: string;
  inputs: MetricInputSpec[];
}

const parsed = new Map<string, Formula | null>();
function formulaOf(source: string): Formula | null {
  if (!parsed.has(source)) {
    try {
      parsed.set(source, parseFormula(source));
    } catch {
      parsed.set(source, null);
    }
  }
  return parsed.get(source)!;
}

/** The metric's value over these records; null when no record feeds it or the formula cannot be evaluated. */
export function metricValue(metric: MetricFormula, records: readonly ValueRecord[]): number | null {
  const { inputs, recordsUsed } = aggregateInputs(metric.inputs, records as never);
  if (recordsUsed === 0) return null;
  return formulaValue(metric.formula, inputs);
}

/** The published formula over aggregated inputs; null when it cannot be evaluated. */
export function formulaValue(source: string, inputs: Record<string, number>): number | null {
  const f = formulaOf(source);
  if (!f) return null;
  const r = tryEvaluate(f, inputs);
  return r.ok && Number.isFinite(r.value) ? r.value : null;
}

/** Index of the period holding `at` among sorted, contiguous [start, end) periods; -1 outside. */
export function periodIndex(starts: readonly number[], endOfLast: number, at: number): number {
  if (starts.length === 0 || at < starts[0] || at >= endOfLast) return -1;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Records bucketed into the periods, then the metric's value per period. */
export function valuesByPeriod(metric: MetricFormula, records: readonly ValueRecord[], periods: ReadonlyArray<{ start: Date; end: Date }>): Array<number | null> {
  const starts = periods.map((p) => p.start.getTime());
  const endOfLast = periods.length ? periods[periods.length - 1].end.getTime() : 0;
  const buckets: ValueRecord[][] = periods.map(() => []);
  for (const r of records) {
    const i = periodIndex(starts, endOfLast, r.occurredAt.getTime());
    if (i >= 0) buckets[i].push(r);
  }
  return buckets.map((b) => metricValue(metric, b));
}

/** A month's line missed its target: under it when higher is better, over it when lower is better. */
export function missedTarget(direction: 'higher_better' | 'lower_better', value: number, target: number): boolean {
  return direction === 'higher_better' ? value < target : value > target;
}
