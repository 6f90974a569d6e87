/**
 * Periods as people write them in chat: 本周 上周 本月 上月 11月 十一月 2026年11月 2026-11 第48周
 * 2026-W48 Q4 四季度 本季度 … A phrase without a year means the latest such period that has
 * started (in January, 12月 is last December). Text that looks like a period but cannot be one
 * (13月, 第60周) is refused with an example; anything else is not a period (null).
 */
import { parsePeriod, periodOf, previousPeriod, type Period } from '../domain/periods';
import { UserError, ValidationError } from '../wecom/errors';
import { localToday, normalizeText, readNumber } from './text';

export const PERIOD_EXAMPLES = '本周、上周、本月、上月、11月、2026年11月、第48周、Q4、本季度';

type Relative = (now: Date, tz: string) => Period;
const week: Relative = (now, tz) => periodOf('week', now, tz);
const month: Relative = (now, tz) => periodOf('month', now, tz);
const quarter: Relative = (now, tz) => periodOf('quarter', now, tz);
const before = (f: Relative, n = 1): Relative => (now, tz) => {
  let p = f(now, tz);
  for (let i = 0; i < n; i++) p = previousPeriod(p, tz);
  return p;
};

const RELATIVE: Record<string, Relative> = {
  本周: week, 这周: week, 这星期: week, 本星期: week, 这个星期: week,
  上周: before(week), 上星期: before(week), 上个星期: before(week), 上一周: before(week), 上上周: before(week, 2),
  本月: month, 这个月: month, 这月: month, 当月: month, 本月份: month,
  上月: before(month), 上个月: before(month), 上一个月: before(month), 上月份: before(month),
  本季度: quarter, 本季: quarter, 这个季度: quarter, 这季度: quarter, 当季: quarter,
  上季度: before(quarter), 上个季度: before(quarter), 上季: before(quarter),
};

const pad = (n: number) => String(n).padStart(2, '0');

function refuse(text: string, why: string): UserError {
  return new UserError(`“${text}”不是有效的周期：${why}。可以这样写：${PERIOD_EXAMPLES}。`);
}

function byKey(key: string, text: string, tz: string): Period {
  try {
    return parsePeriod(key, tz);
  } catch (err) {
    if (err instanceof ValidationError) throw refuse(text, err.message.replace(/^周期“[^”]*”无效：/, ''));
    throw err;
  }
}

/** A period without a year: this year's, or last year's when this year's has not started yet. */
function latestStarted(make: (year: number) => string, text: string, now: Date, tz: string): Period {
  const { year } = localToday(now, tz);
  const p = byKey(make(year), text, tz);
  return p.start.getTime() > now.getTime() ? byKey(make(year - 1), text, tz) : p;
}

function monthNo(text: string, raw: string): number {
  const n = readNumber(text);
  if (n === null || n < 1 || n > 12) throw refuse(raw, '月份应在 1–12 之间');
  return n;
}

function quarterNo(text: string, raw: string): number {
  const n = readNumber(text);
  if (n === null || n < 1 || n > 4) throw refuse(raw, '季度应在 1–4 之间');
  return n;
}

/**
 * The period a whole token names, or null when the token is not a period at all.
 * Throws UserError for a token that is clearly meant as a period but is invalid.
 */
export function parsePeriodPhrase(token: string, now: Date, tz: string): Period | null {
  const raw = token;
  const t = normalizeText(token).replace(/\s+/g, '').toUpperCase();
  if (!t) return null;
  const rel = RELATIVE[t];
  if (rel) return rel(now, tz);
  let m: RegExpExecArray | null;
  // 2026年11月, 2026年十一月(份)
  if ((m = /^(\d{4})年([0-9零〇一二两三四五六七八九十]{1,3})月份?$/.exec(t))) return byKey(`${m[1]}-${pad(monthNo(m[2], raw))}`, raw, tz);
  // 11月, 十一月(份)
  if ((m = /^([0-9零〇一二两三四五六七八九十]{1,3})月份?$/.exec(t))) {
    const n = monthNo(m[1], raw);
    return latestStarted((y) => `${y}-${pad(n)}`, raw, now, tz);
  }
  // 2026-11, 2026/11, 2026.11 (not a date: no day part)
  if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(t))) return byKey(`${m[1]}-${pad(monthNo(m[2], raw))}`, raw, tz);
  // 2026-W48, 2026W48, 2026年第48周
  if ((m = /^(\d{4})(?:-?W|年第)(\d{1,2})周?$/.exec(t))) return byKey(`${m[1]}-W${pad(Number(m[2]))}`, raw, tz);
  // 第48周, W48
  if ((m = /^(?:第([0-9零〇一二两三四五六七八九十]{1,4})周|W(\d{1,2}))$/.exec(t))) {
    const n = m[2] ? Number(m[2]) : readNumber(m[1]);
    if (n === null || n < 1 || n > 53) throw refuse(raw, '周数应在 1–53 之间');
    return latestStarted((y) => `${y}-W${pad(n)}`, raw, now, tz);
  }
  // 2026-Q4, 2026Q4, 2026年Q4, 2026年第四季度, 2026年四季度
  if ((m = /^(\d{4})(?:-|年)?(?:Q(\d)|第?([一二三四1-4])季度?)$/.exec(t))) return byKey(`${m[1]}-Q${quarterNo(m[2] ?? m[3], raw)}`, raw, tz);
  // Q4, 四季度, 第四季度, 4季度
  if ((m = /^(?:Q(\d)|第?([零〇一二两三四五六七八九十\d]{1,2})季度?)$/.exec(t)) && (m[1] || t.includes('季'))) {
    const n = quarterNo(m[1] ?? m[2], raw);
    return latestStarted((y) => `${y}-Q${n}`, raw, now, tz);
  }
  return null;
}

export interface PeriodSplit {
  period: Period | null;
  /** The tokens that are not the period, in order. */
  rest: string[];
}

/**
 * Finds the period among whitespace-separated tokens ('first': only the first token may be one,
 * as in `申诉 上周 理由`; 'any': any single token, as in `查询 赵磊 上周` or `查询 上周 赵磊`).
 */
export function takePeriod(tokens: string[], now: Date, tz: string, where: 'first' | 'any'): PeriodSplit {
  const candidates = where === 'first' ? tokens.slice(0, 1) : tokens;
  for (let i = 0; i < candidates.length; i++) {
    const period = parsePeriodPhrase(candidates[i], now, tz);
    if (period) return { period, rest: tokens.filter((_, j) => j !== i) };
  }
  // 赵磊本月 / 本月赵磊: a period glued to a name (only where any token may be the period)
  if (where === 'any') {
    for (let i = 0; i < tokens.length; i++) {
      const chars = [...tokens[i]];
      for (let k = 1; k < chars.length; k++) {
        for (const [period, other] of [[chars.slice(k).join(''), chars.slice(0, k).join('')], [chars.slice(0, k).join(''), chars.slice(k).join('')]]) {
          const found = quietly(() => parsePeriodPhrase(period, now, tz));
          if (found) return { period: found, rest: tokens.map((t, j) => (j === i ? other : t)) };
        }
      }
    }
  }
  return { period: null, rest: tokens };
}

function quietly<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** Refuses a period that has not started yet (a score cannot be queried or appealed ahead of time). */
export function assertStarted(period: Period, now: Date, what: string): void {
  if (period.start.getTime() > now.getTime()) throw new UserError(`${period.label}还没有开始，不能${what}。`);
}
