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
import { Employee, MetricAssignment, MetricDefinition, MetricRecord, UserRole } from '../entities';
import { writeAudit } from '../audit';
import { applyRoleTemplates } from '../repositories/assignments';
import { insertRaw, seedDemoActivity, sqlDateTime } from './demo-activity';
import { DEMO_FACTORY_SEED, seededRandom } from './demo-factory';
import { assignExtraMetrics } from './demo-metrics';
import { isDemoWorkday, recordsForDay } from './demo-records';

export const DEMO_HR_USERID = 'heping';
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

  await applyRoleTemplates(ds, { actor: ACTOR, now });
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
  const leftAt = new Map(employees.filter((e) => !e.active).map((e) => [e.userId, new Date(now.getTime() - 35 * 86_400_000)]));
  const days: string[] = [];
  for (let d = new Date(since); d < now; d = new Date(d.getTime() + 86_400_000)) {
    const local = formatLocal(d, timeZone).slice(0, 10);
    if (isDemoWorkday(local) && days.at(-1) !== local) days.push(local);
  }
  const rows: Array<Array<string | number>> = [];
  const created = sqlDateTime(now);
  for (const e of employees) {
    const codes = codesOf.get(e.userId);
    if (!codes) continue;
    const until = leftAt.get(e.userId);
    for (const day of days) {
      if (until && day >= formatLocal(until, timeZone).slice(0, 10)) break;
      const occurredAt = sqlDateTime(parseLocal(`${day} 16:00`, timeZone));
      for (const r of recordsForDay(codes, rnd, skill.get(e.userId)!)) {
        rows.push([e.userId, r.input, r.value, occurredAt, r.source, `demo-${e.userId}-${r.input}-${day}`, `${r.refPrefix}-${day.replace(/-/g, '')}-${e.userId}`, created]);
      }
    }
  }
  await insertRaw(ds, 'metric_records', ['user_id', 'input', 'value', 'occurred_at', 'source', 'external_id', 'ref', 'created_at'], rows);
  const activity = await seedDemoActivity(ds, { employees, now, since, timeZone, rnd, skill });
  return {
    people: employees.length,
    assignments: assignments.length,
    records: rows.length,
    ...activity,
    ms: Date.now() - started,
  };
}
