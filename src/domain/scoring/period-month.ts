import { periodOf, type Period } from '../periods';

const DAY_MS = 24 * 60 * 60 * 1000;
const WEEK_MONTHS = new Map<string, Period>();

/**
 * The month whose review, collaboration ratings, key results and 行为分 a period uses. A month is
 * itself; a week belongs to the month of its Thursday, i.e. the month holding at least 4 of its 7
 * days (the rule ISO uses to give a week to a year). So 2026-W49 (Mon 30 Nov – Sun 6 Dec) is
 * December's, and its card's 本月累计 is December's. A quarter has no single month (null).
 */
export function scoringMonthOf(period: Period, timeZone: string): Period | null {
  if (period.kind === 'month') return period;
  if (period.kind !== 'week') return null;
  // Called once per scorecard (10,000 for a company's week) and time-zone arithmetic is not cheap:
  // remember the answer per week and zone (it never changes).
  const key = `${period.key}\u0000${timeZone}`;
  let month = WEEK_MONTHS.get(key);
  if (!month) {
    month = periodOf('month', new Date(period.start.getTime() + 3.5 * DAY_MS), timeZone);
    if (WEEK_MONTHS.size > 1000) WEEK_MONTHS.clear();
    WEEK_MONTHS.set(key, month);
  }
  return month;
}


/** The month keys a period draws reviews, ratings and key results from (a quarter: its three). */
export function scoringMonthKeysOf(period: Period, timeZone: string): string[] {
  const single = scoringMonthOf(period, timeZone);
  if (single) return [single.key];
  const keys: string[] = [];
  for (let m = periodOf('month', period.start, timeZone); m.start < period.end; m = periodOf('month', m.end, timeZone)) keys.push(m.key);
  return keys;
}

/** '12月' — how a card names the month a week counts in. */
export function shortMonthLabel(month: Pick<Period, 'key'>): string {
  return `${Number(month.key.slice(5, 7))}月`;
}
