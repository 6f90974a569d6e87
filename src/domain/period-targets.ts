/**
 * Period rules for targets, pure. Targets and limits are set per month. A total (a count target,
 * or a lower-is-better limit on a total such as downtime hours) is prorated by working days: each
 * day of the period takes its share of its own month's target, so
 *
 *   target(period) = Σ over months m touching the period of
 *                    target_month × workdays(period ∩ m) / workdays(m)
 *
 * A week inside one month gets workdays(week) / workdays(month); a week across two months takes
 * each part from its own month; a quarter is the sum of its three months. Levels (rates, yields,
 * averages) are the same in every period. Working days come from the employee's WorkCalendar.
 */
import { evaluateFormula, parseFormula } from './formula';
import { periodOf, workingDaysIn, type Period } from './periods';
import type { WorkCalendar } from './work-calendar';

/** What decides whether a target scales: the line's kind, direction, formula and inputs. */
export interface TargetShape {
  targetKind: 'count' | 'level';
  direction: 'higher_better' | 'lower_better';
  formula: string;
  inputs: ReadonlyArray<{ aggregate: string }>;
}

export interface MonthShare {
  /** '2026-10' */
  month: string;
  /** Working days of the period inside this month. */
  days: number;
  /** Working days of the whole month. */
  monthDays: number;
}

/** The months a period touches, with its working days in each and theirs. */
export function monthShares(period: Period, timeZone: string, calendar?: WorkCalendar): MonthShare[] {
  const shares: MonthShare[] = [];
  for (let m = periodOf('month', period.start, timeZone); m.start < period.end; m = periodOf('month', m.end, timeZone)) {
    const from = m.start > period.start ? m.start : period.start;
    const to = m.end < period.end ? m.end : period.end;
    shares.push({ month: m.key, days: workingDaysIn(from, to, timeZone, calendar), monthDays: workingDaysIn(m.start, m.end, timeZone, calendar) });
  }
  return shares;
}

/** Σ days / monthDays; a month without working days (a shutdown) adds nothing. */
export function periodTargetFactor(period: Period, timeZone: string, calendar?: WorkCalendar): number {
  if (period.kind === 'month') {
    const [only] = monthShares(period, timeZone, calendar);
    return only.monthDays > 0 ? 1 : 0;
  }
  return monthShares(period, timeZone, calendar).reduce((acc, s) => acc + (s.monthDays > 0 ? s.days / s.monthDays : 0), 0);
}

const totals = new Map<string, boolean>();

/**
 * True when the metric is a total: every input summed and the formula proportional to them
 * (doubling every input doubles the value): downtime_minutes / 60 is, errors / samples × 100 is not.
 */
export function isTotalMetric(shape: Pick<TargetShape, 'formula' | 'inputs'>): boolean {
  if (shape.inputs.length === 0 || shape.inputs.some((i) => i.aggregate !== 'sum')) return false;
  let known = totals.get(shape.formula);
  if (known === undefined) {
    try {
      const f = parseFormula(shape.formula);
      const at = (x: number) => evaluateFormula(f, Object.fromEntries(f.inputs.map((name) => [name, x])));
      const [a, b] = [at(3), at(7)];
      known = a !== 0 && Math.abs(b / a - 7 / 3) < 1e-9;
    } catch {
      known = false;
    }
    totals.set(shape.formula, known);
  }
  return known;
}

/** Count targets, and lower-is-better limits on a total, scale with the period; levels do not. */
export function scalesWithPeriod(shape: TargetShape): boolean {
  return shape.targetKind === 'count' || (shape.direction === 'lower_better' && isTotalMetric(shape));
}

/** The monthly target or limit as it applies to the period. */
export function periodTarget(monthly: number, shape: TargetShape, factor: number): number {
  return scalesWithPeriod(shape) ? monthly * factor : monthly;
}
