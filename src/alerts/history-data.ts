/**
 * Reads what a rule needs from the records, every time (no cached baselines): each assigned
 * person's weekly values of the leading metric, and for each week whether that month's line of the
 * outcome metric missed its target (months that have not ended are unknown).
 */
import { In, type DataSource } from 'typeorm';
import { periodOf, type Period } from '../domain/periods';
import { Employee, MetricAssignment, MetricDefinition } from '../entities';
import type { PersonHistory } from './backtest';
import { missedTarget, valuesByPeriod, type ValueRecord } from './metric-values';
import type { AlertRule } from './alert-rule.entity';

export interface RuleHistory {
  weeks: Period[];
  people: Map<string, PersonHistory>;
}

const DAY = 86_400_000;

/** The month a week counts towards: the one holding its Thursday (as ISO weeks belong to years). */
export function monthOfWeek(week: Period, tz: string): Period {
  return periodOf('month', new Date(week.start.getTime() + 3 * DAY + 12 * 3600_000), tz);
}

function inForce(rows: MetricAssignment[], start: Date, end: Date, periodKey?: string): MetricAssignment | undefined {
  const live = rows.filter((r) => (!r.startsAt || r.startsAt < end) && (!r.endsAt || r.endsAt > start));
  const pick = (list: MetricAssignment[]) => list.sort((a, b) => (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0))[0];
  return (periodKey ? pick(live.filter((r) => r.periodKey === periodKey)) : undefined) ?? pick(live.filter((r) => r.periodKey === ''));
}

/** A datetime(3) column as both drivers return it: a Date (mysql2, UTC) or 'YYYY-MM-DD HH:MM:SS.mmm' UTC (SQLite). */
export function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

/** The stored form of a datetime(3) column on both databases. */
export const sqlDateTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 23);

/** Whether any of the person's assignment rows of the metric is in force during [start, end). */
function assignedDuring(rows: MetricAssignment[], start: Date, end: Date): boolean {
  return rows.some((r) => (!r.startsAt || r.startsAt < end) && (!r.endsAt || r.endsAt > start));
}

export interface HistoryInputs {
  rules: AlertRule[];
  metrics: Map<string, MetricDefinition>;
  employees: Map<string, Employee>;
  assignments: Map<string, Map<string, MetricAssignment[]>>;
  records: Map<string, ValueRecord[]>;
}

/** One read for every rule: definitions, active employees, assignments and the records in range. */
export async function loadHistoryInputs(ds: DataSource, rules: AlertRule[], weeks: Period[], tz: string): Promise<HistoryInputs> {
  const codes = [...new Set(rules.flatMap((r) => [r.metricCode, r.outcomeMetricCode ?? r.metricCode]))];
  const defs = codes.length ? await ds.getRepository(MetricDefinition).findBy({ code: In(codes) }) : [];
  const metrics = new Map(defs.map((d) => [d.code, d]));
  const employees = new Map((await ds.getRepository(Employee).findBy({ active: true })).map((e) => [e.userId, e]));
  const assignments = new Map<string, Map<string, MetricAssignment[]>>();
  for (const a of defs.length ? await ds.getRepository(MetricAssignment).findBy({ metricCode: In([...metrics.keys()]) }) : []) {
    const byUser = assignments.get(a.metricCode) ?? new Map<string, MetricAssignment[]>();
    byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
    assignments.set(a.metricCode, byUser);
  }
  const inputs = [...new Set(defs.flatMap((d) => d.inputs.map((i) => i.name)))];
  const records = new Map<string, ValueRecord[]>();
  if (inputs.length && weeks.length) {
    const from = monthOfWeek(weeks[0], tz).start < weeks[0].start ? monthOfWeek(weeks[0], tz).start : weeks[0].start;
    const last = weeks[weeks.length - 1];
    const to = monthOfWeek(last, tz).end > last.end ? monthOfWeek(last, tz).end : last.end;
    // Raw rows: hydrating a year of records into entities costs more than reading them.
    const rows = (await ds.query(
      `SELECT user_id, input, value, occurred_at FROM metric_records WHERE input IN (${inputs.map(() => '?').join(', ')}) AND occurred_at >= ? AND occurred_at < ?`,
      [...inputs, sqlDateTime(from), sqlDateTime(to)],
    )) as Array<{ user_id: string; input: string; value: number | string; occurred_at: Date | string }>;
    for (const raw of rows) {
      if (!employees.has(raw.user_id)) continue;
      const r: ValueRecord = { input: raw.input, value: Number(raw.value), occurredAt: toDate(raw.occurred_at) };
      const list = records.get(raw.user_id);
      if (list) list.push(r);
      else records.set(raw.user_id, [r]);
    }
  }
  return { rules, metrics, employees, assignments, records };
}

/**
 * The history of one rule over `weeks`; `now` decides which months are over. Without `outcomes`
 * the month results are left unknown (evaluating a week needs only the weekly values).
 */
export function ruleHistory(data: HistoryInputs, rule: AlertRule, weeks: Period[], tz: string, now: Date, opts: { outcomes?: boolean } = {}): RuleHistory {
  const withOutcomes = opts.outcomes ?? true;
  const people = new Map<string, PersonHistory>();
  const metric = data.metrics.get(rule.metricCode);
  const outcome = data.metrics.get(rule.outcomeMetricCode ?? rule.metricCode);
  if (!metric || !outcome || !metric.active) return { weeks, people };
  const months = weeks.map((w) => monthOfWeek(w, tz));
  const distinctMonths = [...new Map(months.map((m) => [m.key, m])).values()];
  const monthIndex = new Map(distinctMonths.map((m, i) => [m.key, i]));
  for (const [userId, rows] of data.assignments.get(metric.code) ?? []) {
    const employee = data.employees.get(userId);
    if (!employee) continue;
    const recs = data.records.get(userId) ?? [];
    const raw = valuesByPeriod(metric, recs, weeks);
    const series = raw.map((v, i) => (v !== null && assignedDuring(rows, weeks[i].start, weeks[i].end) ? v : null));
    if (series.every((v) => v === null)) continue;
    if (!withOutcomes) {
      people.set(userId, { series, position: employee.position, monthMissed: [] });
      continue;
    }
    const outcomeRows = data.assignments.get(outcome.code)?.get(userId) ?? [];
    const monthValues = valuesByPeriod(outcome, recs, distinctMonths);
    const monthMissed = distinctMonths.map((m, i) => {
      const value = monthValues[i];
      const a = inForce(outcomeRows, m.start, m.end, m.key);
      if (m.end > now || value === null || !a) return null;
      return missedTarget(outcome.direction, value, a.target);
    });
    people.set(userId, { series, position: employee.position, monthMissed: months.map((m) => monthMissed[monthIndex.get(m.key)!]) });
  }
  return { weeks, people };
}
