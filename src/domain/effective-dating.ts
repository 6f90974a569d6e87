/**
 * Effective dating of metric assignments (pure). An assignment is in force on [startsAt, endsAt);
 * a row for a period key (2026-11, 2026-Q4, 2026-W48) only in that period's days, where it
 * replaces the standing ('') row of the same metric. A scored period takes each row for the part
 * of the period it covers, and that part's share of the period's working days prorates the row's
 * count target and its weight (docs/scoring.md, 生效日期).
 */
import { formatLocal, overlapWorkingDays, parseLocal, parsePeriod, workingDaysIn, type Period } from './periods';
import type { WorkCalendar } from './work-calendar';

export interface Window {
  start: Date;
  end: Date;
}

export interface DatedAssignment {
  metricCode: string;
  periodKey: string;
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface AssignmentCoverage<T> {
  row: T;
  /** The parts of the period the row is in force in, in time order. */
  windows: Window[];
  /** Share of the period's working days those parts hold (1 = the whole period). */
  share: number;
}

const SHARE_CACHE_MAX = 10_000;
const plainShares = new Map<string, number>();
// A calendar object is built per load, so its shares are cached with it and go when it goes.
const calendarShares = new WeakMap<WorkCalendar, Map<string, number>>();

function sharesFor(calendar: WorkCalendar | undefined): Map<string, number> {
  if (!calendar) return plainShares;
  let m = calendarShares.get(calendar);
  if (!m) calendarShares.set(calendar, (m = new Map()));
  return m;
}

/** An assignment made without a start date counts from the start of the (local) day it was made. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  return parseLocal(formatLocal(instant, timeZone).slice(0, 10), timeZone);
}

/** The instant a period's organisation is read at (期末口径): its last millisecond. */
export function orgMomentOf(period: Period): Date {
  return new Date(period.end.getTime() - 1);
}

/**
 * The rows in force in `period` with the parts they cover; rows covering none are left out. Within
 * a metric the row of the shortest period key wins where keys overlap, then the standing rows.
 */
export function assignmentCoverage<T extends DatedAssignment>(
  rows: T[],
  period: Period,
  timeZone: string,
  calendar?: WorkCalendar,
): Array<AssignmentCoverage<T>> {
  const shareCache = sharesFor(calendar);
  const spanOf = (r: T): Window | null => {
    let w: Window | null = clip({ start: period.start, end: period.end }, { start: r.startsAt ?? period.start, end: r.endsAt ?? period.end });
    if (w && r.periodKey !== '') {
      const keyed = parsePeriod(r.periodKey, timeZone);
      w = clip(w, { start: keyed.start, end: keyed.end });
    }
    return w;
  };
  const lengthOf = (r: T): number => {
    if (r.periodKey === '') return Number.POSITIVE_INFINITY;
    const p = parsePeriod(r.periodKey, timeZone);
    return p.end.getTime() - p.start.getTime();
  };
  const out: Array<AssignmentCoverage<T>> = [];
  // Working days are costly to count (time-zone arithmetic per day): only for partly covered rows,
  // and once per distinct set of windows (a whole import shares its dates).
  const share = (windows: Window[]): number => {
    if (coversWhole(period, windows)) return 1;
    const key = `${timeZone} ${period.start.getTime()}-${period.end.getTime()} ${windows.map((w) => `${w.start.getTime()}-${w.end.getTime()}`).join(',')}`;
    let s = shareCache.get(key);
    if (s === undefined) {
      if (shareCache.size >= SHARE_CACHE_MAX) shareCache.clear();
      s = shareOf(period, windows, timeZone, calendar);
      shareCache.set(key, s);
    }
    return s;
  };
  const byMetric = new Map<string, T[]>();
  for (const r of rows) byMetric.set(r.metricCode, [...(byMetric.get(r.metricCode) ?? []), r]);
  for (const code of [...byMetric.keys()].sort()) {
    const only = byMetric.get(code)!;
    if (only.length === 1) {
      // The common case: one row for the metric, nothing to subtract.
      const span = spanOf(only[0]);
      if (span) out.push({ row: only[0], windows: [span], share: share([span]) });
      continue;
    }
    const ordered = [...byMetric.get(code)!].sort((a, b) => lengthOf(a) - lengthOf(b) || time(b.startsAt) - time(a.startsAt));
    let taken: Window[] = [];
    for (const row of ordered) {
      const span = spanOf(row);
      if (!span) continue;
      const windows = subtract([span], taken);
      taken = [...taken, ...windows];
      if (windows.length === 0) continue;
      out.push({ row, windows, share: share(windows) });
    }
  }
  return out;
}

/** Working days of `windows` over working days of the period; by time when the period has none. */
export function shareOf(period: Period, windows: Window[], timeZone: string, calendar?: WorkCalendar): number {
  const whole = workingDaysIn(period.start, period.end, timeZone, calendar);
  if (whole > 0) return Math.min(1, windows.reduce((s, w) => s + overlapWorkingDays(period, w, timeZone, calendar), 0) / whole);
  const length = period.end.getTime() - period.start.getTime();
  return windows.reduce((s, w) => s + (w.end.getTime() - w.start.getTime()), 0) / length;
}

export function coversWhole(period: Period, windows: Window[]): boolean {
  return windows.length === 1 && windows[0].start.getTime() <= period.start.getTime() && windows[0].end.getTime() >= period.end.getTime();
}

export function inWindows(at: Date, windows: Window[]): boolean {
  return windows.some((w) => at >= w.start && at < w.end);
}

function clip(a: Window, b: Window): Window | null {
  const start = a.start > b.start ? a.start : b.start;
  const end = a.end < b.end ? a.end : b.end;
  return start < end ? { start, end } : null;
}

/** `windows` minus `holes`, as ordered, non-empty windows. */
function subtract(windows: Window[], holes: Window[]): Window[] {
  let out = windows;
  for (const h of holes) {
    out = out.flatMap((w) => {
      if (h.end <= w.start || h.start >= w.end) return [w];
      const parts: Window[] = [];
      if (h.start > w.start) parts.push({ start: w.start, end: h.start });
      if (h.end < w.end) parts.push({ start: h.end, end: w.end });
      return parts;
    });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

function time(d: Date | null): number {
  return d?.getTime() ?? Number.NEGATIVE_INFINITY;
}
