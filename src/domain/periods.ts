/**
 * Scoring periods (ISO weeks, months, quarters) in a configured IANA time zone, default
 * Asia/Shanghai. A period runs from local 00:00 of its first day (inclusive) to local 00:00 of
 * the day after its last (exclusive), as UTC instants. Working days come from a WorkCalendar
 * (work-calendar.ts: China's holidays and 调休, company overrides, shift patterns); without one
 * they are Monday–Friday.
 */
import { ValidationError } from '../wecom/errors';
import {
  civilDate, dayNumber, daysInMonth, firstDayStartingFrom, isoWeekday, localDay, localToUtc,
  startOfDay, wallClock, weekdaysBetween,
} from './periods-calendar';
import type { WorkCalendar } from './work-calendar';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export type PeriodKind = 'week' | 'month' | 'quarter';

export interface Period {
  kind: PeriodKind;
  /** '2026-W48' | '2026-11' | '2026-Q4' */
  key: string;
  /** Inclusive: the UTC instant of local 00:00 on the first day. */
  start: Date;
  /** Exclusive: the UTC instant of local 00:00 on the day after the last. */
  end: Date;
  /** '2026年第48周（11月23日–11月29日）' | '2026年11月' | '2026年第4季度' */
  label: string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The Monday of ISO week 1: the week that holds January 4th. */
function week1Monday(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

/** ISO years have 53 weeks when December 28th falls in week 53. */
function weeksInYear(year: number): number {
  return Math.floor((dayNumber(year, 12, 28) - week1Monday(year)) / 7) + 1;
}

function isoWeekOf(day: number): { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const year = civilDate(thursday).year;
  return { year, week: (thursday - week1Monday(year) - 3) / 7 + 1 };
}

function build(kind: PeriodKind, key: string, first: number, next: number, label: string, timeZone: string): Period {
  return { kind, key, start: new Date(startOfDay(first, timeZone)), end: new Date(startOfDay(next, timeZone)), label };
}

/** The period of `kind` that holds local day `day`. */
function periodForDay(kind: PeriodKind, day: number, timeZone: string): Period {
  const { year, month } = civilDate(day);
  if (kind === 'week') {
    const w = isoWeekOf(day);
    const monday = day - isoWeekday(day) + 1;
    const a = civilDate(monday);
    const b = civilDate(monday + 6);
    const label = `${w.year}年第${w.week}周（${a.month}月${a.day}日–${b.month}月${b.day}日）`;
    return build(kind, `${w.year}-W${pad(w.week)}`, monday, monday + 7, label, timeZone);
  }
  if (kind === 'month') {
    return build(kind, `${year}-${pad(month)}`, dayNumber(year, month, 1), dayNumber(year, month + 1, 1), `${year}年${month}月`, timeZone);
  }
  const q = Math.ceil(month / 3);
  const first = dayNumber(year, q * 3 - 2, 1);
  return build(kind, `${year}-Q${q}`, first, dayNumber(year, q * 3 + 1, 1), `${year}年第${q}季度`, timeZone);
}

function invalidKey(key: string, why: string): ValidationError {
  return new ValidationError('period', `周期“${key}”无效：${why}`);
}

/** A key's kind and first local day; throws ValidationError on anything else. */
function parseKey(key: string): { kind: PeriodKind; day: number } {
  const text = String(key).trim().toUpperCase();
  let m = /^([1-9]\d{3})-W(\d{1,2})$/.exec(text);
  if (m) {
    const [year, week] = [Number(m[1]), Number(m[2])];
    const max = weeksInYear(year);
    if (week < 1 || week > max) throw invalidKey(key, `${year} 年共有 ${max} 周，周数应在 1–${max} 之间`);
    return { kind: 'week', day: week1Monday(year) + (week - 1) * 7 };
  }
  m = /^([1-9]\d{3})-(\d{1,2})$/.exec(text);
  if (m) {
    const [year, month] = [Number(m[1]), Number(m[2])];
    if (month < 1 || month > 12) throw invalidKey(key, '月份应在 1–12 之间');
    return { kind: 'month', day: dayNumber(year, month, 1) };
  }
  m = /^([1-9]\d{3})-Q(\d)$/.exec(text);
  if (m) {
    const [year, quarter] = [Number(m[1]), Number(m[2])];
    if (quarter < 1 || quarter > 4) throw invalidKey(key, '季度应在 1–4 之间');
    return { kind: 'quarter', day: dayNumber(year, quarter * 3 - 2, 1) };
  }
  throw invalidKey(key, '应为 2026-W48（周）、2026-11（月）或 2026-Q4（季度）这样的格式');
}

function instantMs(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(ms)) throw new ValidationError('instant', '无效的时间');
  return ms;
}

/** '2026-W48' | '2026-11' | '2026-Q4' (also lower case, or '2026-W1'); throws ValidationError. */
export function parsePeriod(key: string, timeZone: string): Period {
  const { kind, day } = parseKey(key);
  return periodForDay(kind, day, timeZone);
}

/** The period holding the instant's local date; weeks are ISO-8601 (Monday start, week 1 holds Jan 4th). */
export function periodOf(kind: PeriodKind, instant: Date, timeZone: string): Period {
  return periodForDay(kind, localDay(instantMs(instant), timeZone), timeZone);
}

export function previousPeriod(p: Period, timeZone: string): Period {
  return periodForDay(p.kind, parseKey(p.key).day - 1, timeZone);
}

/** The n ISO weeks ending with the one holding the instant, oldest first. */
export function recentWeeks(instant: Date, n: number, timeZone: string): Period[] {
  if (!Number.isInteger(n) || n < 0) throw new ValidationError('n', `周数应为非负整数，收到 ${n}`);
  const weeks: Period[] = [];
  let week = periodOf('week', instant, timeZone);
  for (let i = 0; i < n; i++) {
    weeks.unshift(week);
    if (i < n - 1) week = previousPeriod(week, timeZone);
  }
  return weeks;
}

/** Working local days whose start (local 00:00) lies in [start, end): the calendar's, or Monday–Friday. */
export function workingDaysIn(start: Date, end: Date, timeZone: string, calendar?: WorkCalendar): number {
  const [from, to] = [instantMs(start), instantMs(end)];
  if (to <= from) return 0;
  const [first, next] = [firstDayStartingFrom(from, timeZone), firstDayStartingFrom(to, timeZone)];
  if (!calendar) return weekdaysBetween(first, next);
  let count = 0;
  for (let day = first; day < next; day++) if (calendar.isWorkday(day)) count += 1;
  return count;
}

/**
 * Working days (the calendar's, or Monday–Friday) of the period covered by the window, a partly covered day counting as the
 * covered fraction of its length (08:00–12:00 is 4/24; a DST day is 23 or 25 hours long, so a
 * fully covered day is always 1). Rounded to 1e-9 to drop floating-point dust.
 */
export function overlapWorkingDays(period: Period, window: { start: Date; end: Date }, timeZone: string, calendar?: WorkCalendar): number {
  const from = Math.max(instantMs(period.start), instantMs(window.start));
  const to = Math.min(instantMs(period.end), instantMs(window.end));
  if (to <= from) return 0;
  let total = 0;
  for (let day = localDay(from, timeZone); ; day++) {
    const dayStart = startOfDay(day, timeZone);
    if (dayStart >= to) break;
    if (calendar ? !calendar.isWorkday(day) : isoWeekday(day) > 5) continue;
    const dayEnd = startOfDay(day + 1, timeZone);
    const covered = Math.min(dayEnd, to) - Math.max(dayStart, from);
    if (covered > 0) total += covered / (dayEnd - dayStart);
  }
  return Math.round(total * 1e9) / 1e9;
}

/** 'YYYY-MM-DD HH:mm' on the zone's wall clock. */
export function formatLocal(instant: Date, timeZone: string): string {
  const w = wallClock(instantMs(instant), timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * 'YYYY-MM-DD' or 'YYYY-MM-DD HH:mm' (a 'T' may separate them) as local wall time → UTC instant.
 * A time skipped by a DST change moves forward by the gap; a repeated one takes the earlier instant.
 */
export function parseLocal(text: string, timeZone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/.exec(String(text).trim());
  const bad = (): ValidationError =>
    new ValidationError('time', `无法识别的时间“${text}”，应为 YYYY-MM-DD 或 YYYY-MM-DD HH:mm，例如 2026-11-27 08:30`);
  if (!m) throw bad();
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i] ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59) throw bad();
  return new Date(localToUtc(dayNumber(year, month, day), hour * 60 + minute, timeZone));
}

