/**
 * The working calendars at the edge: China's national calendar (chinese-days) plus the company's
 * overrides from work_calendar_rules, built once per department (with its parents' rules) for
 * one load. The rules themselves live in the pure src/domain/work-calendar.ts.
 */
import type { DataSource } from 'typeorm';
import { chinaNationalCalendar } from '../calendar/chinese-days';
import { periodTargetFactor } from '../domain/period-targets';
import { firstDayStartingFrom } from '../domain/periods-calendar';
import type { Period } from '../domain/periods';
import { buildWorkCalendar, type CalendarRule, type WorkCalendar } from '../domain/work-calendar';
import { Department, WorkCalendarRule } from '../entities';

export interface WorkCalendars {
  /** The calendar of a department (null: someone without one gets the company's). */
  forDepartment(departmentId: number | null): WorkCalendar;
  /** The period's target factor (period-targets.ts) under a department's calendar, cached. */
  targetFactor(departmentId: number | null, period: Period): number;
  /** Years the period touches that the national calendar does not cover yet (warn HR). */
  uncoveredYears(period: Period): number[];
}

/** 'YYYY-MM-DD' → day number. */
export function dayOf(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000);
}

export function toCalendarRule(r: WorkCalendarRule): CalendarRule {
  return {
    departmentId: r.departmentId === 0 ? null : r.departmentId,
    kind: r.kind,
    from: dayOf(r.startDate),
    to: r.endDate ? dayOf(r.endDate) : null,
    weekdays: r.weekdays ? r.weekdays.split(',').map(Number) : undefined,
    note: r.note,
  };
}

export async function loadWorkCalendars(ds: DataSource, timeZone: string): Promise<WorkCalendars> {
  const national = chinaNationalCalendar();
  const rules = (await ds.getRepository(WorkCalendarRule).find()).map(toCalendarRule);
  const parents = new Map((await ds.getRepository(Department).find({ select: { id: true, parentId: true } })).map((d) => [d.id, d.parentId]));
  const chainOf = (id: number | null): number[] => {
    const chain: number[] = [];
    for (let at = id; at !== null && at !== undefined && !chain.includes(at); at = parents.get(at) ?? null) chain.push(at);
    return chain;
  };
  // Departments whose chains hold the same rules (most: none) share one calendar and its factors.
  const byRules = new Map<string, WorkCalendar>();
  const signatures = new Map<number | null, string>();
  const factors = new Map<string, number>();
  const signatureOf = (departmentId: number | null): string => {
    let sig = signatures.get(departmentId);
    if (sig === undefined) {
      const levels = [...chainOf(departmentId), null];
      // Only the order of the levels that hold rules matters to the answers.
      sig = levels.map((level) => rules.flatMap((r, i) => (r.departmentId === level ? [i] : [])).join(',')).filter(Boolean).join('|');
      signatures.set(departmentId, sig);
    }
    return sig;
  };
  const forDepartment = (departmentId: number | null): WorkCalendar => {
    const sig = signatureOf(departmentId);
    let c = byRules.get(sig);
    if (!c) byRules.set(sig, (c = buildWorkCalendar(national, rules, chainOf(departmentId))));
    return c;
  };
  return {
    forDepartment,
    targetFactor(departmentId, period) {
      const key = `${signatureOf(departmentId)}#${period.key}`;
      let f = factors.get(key);
      if (f === undefined) factors.set(key, (f = periodTargetFactor(period, timeZone, forDepartment(departmentId))));
      return f;
    },
    uncoveredYears(period) {
      const first = firstDayStartingFrom(period.start.getTime(), timeZone);
      const last = firstDayStartingFrom(period.end.getTime(), timeZone) - 1;
      return forDepartment(null).uncoveredYears(first, last);
    },
  };
}

/** The warning HR gets for a period in a year the package does not cover yet. */
export function uncoveredYearWarning(years: number[]): string {
  return `工作日历尚未收录 ${years.join('、')} 年的法定节假日和调休安排，这些年份暂按周一至周五（或部门班制）计算工作日；请升级 chinese-days，或用“工作日历”导入补上当年放假和调休`;
}
