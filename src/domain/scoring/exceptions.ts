import { overlapWorkingDays, workingDaysIn, type Period } from '../periods';
import type { WorkCalendar } from '../work-calendar';
import type { AppliedException, ExceptionInput, LineInput, MetricLineInput, MetricRecord } from './types';

/** Where a metric line sits: the period, its time zone and the employee's approved exceptions. */
export interface LineContext {
  period: Period;
  timeZone: string;
  exceptions?: ExceptionInput[];
  /** Working days for proration (holidays, 调休, company overrides); Monday–Friday when absent. */
  calendar?: WorkCalendar;
}

/** A record is inside an exception window when start ≤ occurredAt < end. */
export function isInWindow(at: Date, window: { start: Date; end: Date }): boolean {
  const t = at.getTime();
  return t >= window.start.getTime() && t < window.end.getTime();
}

/** The approved exceptions that name this metric code. */
export function exceptionsFor(code: string, exceptions: ExceptionInput[] | undefined): ExceptionInput[] {
  return (exceptions ?? []).filter((e) => e.metricCodes.includes(code));
}

/** Splits records into those kept and those inside any of the windows. */
export function excludeRecords(
  records: MetricRecord[],
  windows: Array<{ start: Date; end: Date }>,
): { kept: MetricRecord[]; excluded: MetricRecord[] } {
  const kept: MetricRecord[] = [];
  const excluded: MetricRecord[] = [];
  for (const r of records) (windows.some((w) => isInWindow(r.occurredAt, w)) ? excluded : kept).push(r);
  return { kept, excluded };
}

/**
 * Working days of the period covered by the windows, each day counted once: overlapping or
 * touching windows are merged before counting.
 */
export function coveredWorkingDays(
  period: Period,
  windows: Array<{ start: Date; end: Date }>,
  timeZone: string,
  calendar?: WorkCalendar,
): number {
  const sorted = windows
    .filter((w) => w.end.getTime() > w.start.getTime())
    .map((w) => ({ start: w.start, end: w.end }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: Array<{ start: Date; end: Date }> = [];
  for (const w of sorted) {
    const last = merged[merged.length - 1];
    if (last && w.start.getTime() <= last.end.getTime()) {
      if (w.end.getTime() > last.end.getTime()) last.end = w.end;
    } else {
      merged.push(w);
    }
  }
  return merged.reduce((acc, w) => acc + overlapWorkingDays(period, w, timeZone, calendar), 0);
}

/** A count target prorated to the working days left: T × (workingDays − covered) / workingDays. */
export function prorateTarget(target: number, workingDays: number, covered: number): number {
  if (workingDays <= 0) return target;
  const left = Math.max(0, workingDays - Math.min(covered, workingDays));
  return (target * left) / workingDays;
}

/** The target a count line is scored against after its exceptions (level targets never change). */
export function effectiveTarget(
  line: MetricLineInput,
  windows: ExceptionInput[],
  ctx: LineContext,
): { target: number; covered: number } {
  if (line.targetKind !== 'count' || windows.length === 0) return { target: line.target, covered: 0 };
  const covered = coveredWorkingDays(ctx.period, windows, ctx.timeZone, ctx.calendar);
  const workingDays = workingDaysIn(ctx.period.start, ctx.period.end, ctx.timeZone, ctx.calendar);
  return { target: prorateTarget(line.target, workingDays, covered), covered };
}

function overlapsPeriod(e: ExceptionInput, period: Period): boolean {
  return e.start.getTime() < period.end.getTime() && e.end.getTime() > period.start.getTime();
}

/**
 * The exceptions that touched this scorecard: those naming one of its metric lines and either
 * overlapping the period or excluding a record. A record inside two windows counts for both.
 */
export function listAppliedExceptions(lines: LineInput[], ctx: LineContext): AppliedException[] {
  const metrics = lines.filter((l): l is MetricLineInput => l.kind === 'metric');
  const applied: AppliedException[] = [];
  for (const e of ctx.exceptions ?? []) {
    const touched = metrics.filter((m) => e.metricCodes.includes(m.code));
    if (touched.length === 0) continue;
    const recordsExcluded = touched.reduce(
      (acc, m) => acc + m.records.filter((r) => isInWindow(r.occurredAt, e)).length,
      0,
    );
    if (!overlapsPeriod(e, ctx.period) && recordsExcluded === 0) continue;
    const targets = touched
      .filter((m) => m.targetKind === 'count')
      .map((m) => {
        const after = effectiveTarget(m, exceptionsFor(m.code, ctx.exceptions), ctx).target;
        return { code: m.code, before: m.target, after };
      });
    applied.push({
      id: e.id,
      kind: e.kind,
      start: e.start,
      end: e.end,
      ...(e.note !== undefined ? { note: e.note } : {}),
      metricCodes: touched.map((m) => m.code),
      coveredWorkingDays: coveredWorkingDays(ctx.period, [e], ctx.timeZone, ctx.calendar),
      recordsExcluded,
      targets,
    });
  }
  return applied;
}
