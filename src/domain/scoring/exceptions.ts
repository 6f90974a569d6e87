import { overlapWorkingDays, workingDaysIn, type Period } from '../periods';
import type { WorkCalendar } from '../work-calendar';
import { formatScore } from './format';
import type { AppliedException, ExceptionInput, LineInput, MetricLineInput, MetricRecord, ScoredLine } from './types';

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

const NOT_ON_CARD = '申报涉及的指标不在本期考核中，不影响本期得分';
const NOTHING_TO_DO = '本期没有落在申报时段内的记录，也没有需要折算的计数目标，得分不受影响';
const SAME_SCORE = '已按申报剔除和折算，但剔除前后得分相同，得分不变';
const NO_DATA_EITHER_WAY = '涉及的指标本期无数据，有无申报都不计分，得分不受影响';

function differs(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a !== b;
  return Math.abs(a - b) > 1e-9;
}

function scoreText(score: number | null): string {
  return score === null ? '不考核' : formatScore(score);
}

/**
 * Every approved exception that touched this scorecard: naming one of its metrics (or none: then
 * it is listed as not affecting the period) and overlapping the period or excluding a record. Each
 * says whether it changed the score: `used` when a line counted with it and scored differently
 * without it; `not_needed` when the plain data scored better, so the plain data counts (异常申报只保护、
 * 不惩罚); `no_effect` when there was nothing to leave out or prorate, or the score is the same either
 * way. A record inside two windows counts for both. `metricCodes`, `recordsExcluded` and `targets`
 * cover the lines shown with it applied (records struck out, target prorated).
 */
export function listAppliedExceptions(lines: LineInput[], scored: ScoredLine[], ctx: LineContext): AppliedException[] {
  const metrics = lines.filter((l): l is MetricLineInput => l.kind === 'metric');
  const byCode = new Map(scored.filter((l) => l.kind === 'metric').map((l) => [l.code!, l]));
  const listed: AppliedException[] = [];
  for (const e of ctx.exceptions ?? []) {
    const named = metrics.filter((m) => e.metricCodes.includes(m.code));
    const inWindow = (m: MetricLineInput) => m.records.filter((r) => isInWindow(r.occurredAt, e)).length;
    if (!overlapsPeriod(e, ctx.period) && named.every((m) => inWindow(m) === 0)) continue;
    const covered = coveredWorkingDays(ctx.period, [e], ctx.timeZone, ctx.calendar);
    const touched = named.filter((m) => inWindow(m) > 0 || (m.targetKind === 'count' && covered > 0));
    const report = touched.map((m) => {
      const line = byCode.get(m.code);
      const scores = line?.exceptionScores ?? { with: line?.score ?? null, without: line?.score ?? null };
      // Applied: the line shown is the one with the exception (records struck out, target prorated).
      const applied = !line?.exceptionNote && !(scores.with === null && scores.without === null);
      return { code: m.code, name: m.name, withException: scores.with, withoutException: scores.without, applied, used: applied && differs(scores.with, scores.without) };
    });
    const appliedOn = touched.filter((m) => report.some((r) => r.code === m.code && r.applied));
    const effect: AppliedException['effect'] = report.some((r) => r.used)
      ? 'used'
      : report.some((r) => !r.applied && differs(r.withException, r.withoutException))
        ? 'not_needed'
        : 'no_effect';
    let why: string | undefined;
    if (effect === 'not_needed') {
      const detail = report.map((r) => `${r.name} 剔除后${scoreText(r.withException)}、原数据${scoreText(r.withoutException)}`).join('；');
      why = `按原数据得分不低于剔除后（${detail}），按原数据计分，得分不变`;
    } else if (effect === 'no_effect') {
      if (named.length === 0) why = NOT_ON_CARD;
      else if (touched.length === 0) why = NOTHING_TO_DO;
      else if (report.every((r) => r.withException === null && r.withoutException === null)) why = NO_DATA_EITHER_WAY;
      else why = `${SAME_SCORE}（${report.map((r) => `${r.name} ${scoreText(r.withException)}`).join('；')}）`;
    }
    listed.push({
      id: e.id,
      kind: e.kind,
      start: e.start,
      end: e.end,
      ...(e.note !== undefined ? { note: e.note } : {}),
      metricCodes: appliedOn.map((m) => m.code),
      coveredWorkingDays: covered,
      recordsExcluded: appliedOn.reduce((acc, m) => acc + inWindow(m), 0),
      targets: appliedOn
        .filter((m) => m.targetKind === 'count')
        .map((m) => ({ code: m.code, before: m.target, after: effectiveTarget(m, exceptionsFor(m.code, ctx.exceptions), ctx).target })),
      effect,
      ...(why ? { why } : {}),
      lines: report.map(({ applied: _applied, ...r }) => r),
    });
  }
  return listed;
}
