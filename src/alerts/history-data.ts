/**
 * Reads what a rule needs from the records, every time (no cached baselines): each assigned
 * person's weekly values of the leading metric, and for each week whether that month's line of the
 * outcome metric missed its target (months that have not ended are unknown).
 */
import { In, type DataSource } from 'typeorm';
import { periodOf, type Period } from '../domain/periods';
import { Employee, MetricDefinition, type MetricAssignment } from '../entities';

export type AssignmentSpan = Pick<MetricAssignment, 'userId' | 'metricCode' | 'periodKey' | 'target' | 'startsAt' | 'endsAt'>;
import type { PersonHistory } from './backtest';
import { formulaValue, missedTarget, periodIndex } from './metric-values';
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

function inForce(rows: AssignmentSpan[], start: Date, end: Date, periodKey?: string): AssignmentSpan | undefined {
  const live = rows.filter((r) => (!r.startsAt || r.startsAt < end) && (!r.endsAt || r.endsAt > start));
  const pick = (list: AssignmentSpan[]) => list.sort((a, b) => (b.startsAt?.getTime() ?? 0) - (a.startsAt?.getTime() ?? 0))[0];
  return (periodKey ? pick(live.filter((r) => r.periodKey === periodKey)) : undefined) ?? pick(live.filter((r) => r.periodKey === ''));
}

/** A datetime(3) column as both drivers return it: a Date (mysql2, UTC) or 'YYYY-MM-DD HH:MM:SS.mmm' UTC (SQLite). */
export function toDate(v: Date | string): Date {
  return v instanceof Date ? v : new Date(`${v.replace(' ', 'T')}Z`);
}

/** The stored form of a datetime(3) column on both databases. */
export const sqlDateTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 23);

/** Whether any of the person's assignment rows of the metric is in force during [start, end). */
function assignedDuring(rows: AssignmentSpan[], start: Date, end: Date): boolean {
  return rows.some((r) => (!r.startsAt || r.startsAt < end) && (!r.endsAt || r.endsAt > start));
}

/**
 * A person's records in range as parallel arrays: the input (index into HistoryInputs.inputs), the
 * value, the index of the week and of the month holding it (-1 = none), and the time (epoch ms;
 * decides 'last').
 */
export interface PersonRecords {
  input: number[];
  value: number[];
  week: number[];
  month: number[];
  at: number[];
}

export interface HistoryInputs {
  rules: Array<Pick<AlertRule, 'metricCode' | 'outcomeMetricCode'>>;
  metrics: Map<string, MetricDefinition>;
  employees: Map<string, Employee>;
  /** Per metric, per person: their assignment rows (what the back-test and the weekly check need of them). */
  assignments: Map<string, Map<string, AssignmentSpan[]>>;
  /** The weeks read, and the distinct months they count towards (monthOfWeek). */
  weeks: Period[];
  months: Period[];
  inputs: string[];
  records: Map<string, PersonRecords>;
  /** Per metric and period kind ('w:code', 'm:code'): each person's values, computed once for every rule. */
  values: Map<string, Map<string, Array<number | null>>>;
}

type Bucketing = { starts: number[]; end: number };
const bucketing = (periods: Period[]): Bucketing => ({ starts: periods.map((p) => p.start.getTime()), end: periods.length ? periods[periods.length - 1].end.getTime() : 0 });

const digits = (s: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
};

/** 'YYYY-MM-DD HH:MM:SS[.fff…]' (UTC, as both databases give it here) → epoch ms, without a Date per record. */
export function parseSqlTime(s: string): number {
  const ms = s.length > 20 ? digits((s + '00').slice(20, 23), 0, 3) : 0;
  return Date.UTC(digits(s, 0, 4), digits(s, 5, 7) - 1, digits(s, 8, 10), digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19), ms);
}

/** Index of the contiguous period holding the instant `at` (ms); -1 outside. */
function bucketOf(b: Bucketing, at: number, hint = -1): number {
  const { starts } = b;
  if (starts.length === 0 || at < starts[0] || at >= b.end) return -1;
  // A person's records mostly come in time order: try the previous one's period first.
  if (hint >= 0 && starts[hint] <= at && (hint + 1 === starts.length || at < starts[hint + 1])) return hint;
  return periodIndex(starts, b.end, at);
}

const isSqlite = (ds: DataSource) => ds.options.type === 'better-sqlite3';

/**
 * Every record in range. SQLite: one row per person, the database concatenating each person's
 * inputs, values and times (three lists in the same row order), so better-sqlite3 builds thousands
 * of rows instead of millions, a third of the plain SELECT's time (the same records; bench/alerts.ts
 * compares the two). A person whose lists do not pair up (a comma in an input name) is read again
 * row by row. MariaDB: the plain rows, which mysql2 streams faster than the server concatenates them.
 */
async function readRecords(ds: DataSource, inputs: string[], from: Date, to: Date, only: string[] | null, keep: (userId: string) => boolean, put: (userId: string, input: number, value: number, at: number) => void): Promise<void> {
  const sqlite = isSqlite(ds);
  const marks = inputs.map(() => '?').join(', ');
  if (only && only.length === 0) return;
  const who = only ? ` AND user_id IN (${only.map(() => '?').join(', ')})` : '';
  const index = new Map(inputs.map((name, i) => [name, i]));
  const plain = async (ids: string[] | null) => {
    const rows = (await ds.query(
      `SELECT user_id, input, value, occurred_at FROM metric_records WHERE input IN (${marks}) AND occurred_at >= ? AND occurred_at < ?${ids ? ` AND user_id IN (${ids.map(() => '?').join(', ')})` : ''}`,
      [...inputs, sqlDateTime(from), sqlDateTime(to), ...(ids ?? [])],
    )) as Array<{ user_id: string; input: string; value: number | string; occurred_at: Date | string }>;
    for (const r of rows) if (keep(r.user_id)) put(r.user_id, index.get(r.input)!, Number(r.value), toDate(r.occurred_at).getTime());
  };
  if (!sqlite) {
    if (!only) return plain(null);
    for (let i = 0; i < only.length; i += 500) await plain(only.slice(i, i + 500));
    return;
  }
  const sql = `SELECT user_id, COUNT(*) AS n, group_concat(input, ',') AS inputs, group_concat(value, ',') AS vals, group_concat(occurred_at, ',') AS times FROM metric_records WHERE input IN (${marks}) AND occurred_at >= ? AND occurred_at < ?${who} GROUP BY user_id`;
  const rows = (await ds.query(sql, [...inputs, sqlDateTime(from), sqlDateTime(to), ...(only ?? [])])) as Array<{ user_id: string; n: number; inputs: string; vals: string; times: string }>;
  const again: string[] = [];
  for (const row of rows) {
    if (!keep(row.user_id)) continue;
    const names = String(row.inputs).split(',');
    const values = String(row.vals).split(',');
    const times = String(row.times).split(',');
    const n = Number(row.n);
    if (names.length !== n || values.length !== n || times.length !== n || names.some((x) => !index.has(x))) {
      again.push(row.user_id);
      continue;
    }
    for (let i = 0; i < n; i++) put(row.user_id, index.get(names[i])!, Number(values[i]), parseSqlTime(times[i]));
  }
  for (let i = 0; i < again.length; i += 500) await plain(again.slice(i, i + 500));
}

/**
 * One read for every rule: definitions, active employees, assignments and the records in range;
 * with `userIds`, only those people's (a page showing one person's baseline).
 */
export async function loadHistoryInputs(ds: DataSource, rules: Array<Pick<AlertRule, 'metricCode' | 'outcomeMetricCode'>>, weeks: Period[], tz: string, opts: { userIds?: string[] } = {}): Promise<HistoryInputs> {
  const codes = [...new Set(rules.flatMap((r) => [r.metricCode, r.outcomeMetricCode ?? r.metricCode]))];
  const defs = codes.length ? await ds.getRepository(MetricDefinition).findBy({ code: In(codes) }) : [];
  const metrics = new Map(defs.map((d) => [d.code, d]));
  const only = opts.userIds;
  const employees = new Map((await ds.getRepository(Employee).findBy(only ? { active: true, userId: In(only) } : { active: true })).map((e) => [e.userId, e]));
  const assignments = new Map<string, Map<string, AssignmentSpan[]>>();
  // Raw rows: a company's assignments hydrated as entities cost more than the rest of the read.
  const assigned = defs.length
    ? ((await ds.query(
        `SELECT user_id, metric_code, period_key, target, starts_at, ends_at FROM metric_assignments WHERE metric_code IN (${defs.map(() => '?').join(', ')})`,
        defs.map((d) => d.code),
      )) as Array<{ user_id: string; metric_code: string; period_key: string; target: number | string; starts_at: Date | string | null; ends_at: Date | string | null }>)
    : [];
  for (const r of assigned) {
    const a: AssignmentSpan = {
      userId: r.user_id, metricCode: r.metric_code, periodKey: r.period_key, target: Number(r.target),
      startsAt: r.starts_at === null ? null : toDate(r.starts_at), endsAt: r.ends_at === null ? null : toDate(r.ends_at),
    };
    const byUser = assignments.get(a.metricCode) ?? new Map<string, AssignmentSpan[]>();
    const list = byUser.get(a.userId);
    if (list) list.push(a);
    else byUser.set(a.userId, [a]);
    assignments.set(a.metricCode, byUser);
  }
  const months = [...new Map(weeks.map((w) => monthOfWeek(w, tz)).map((m) => [m.key, m])).values()];
  const inputs = [...new Set(defs.flatMap((d) => d.inputs.map((i) => i.name)))];
  const records = new Map<string, PersonRecords>();
  if (inputs.length && weeks.length) {
    const from = months[0].start < weeks[0].start ? months[0].start : weeks[0].start;
    const last = weeks[weeks.length - 1];
    const to = months[months.length - 1].end > last.end ? months[months.length - 1].end : last.end;
    const byWeek = bucketing(weeks);
    const byMonth = bucketing(months);
    await readRecords(ds, inputs, from, to, only ? [...employees.keys()] : null, (userId) => employees.has(userId), (userId, input, value, at) => {
      let mine = records.get(userId);
      if (!mine) records.set(userId, (mine = { input: [], value: [], week: [], month: [], at: [] }));
      mine.input.push(input);
      mine.value.push(value);
      const k = mine.week.length - 1;
      mine.week.push(bucketOf(byWeek, at, k >= 0 ? mine.week[k] : -1));
      mine.month.push(bucketOf(byMonth, at, k >= 0 ? mine.month[k] : -1));
      mine.at.push(at);
    });
  }
  return { rules, metrics, employees, assignments, weeks, months, inputs, records, values: new Map() };
}

/**
 * The metric's value per week ('week') or per month ('month') of one person, as a scorecard line
 * computes it (valuesByPeriod): each declared input aggregated over the period's records, then the
 * published formula; null for a period no record feeds.
 */
// Scratch cells reused across calls (one person and metric at a time): no objects per period.
let cells = { count: new Float64Array(0), sum: new Float64Array(0), min: new Float64Array(0), max: new Float64Array(0), last: new Float64Array(0), at: new Float64Array(0) };

export function personValues(data: HistoryInputs, metric: MetricDefinition, recs: PersonRecords | undefined, kind: 'week' | 'month'): Array<number | null> {
  const periods = kind === 'week' ? data.weeks.length : data.months.length;
  const out: Array<number | null> = new Array(periods).fill(null);
  if (!recs) return out;
  // The first declaration of a name decides its aggregate (as aggregateSummaries does).
  const firstOf = new Map<string, (typeof metric.inputs)[number]>();
  for (const i of metric.inputs) if (!firstOf.has(i.name)) firstOf.set(i.name, i);
  const names = [...firstOf.keys()];
  const aggregates = names.map((n) => firstOf.get(n)!.aggregate);
  const slot = data.inputs.map((name) => names.indexOf(name));
  const k = names.length;
  const size = periods * k;
  if (cells.count.length < size) {
    const n = Math.max(size, cells.count.length * 2);
    cells = { count: new Float64Array(n), sum: new Float64Array(n), min: new Float64Array(n), max: new Float64Array(n), last: new Float64Array(n), at: new Float64Array(n) };
  }
  const { count, sum, min, max, last, at } = cells;
  count.fill(0, 0, size);
  const used = new Uint32Array(periods);
  const bucket = kind === 'week' ? recs.week : recs.month;
  for (let j = 0; j < recs.input.length; j++) {
    const s = slot[recs.input[j]];
    const p = bucket[j];
    const v = recs.value[j];
    if (s === undefined || s < 0 || p < 0 || !Number.isFinite(v)) continue;
    used[p]++;
    const c = p * k + s;
    const t = recs.at[j];
    if (count[c] === 0) {
      count[c] = 1;
      sum[c] = min[c] = max[c] = last[c] = v;
      at[c] = t;
    } else {
      count[c]++;
      sum[c] += v;
      if (v < min[c]) min[c] = v;
      if (v > max[c]) max[c] = v;
      // The latest time wins; among equal times, the one read last (as aggregateInputs does).
      if (t >= at[c]) {
        last[c] = v;
        at[c] = t;
      }
    }
  }
  for (let p = 0; p < periods; p++) {
    if (used[p] === 0) continue;
    // aggregateSummaries, inlined: a 'sum' over no records is 0; the others leave the input out.
    const inputs: Record<string, number> = {};
    for (let s = 0; s < k; s++) {
      const c = p * k + s;
      const agg = aggregates[s];
      if (agg === 'sum') inputs[names[s]] = count[c] ? sum[c] : 0;
      else if (count[c] === 0) continue;
      else if (agg === 'avg') inputs[names[s]] = sum[c] / count[c];
      else if (agg === 'max') inputs[names[s]] = max[c];
      else if (agg === 'min') inputs[names[s]] = min[c];
      else inputs[names[s]] = last[c];
    }
    out[p] = formulaValue(metric.formula, inputs);
  }
  return out;
}

function cachedValues(data: HistoryInputs, metric: MetricDefinition, userId: string, kind: 'week' | 'month'): Array<number | null> {
  const key = `${kind === 'week' ? 'w' : 'm'}:${metric.code}`;
  let byUser = data.values.get(key);
  if (!byUser) data.values.set(key, (byUser = new Map()));
  let v = byUser.get(userId);
  if (!v) byUser.set(userId, (v = personValues(data, metric, data.records.get(userId), kind)));
  return v;
}

/**
 * The history of one rule over the weeks the inputs were loaded for; `now` decides which months
 * are over. Without `outcomes` the month results are left unknown (evaluating a week needs only
 * the weekly values).
 */
export function ruleHistory(data: HistoryInputs, rule: Pick<AlertRule, 'metricCode' | 'outcomeMetricCode'>, weeks: Period[], tz: string, now: Date, opts: { outcomes?: boolean } = {}): RuleHistory {
  if (weeks.length !== data.weeks.length || weeks.some((w, i) => w.key !== data.weeks[i].key)) throw new Error('ruleHistory: weeks differ from the loaded ones');
  const withOutcomes = opts.outcomes ?? true;
  const people = new Map<string, PersonHistory>();
  const metric = data.metrics.get(rule.metricCode);
  const outcome = data.metrics.get(rule.outcomeMetricCode ?? rule.metricCode);
  if (!metric || !outcome || !metric.active) return { weeks, people };
  const monthIndex = new Map(data.months.map((m, i) => [m.key, i]));
  const weekMonth = weeks.map((w) => monthIndex.get(monthOfWeek(w, tz).key)!);
  for (const [userId, rows] of data.assignments.get(metric.code) ?? []) {
    const employee = data.employees.get(userId);
    if (!employee) continue;
    const raw = cachedValues(data, metric, userId, 'week');
    const series = raw.map((v, i) => (v !== null && assignedDuring(rows, weeks[i].start, weeks[i].end) ? v : null));
    if (series.every((v) => v === null)) continue;
    if (!withOutcomes) {
      people.set(userId, { series, position: employee.position, monthMissed: [] });
      continue;
    }
    const outcomeRows = data.assignments.get(outcome.code)?.get(userId) ?? [];
    const monthValues = cachedValues(data, outcome, userId, 'month');
    const monthMissed = data.months.map((m, i) => {
      const value = monthValues[i];
      const a = inForce(outcomeRows, m.start, m.end, m.key);
      if (m.end > now || value === null || !a) return null;
      return missedTarget(outcome.direction, value, a.target);
    });
    people.set(userId, { series, position: employee.position, monthMissed: weekMonth.map((i) => monthMissed[i]) });
  }
  return { weeks, people };
}
