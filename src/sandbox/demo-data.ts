/**
 * Demo data for `npm start` without WeCom: every demo member gets the metrics of their position and
 * two quarters of plausible ERP/MES records, tags, monthly reviews, collaboration ratings,
 * suggestions and exception claims, so every command, page and report shows real numbers; 何萍
 * (heping) gets the HR role. Deterministic for a seed and a start instant. Runs once: a database
 * that already has records is left alone. Rows go in with bulk inserts (a few hundred thousand
 * records take seconds, see the README).
 */
import type { DataSource } from 'typeorm';
import { formatLocal, parseLocal, periodOf } from '../domain/periods';
import { KPI_LIBRARY } from '../domain/kpi-library';
import { Employee, MetricAssignment, MetricDefinition, MetricRecord, UserRole } from '../entities';
import { writeAudit } from '../audit';
import { applyRoleTemplates } from '../repositories/assignments';
import { insertRaw, seedDemoActivity, sqlDateTime } from './demo-activity';
import { DEMO_FACTORY_SEED, seededRandom } from './demo-factory';
import { assignExtraMetrics } from './demo-metrics';
import { demoLeaveDay, seedDemoOutcomes } from './demo-outcomes';
import { seedDemoSurveys } from './demo-surveys';
import { isDemoWorkday, recordsForDay } from './demo-records';

export const DEMO_HR_USERID = 'heping';

/** Inputs the library averages over a period (a summary record holds the mean, not the sum). */
const AVERAGED = new Set(KPI_LIBRARY.flatMap((m) => m.inputs.filter((i) => i.aggregate === 'avg').map((i) => i.name)));
const ACTOR = 'system:sandbox';

export interface DemoSummary {
  people: number;
  assignments: number;
  records: number;
  tags: number;
  reviews: number;
  ratings: number;
  suggestions: number;
  exceptions: number;
  ms: number;
}

export interface DemoOptions {
  seed?: number;
  /** How far back the history goes: the start of the quarter before `now`'s (default), or this instant. */
  since?: Date;
}

export function historyStart(now: Date, timeZone: string): Date {
  const quarter = periodOf('quarter', now, timeZone);
  return periodOf('quarter', new Date(quarter.start.getTime() - 86_400_000), timeZone).start;
}

export async function seedDemoData(ds: DataSource, now: Date, timeZone: string, options: DemoOptions = {}): Promise<DemoSummary | null> {
  if ((await ds.getRepository(MetricRecord).count()) > 0) return null;
  const started = Date.now();
  const seed = options.seed ?? DEMO_FACTORY_SEED;
  const since = options.since ?? historyStart(now, timeZone);

  await applyRoleTemplates(ds, { actor: ACTOR, now, startsAt: null }); // the demo's records go back two quarters
  await assignExtraMetrics(ds, now, ACTOR);
  if (await ds.getRepository(Employee).existsBy({ userId: DEMO_HR_USERID })) {
    await ds.getRepository(UserRole).upsert({ userId: DEMO_HR_USERID, role: 'hr', grantedAt: now }, ['userId', 'role']);
    await ds.transaction((tx) =>
      writeAudit(tx, { actor: ACTOR, action: 'role.grant', entity: 'user_roles', entityId: DEMO_HR_USERID, subjectUserId: DEMO_HR_USERID, before: null, after: { role: 'hr' }, reason: '演示环境：何萍是 HR' }, now),
    );
  }

  const employees = await ds.getRepository(Employee).find({ order: { userId: 'ASC' } });
  const defs = new Set((await ds.getRepository(MetricDefinition).find({ select: { code: true } })).map((d) => d.code));
  const assignments = (await ds.getRepository(MetricAssignment).find({ order: { id: 'ASC' } })).filter((a) => defs.has(a.metricCode));
  const codesOf = new Map<string, string[]>();
  for (const a of assignments) codesOf.set(a.userId, [...(codesOf.get(a.userId) ?? []), a.metricCode]);

  const rnd = seededRandom(seed);
  // Each person's own level (0 weak … 1 strong) spreads the rankings; leavers stop 5 weeks ago.
  const skill = new Map(employees.map((e) => [e.userId, 0.25 + 0.75 * rnd()]));
  const leftAt = new Map(employees.filter((e) => !e.active).map((e) => [e.userId, demoLeaveDay(e, now, since)]));
  const days: string[] = [];
  for (let d = new Date(since); d < now; d = new Date(d.getTime() + 86_400_000)) {
    const local = formatLocal(d, timeZone).slice(0, 10);
    if (isDemoWorkday(local) && days.at(-1) !== local) days.push(local);
  }
  // The current quarter comes as daily records; older weeks as the ERP's weekly summaries (one
  // record per input per week, split at month ends so months and weeks still add up), which
  // halves the rows and the first start without changing any score.
  const dailyFrom = formatLocal(periodOf('quarter', now, timeZone).start, timeZone).slice(0, 10);
  const segmentOf = (day: string) => (day >= dailyFrom ? day : `${periodOf('week', parseLocal(day, timeZone), timeZone).key}/${day.slice(0, 7)}`);
  const segments = new Map<string, string[]>();
  for (const day of days) segments.set(segmentOf(day), [...(segments.get(segmentOf(day)) ?? []), day]);
  const rows: Array<Array<string | number>> = [];
  const created = sqlDateTime(now);
  for (const e of employees) {
    const codes = codesOf.get(e.userId);
    if (!codes) continue;
    const until = leftAt.has(e.userId) ? formatLocal(leftAt.get(e.userId)!, timeZone).slice(0, 10) : null;
    for (const segmentDays of segments.values()) {
      const worked = until ? segmentDays.filter((d) => d < until) : segmentDays;
      if (worked.length === 0) continue;
      const day = worked.at(-1)!;
      const occurredAt = sqlDateTime(parseLocal(`${day} 16:00`, timeZone));
      const totals = new Map<string, { value: number; source: string; refPrefix: string }>();
      for (const d of worked) {
        for (const r of recordsForDay(codes, rnd, skill.get(e.userId)!)) {
          const t = totals.get(r.input);
          if (t) t.value += r.value;
          else totals.set(r.input, { value: r.value, source: r.source, refPrefix: r.refPrefix });
        }
      }
      for (const [input, t] of totals) {
        const value = AVERAGED.has(input) ? Math.round((t.value / worked.length) * 10) / 10 : t.value;
        const ref = worked.length > 1 ? `${t.refPrefix}周汇总-${day.replace(/-/g, '')}-${e.userId}` : `${t.refPrefix}-${day.replace(/-/g, '')}-${e.userId}`;
        rows.push([e.userId, input, value, occurredAt, t.source, `demo-${e.userId}-${input}-${day}`, ref, created]);
      }
    }
  }
  await insertRaw(ds, 'metric_records', ['user_id', 'input', 'value', 'occurred_at', 'source', 'external_id', 'ref', 'created_at'], rows);
  const activity = await seedDemoActivity(ds, { employees, now, since, timeZone, rnd, skill });
  await seedDemoOutcomes(ds, { employees, leftAt, now, since, timeZone, rnd });
  await seedDemoSurveys(ds, { hrUserId: DEMO_HR_USERID, now, since, timeZone, rnd });
  return {
    people: employees.length,
    assignments: assignments.length,
    records: rows.length,
    ...activity,
    ms: Date.now() - started,
  };
}
