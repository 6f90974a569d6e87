/**
 * Dates and time windows as people write them in chat, read from the start of a text:
 *   2026-11-28 08:00-10:00 · 11-28 08:00-10:00 · 11月28日 8点到10点 · 11月28日下午2点到4点半 ·
 *   昨天下午 · 今天上午 · 前天 · 11月28日 · 2026-11-20 08:00 至 2026-11-21 12:00 · 11月20日至11月21日
 * A date alone is the whole day; 上午/下午/晚上 alone are 08:00–12:00, 12:00–18:00, 18:00–24:00.
 * A date without a year is the latest one not after today. Returns null when the text does not
 * start with a date; throws UserError (with an example) for a window that is started but broken.
 */
import { parseLocal } from '../domain/periods';
import { UserError } from '../wecom/errors';
import { civilDate, dayNumber, localToday, normalizeText, readNumber } from './text';

export const WINDOW_EXAMPLES = '11月28日 8点到10点、昨天下午、11-28 08:00-10:00、2026-11-28 08:00 至 2026-11-29 12:00、11月28日（全天）';

export interface TimeWindow {
  start: Date;
  end: Date;
  /** The text after the window. */
  rest: string;
}

interface Cursor {
  s: string;
  i: number;
}

const NUM = '[0-9零〇一二两三四五六七八九十]{1,3}';
const PARTS: Record<string, [number, number]> = {
  凌晨: [0, 6 * 60], 早上: [6 * 60, 9 * 60], 上午: [8 * 60, 12 * 60], 中午: [12 * 60, 13 * 60], 下午: [12 * 60, 18 * 60],
  傍晚: [17 * 60, 19 * 60], 晚上: [18 * 60, 24 * 60], 夜里: [20 * 60, 24 * 60], 白天: [8 * 60, 18 * 60], 全天: [0, 24 * 60],
};
const PART_RE = new RegExp(`^(${Object.keys(PARTS).join('|')})`);
const SEP_RE = /^\s*(?:至|到|~|～|—|–|-)\s*/;

function eat(c: Cursor, re: RegExp): RegExpExecArray | null {
  const m = re.exec(c.s.slice(c.i));
  if (m) c.i += m[0].length;
  return m;
}

function skipSpace(c: Cursor): void {
  eat(c, /^\s+/);
}

function badDate(text: string): UserError {
  return new UserError(`无法识别的日期“${text}”。时间段可以这样写：${WINDOW_EXAMPLES}。`);
}

/** A calendar date at the cursor as a day number, or null (the cursor does not move then). */
function readDate(c: Cursor, now: Date, tz: string): number | null {
  const today = localToday(now, tz);
  const rel = eat(c, /^(今天|今日|昨天|昨日|前天)/);
  if (rel) return today.dayNo - ({ 今天: 0, 今日: 0, 昨天: 1, 昨日: 1, 前天: 2 } as Record<string, number>)[rel[1]];
  const start = c.i;
  let m = eat(c, /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?/);
  let year: number | null = null;
  let month: number | null = null;
  let day: number | null = null;
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = eat(c, new RegExp(`^(${NUM})月(${NUM})[日号]`)))) [month, day] = [readNumber(m[1]), readNumber(m[2])];
  // 11-28 / 11/28 only when not followed by more digits (a time range like 8-10 is not a date)
  else if ((m = eat(c, /^(\d{1,2})[-/](\d{1,2})(?![\d:])/))) [month, day] = [Number(m[1]), Number(m[2])];
  else return null;
  const raw = c.s.slice(start, c.i);
  if (month === null || day === null || month < 1 || month > 12 || day < 1 || day > 31) throw badDate(raw);
  const y = year ?? today.year;
  let dayNo = dayNumber(y, month, day);
  if (civilDate(dayNo).month !== month) throw badDate(raw);
  if (year === null && dayNo > today.dayNo) dayNo = dayNumber(y - 1, month, day);
  return dayNo;
}

/** A clock time at the cursor (8点, 8点半, 8点30分, 08:30, 下午2点) in minutes after midnight, or null. */
function readTime(c: Cursor, inherited: string | null): { minutes: number; part: string | null } | null {
  const start = c.i;
  const part = eat(c, PART_RE)?.[1] ?? inherited;
  skipSpace(c);
  let h: number | null = null;
  let min = 0;
  let m = eat(c, /^(\d{1,2}):(\d{2})/);
  if (m) [h, min] = [Number(m[1]), Number(m[2])];
  else if ((m = eat(c, new RegExp(`^(${NUM})[点時时](?:(半)|(${NUM})分?|整)?`)))) {
    h = readNumber(m[1]);
    min = m[2] ? 30 : m[3] ? (readNumber(m[3]) ?? 99) : 0;
  }
  if (h === null) {
    c.i = start;
    return null;
  }
  if (part && ['下午', '傍晚', '晚上', '夜里'].includes(part) && h < 12) h += 12;
  if (h > 24 || min > 59 || (h === 24 && min > 0)) throw new UserError(`无法识别的时间“${c.s.slice(start, c.i)}”。时间段可以这样写：${WINDOW_EXAMPLES}。`);
  return { minutes: h * 60 + min, part };
}

/** Only a day-part word standing alone (昨天下午), not one that starts a clock time (下午2点). */
function readPartAlone(c: Cursor): string | null {
  return eat(c, new RegExp(`${PART_RE.source}(?!\\s*(?:${NUM})[点時时:])`))?.[1] ?? null;
}

/** The end of a same-day range: 晚上10点到凌晨2点 and 22:00-02:00 run past midnight. */
function endMinutes(from: number, to: { minutes: number; part: string | null }): number {
  if (to.minutes > from) return to.minutes;
  if (to.part === '凌晨' || (from >= 18 * 60 && to.minutes < 8 * 60)) return to.minutes + 1440;
  return to.minutes;
}

function instant(dayNo: number, minutes: number, tz: string): Date {
  const d = civilDate(dayNo + Math.floor(minutes / 1440));
  const mm = minutes % 1440;
  const p = (n: number) => String(n).padStart(2, '0');
  return parseLocal(`${d.year}-${p(d.month)}-${p(d.day)} ${p(Math.floor(mm / 60))}:${p(mm % 60)}`, tz);
}

/** Reads a time window from the start of `text`; null when the text does not start with a date. */
export function parseTimeWindow(input: string, now: Date, tz: string): TimeWindow | null {
  // the cursor reads the normalised text; the rest is cut from the original (same length) as typed
  const original = input.trim();
  const c: Cursor = { s: normalizeText(original), i: 0 };
  const day1 = readDate(c, now, tz);
  if (day1 === null) return null;
  skipSpace(c);
  const part1 = readPartAlone(c);
  skipSpace(c);
  const t1 = readTime(c, null);
  const done = (start: Date, end: Date): TimeWindow => {
    if (end.getTime() <= start.getTime()) throw new UserError(`结束时间必须晚于开始时间。时间段可以这样写：${WINDOW_EXAMPLES}。`);
    return { start, end, rest: original.slice(c.i).trim() };
  };
  const afterFirst = c.i;
  if (eat(c, SEP_RE)) {
    const day2 = readDate(c, now, tz);
    skipSpace(c);
    const part2 = readPartAlone(c);
    skipSpace(c);
    // 下午2点到4点 is 14:00–16:00: the end keeps the start's 下午 unless it names its own
    const t2 = readTime(c, day2 === null ? (t1?.part ?? null) : null);
    if (t1 && t2) return done(instant(day1, t1.minutes, tz), day2 === null ? instant(day1, endMinutes(t1.minutes, t2), tz) : instant(day2, t2.minutes, tz));
    if (!t1 && !t2 && day2 !== null && part1 === null && part2 === null) return done(instant(day1, 0, tz), instant(day2 + 1, 0, tz));
    if (t1 && !t2) throw new UserError('时间段需要开始和结束时间，例如：11月28日 8点到10点。');
    c.i = afterFirst;
  }
  if (t1) throw new UserError('时间段需要开始和结束时间，例如：11月28日 8点到10点，或 11-28 08:00-10:00。');
  const [from, to] = part1 ? PARTS[part1] : PARTS['全天'];
  return done(instant(day1, from, tz), instant(day1, to, tz));
}
