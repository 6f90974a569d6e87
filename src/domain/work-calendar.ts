/**
 * The working calendar, pure: data in (China's official holidays and 调休 workdays, the company's
 * overrides), answers out (is this local day a working day, and why). Days are day numbers (days
 * since 1970-01-01, see periods-calendar.ts); nothing here reads a clock, a file or a database.
 *
 * A department's day is decided by the first of these that speaks:
 *   1. a company override for the day ('off': 停工/放假, 'work': 加班/补班) — the department's own
 *      first, then its parent's, up to the whole company's;
 *   2. the national calendar: a 法定节假日 is off, a 调休 workday is on (only for years it covers);
 *   3. the department's shift pattern (班制, e.g. Monday–Saturday), nearest department up the tree;
 *   4. Monday–Friday.
 */
import { civilDate, isoWeekday } from './periods-calendar';

export interface NationalCalendar {
  /** Official holidays, by day number → name (e.g. 国庆节). */
  holidays: ReadonlyMap<number, string>;
  /** Weekend days worked instead (调休上班), by day number → the holiday they pay for. */
  workdays: ReadonlyMap<number, string>;
  /** Years the data covers; any other year falls back to the shift pattern and is reported. */
  coveredYears: ReadonlySet<number>;
}

export type CalendarRuleKind = 'off' | 'work' | 'shift';

export interface CalendarRule {
  /** null: the whole company. */
  departmentId: number | null;
  kind: CalendarRuleKind;
  /** First day (inclusive). */
  from: number;
  /** Last day (inclusive); null: open-ended (a shift pattern in force from `from` on). */
  to: number | null;
  /** For 'shift': the ISO weekdays worked, 1 = Monday … 7 = Sunday. */
  weekdays?: number[];
  note: string;
}

export interface DayAnswer {
  workday: boolean;
  /** In Chinese, for HR and the scoring notes: 国庆节, 调休上班, 公司停工（…）, 班制 周一至周六, 周末. */
  why: string;
}

export interface WorkCalendar {
  isWorkday(day: number): boolean;
  explain(day: number): DayAnswer;
  /** Years in [from, to] (day numbers, inclusive) that the national calendar does not cover. */
  uncoveredYears(from: number, to: number): number[];
}

const MON_FRI = [1, 2, 3, 4, 5];
const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** 周一至周六, 周一、周三、周五 … for HR. */
export function describeWeekdays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const contiguous = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
  return contiguous ? `${WEEKDAY_NAMES[sorted[0]]}至${WEEKDAY_NAMES[sorted[sorted.length - 1]]}` : sorted.map((d) => WEEKDAY_NAMES[d]).join('、');
}

/**
 * The calendar of one department. `chain` is the department and its ancestors, nearest first
 * ([] for someone with no department); rules of other departments are ignored.
 */
export function buildWorkCalendar(national: NationalCalendar, rules: readonly CalendarRule[], chain: readonly number[]): WorkCalendar {
  const levels: Array<number | null> = [...chain, null];
  const rank = (r: CalendarRule): number => levels.indexOf(r.departmentId);
  const mine = rules.filter((r) => rank(r) >= 0);
  const covers = (r: CalendarRule, day: number) => r.from <= day && (r.to === null || day <= r.to);
  // Nearest department first; at one level the later-starting rule wins (a newer override or pattern).
  const byPrecedence = [...mine].sort((a, b) => rank(a) - rank(b) || b.from - a.from);
  const overrides = byPrecedence.filter((r) => r.kind !== 'shift');
  const shifts = byPrecedence.filter((r) => r.kind === 'shift');
  const cache = new Map<number, DayAnswer>();

  const decide = (day: number): DayAnswer => {
    const override = overrides.find((r) => covers(r, day));
    if (override) return { workday: override.kind === 'work', why: `${override.kind === 'work' ? '公司安排上班' : '公司安排休息'}${override.note ? `（${override.note}）` : ''}` };
    if (national.coveredYears.has(civilDate(day).year)) {
      const holiday = national.holidays.get(day);
      if (holiday) return { workday: false, why: `法定节假日（${holiday}）` };
      const adjusted = national.workdays.get(day);
      if (adjusted) return { workday: true, why: `调休上班（${adjusted}）` };
    }
    const shift = shifts.find((r) => covers(r, day));
    const worked = shift?.weekdays ?? MON_FRI;
    const weekday = isoWeekday(day);
    const pattern = shift ? `班制 ${describeWeekdays(worked)}` : '周一至周五';
    return { workday: worked.includes(weekday), why: worked.includes(weekday) ? `工作日（${pattern}）` : `休息日（${pattern}）` };
  };

  const explain = (day: number): DayAnswer => {
    let a = cache.get(day);
    if (!a) cache.set(day, (a = decide(day)));
    return a;
  };
  return {
    explain,
    isWorkday: (day) => explain(day).workday,
    uncoveredYears(from, to) {
      const out: number[] = [];
      for (let y = civilDate(from).year; y <= civilDate(to).year; y++) if (!national.coveredYears.has(y)) out.push(y);
      return out;
    },
  };
}

/** Monday–Friday and nothing else: what a period knows when no calendar is given. */
export const WEEKDAYS_ONLY: WorkCalendar = buildWorkCalendar({ holidays: new Map(), workdays: new Map(), coveredYears: new Set() }, [], []);
