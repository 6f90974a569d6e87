/**
 * Loads what the scoring engine needs for a set of employees and one period, in a handful of
 * batched queries (so a whole company's week costs the same few round trips as one person). The
 * period is scored as it was: each member's placement at its end (期末) from the org history, and
 * the assignments in force in it, each for the part of the period it covers.
 */
import { Brackets, DataSource, In, LessThan, MoreThan, Raw } from 'typeorm';
import { placementsAt, type PeriodPlacement } from './org-history';
import { loadPartialSummaries, partialKey } from './partial-summaries';
import { assignmentCoverage, coversWhole, inWindows, orgMomentOf, type Window } from '../domain/effective-dating';
import { periodTarget, periodTargetFactor, scalesWithPeriod } from '../domain/period-targets';
import { periodOf, type Period } from '../domain/periods';
import type { WorkCalendar } from '../domain/work-calendar';
import { scoringMonthKeysOf, type ExceptionInput, type InputSummary, type LineInput, type ScorecardInput } from '../domain/scoring';
import {
  CollaborationRating, Employee, ExceptionClaim, Goal, MetricAssignment, MetricDefinition, MetricRecord, SupervisorReview,
} from '../entities';
import { loadWeightsInForce } from './department-weights';
import { loadWorkCalendars } from './work-calendar';

const CHUNK = 500;

/** The month keys a period draws reviews, ratings and key results from (a week: its Thursday's month; docs/scoring.md §8). */
export function monthKeysOf(period: Period, timeZone: string): string[] {
  return scoringMonthKeysOf(period, timeZone);
}

/** Count targets are set per month; the period gets its working days' share (src/domain/period-targets.ts). */
export function scaleCountTarget(monthlyTarget: number, period: Period, timeZone: string, calendar?: WorkCalendar): number {
  return monthlyTarget * periodTargetFactor(period, timeZone, calendar);
}

/** Per user and input: count, sum, min, max in SQL, and the latest value for inputs some metric reads as 'last'. */
async function loadSummaries(ds: DataSource, ids: string[], period: Window, definitions: MetricDefinition[]): Promise<Map<string, Record<string, InputSummary>>> {
  const out = new Map<string, Record<string, InputSummary>>();
  const put = (userId: string, input: string, s: InputSummary) => {
    const mine = out.get(userId) ?? {};
    mine[input] = s;
    out.set(userId, mine);
  };
  const grouped = await inChunks(ids, (c) =>
    ds
      .getRepository(MetricRecord)
      .createQueryBuilder('r')
      .select('r.user_id', 'userId')
      .addSelect('r.input', 'input')
      .addSelect('COUNT(*)', 'n')
      .addSelect('SUM(r.value)', 'total')
      .addSelect('MIN(r.value)', 'low')
      .addSelect('MAX(r.value)', 'high')
      .where({ userId: In(c) })
      .andWhere('r.occurred_at >= :start AND r.occurred_at < :end', { start: period.start, end: period.end })
      .groupBy('r.user_id')
      .addGroupBy('r.input')
      .getRawMany<{ userId: string; input: string; n: string | number; total: string | number; low: string | number; high: string | number }>(),
  );
  for (const g of grouped) put(g.userId, g.input, { count: Number(g.n), sum: Number(g.total), min: Number(g.low), max: Number(g.high), last: null });

  const lastInputs = [...new Set(definitions.flatMap((d) => d.inputs.filter((i) => i.aggregate === 'last').map((i) => i.name)))];
  if (lastInputs.length > 0) {
    const rows = await inChunks(ids, (c) =>
      ds.getRepository(MetricRecord).find({
        where: { userId: In(c), input: In(lastInputs), occurredAt: rangeOf(period) },
        select: { id: true, userId: true, input: true, value: true, occurredAt: true },
        order: { occurredAt: 'ASC', id: 'ASC' },
      }),
    );
    for (const r of rows) {
      const s = out.get(r.userId)?.[r.input];
      if (s) s.last = r.value;
    }
  }
  return out;
}

export interface ScoringBundle {
  employees: Employee[];
  /** Where each employee stood at the period's end: department, position, active then. */
  placements: Map<string, PeriodPlacement>;
  inputs: Map<string, ScorecardInput>;
}

export async function loadScoringInputs(ds: DataSource, userIds: string[], period: Period, timeZone: string): Promise<ScoringBundle> {
  const employees = await inChunks(userIds, (ids) => ds.getRepository(Employee).find({ where: { userId: In(ids) } }));
  const ids = employees.map((e) => e.userId);
  const months = monthKeysOf(period, timeZone);
  const definitions = new Map((await ds.getRepository(MetricDefinition).find()).map((d) => [d.code, d]));
  const placements = await placementsAt(ds, employees, orgMomentOf(period));
  const assignments = await inChunks(ids, (c) =>
    ds
      .getRepository(MetricAssignment)
      .createQueryBuilder('a')
      .where({ userId: In(c) })
      .andWhere(new Brackets((q) => q.where('a.starts_at IS NULL').orWhere('a.starts_at < :end', { end: period.end })))
      .andWhere(new Brackets((q) => q.where('a.ends_at IS NULL').orWhere('a.ends_at > :start', { start: period.start })))
      .getMany(),
  );
  const goals = await inChunks(ids, (c) => ds.getRepository(Goal).find({ where: { ownerUserId: In(c), level: 'key_result', periodKey: In(months) } }));
  const reviews = await inChunks(ids, (c) => ds.getRepository(SupervisorReview).find({ where: { userId: In(c), periodKey: In(months) } }));
  const ratings = await inChunks(ids, (c) => ds.getRepository(CollaborationRating).find({ where: { userId: In(c), periodKey: In(months) } }));
  const claims = await inChunks(ids, (c) =>
    ds.getRepository(ExceptionClaim).find({ where: { userId: In(c), status: 'approved', startAt: LessThan(period.end), endAt: MoreThan(period.start) } }),
  );
  // The database summarises everyone's records; row by row only for people with an exception.
  const summaries = await loadSummaries(ds, ids, period, [...definitions.values()]);
  const claimants = [...new Set(claims.map((c) => c.userId))];
  const records = await inChunks(claimants, (c) =>
    ds.getRepository(MetricRecord).find({
      where: { userId: In(c), occurredAt: rangeOf(period) },
      select: { id: true, userId: true, input: true, value: true, occurredAt: true },
    }),
  );
  const weightsFor = await loadWeightsInForce(ds, period, timeZone);
  const calendars = await loadWorkCalendars(ds, timeZone);
  // The department a member belonged to at the period's end decides their weights and calendar.
  const departmentOf = (userId: string) => placements.get(userId)?.mainDepartmentId ?? null;

  const byUser = <T extends { userId: string }>(rows: T[]) => groupBy(rows, (r) => r.userId);
  const coverageBy = new Map(
    [...byUser(assignments)].map(([userId, rows]) => {
      return [userId, assignmentCoverage(rows, period, timeZone, calendars.forDepartment(departmentOf(userId)))];
    }),
  );
  const partial = await loadPartialSummaries(coverageBy, period, (c, window) => loadSummaries(ds, c, window, [...definitions.values()]));
  const recordsBy = byUser(records);
  const reviewsBy = byUser(reviews);
  const ratingsBy = byUser(ratings);
  const claimsBy = byUser(claims);
  const goalsBy = groupBy(goals, (g) => g.ownerUserId ?? '');

  const inputs = new Map<string, ScorecardInput>();
  for (const e of employees) {
    const mySummaries = summaries.get(e.userId) ?? {};
    const departmentId = departmentOf(e.userId);
    const targetFactor = calendars.targetFactor(departmentId, period);
    const lines: LineInput[] = [];
    for (const { row: a, windows, share } of coverageBy.get(e.userId) ?? []) {
      const def = definitions.get(a.metricCode);
      if (!def || !def.active) continue;
      const names = new Set(def.inputs.map((i) => i.name));
      const whole = coversWhole(period, windows);
      const lineSummaries = whole ? mySummaries : (partial.get(partialKey(e.userId, windows)) ?? {});
      lines.push({
        kind: 'metric',
        code: def.code,
        name: def.name,
        unit: def.unit,
        direction: def.direction,
        formula: def.formula,
        inputs: def.inputs.map((i) => ({ name: i.name, aggregate: i.aggregate })),
        sourceNote: `${def.sourceSystem}：${def.sourceNote}`,
        // Part of the period: a total's target (or limit) and the weight by the working days covered.
        target: periodTarget(a.target, def, targetFactor) * (scalesWithPeriod(def) ? share : 1),
        targetKind: def.targetKind,
        weight: a.weight * share,
        floor: a.floor,
        records: (recordsBy.get(e.userId) ?? []).filter((r) => names.has(r.input) && (whole || inWindows(r.occurredAt, windows))),
        summaries: Object.fromEntries(Object.entries(lineSummaries).filter(([input]) => names.has(input))),
      });
    }
    for (const g of goalsBy.get(e.userId) ?? []) {
      lines.push({ kind: 'key_result', goalId: g.id, name: g.title, progress: g.progress, weight: g.weight });
    }
    const reviewStars = mean((reviewsBy.get(e.userId) ?? []).map((r) => r.stars));
    inputs.set(e.userId, {
      userId: e.userId,
      period,
      timeZone,
      lines,
      reviewStars,
      collaborationStars: (ratingsBy.get(e.userId) ?? []).map((r) => r.stars),
      weights: weightsFor(departmentId),
      calendar: calendars.forDepartment(departmentId),
      exceptions: (claimsBy.get(e.userId) ?? []).map(
        (c): ExceptionInput => ({ id: c.id, kind: c.kind, metricCodes: c.metricCodes, start: c.startAt, end: c.endAt, note: c.note }),
      ),
    });
  }
  return { employees, placements, inputs };
}

/** occurredAt in [start, end); TypeORM's Between would include the end. */
function rangeOf(period: Window) {
  return Raw((alias) => `${alias} >= :rangeStart AND ${alias} < :rangeEnd`, { rangeStart: period.start, rangeEnd: period.end });
}

async function inChunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}
