/**
 * Civil-calendar and time-zone arithmetic for periods.ts, with no date library: a local date is a
 * day number (days since 1970-01-01 on the proleptic Gregorian calendar) and Intl.DateTimeFormat
 * tells the wall clock of an instant in a zone. Correct in zones with DST, not only Asia/Shanghai.
 */
import { ValidationError } from '../wecom/errors';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export function dayNumber(year: number, month: number, day: number): number {
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are.
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / DAY_MS);
}

export function civilDate(day: number): CivilDate {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 1 = Monday … 7 = Sunday; 1970-01-01 (day 0) was a Thursday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

// Building a DateTimeFormat is slow; the cache holds no state anyone can observe.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new ValidationError('timeZone', `无效的时区“${timeZone}”，应为 IANA 时区名，例如 Asia/Shanghai`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock parts of an instant in the zone. */
export function wallClock(ms: number, timeZone: string): CivilDate & { hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  const local = dayNumber(w.year, w.month, w.day) * DAY_MS + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return local - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the zone's clocks show `minutes` after the start of local `day`. Ambiguous
 * times (clocks set back) take the earlier instant; times skipped by clocks set forward move
 * forward by the gap, as Temporal's 'compatible' disambiguation does.
 */
export function localToUtc(day: number, minutes: number, timeZone: string): number {
  const local = day * DAY_MS + minutes * MINUTE_MS;
  const before = offsetAt(local - DAY_MS, timeZone);
  const after = offsetAt(local + DAY_MS, timeZone);
  const valid = [local - before, local - after].filter((t) => offsetAt(t, timeZone) === local - t);
  return valid.length > 0 ? Math.min(...valid) : local - before;
}

/** The UTC instant (ms) at which local `day` begins: its midnight, or the first moment after a gap. */
export function startOfDay(day: number, timeZone: string): number {
  return localToUtc(day, 0, timeZone);
}

/** The local day an instant falls on. */
export function localDay(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return dayNumber(w.year, w.month, w.day);
}

/** The first local day whose start is at or after the instant. */
export function firstDayStartingFrom(ms: number, timeZone: string): number {
  const day = localDay(ms, timeZone);
  return startOfDay(day, timeZone) < ms ? day + 1 : day;
}

/** Monday–Friday days in [from, to). */
export function weekdaysBetween(from: number, to: number): number {
  if (to <= from) return 0;
  const weeks = Math.floor((to - from) / 7);
  let count = weeks * 5;
  for (let d = from + weeks * 7; d < to; d++) if (isoWeekday(d) <= 5) count += 1;
  return count;
}
