/**
 * Loads what the placement rules need for one quarter, in a few grouped queries: the monthly totals
 * (the same scorecards people see), tag weights, learning and growth, collaboration, suggestions and
 * key results shared across departments.
 */
import { DataSource, In } from 'typeorm';
import { parsePeriod, periodOf, type Period } from '../domain/periods';
import { BehaviourTag, CollaborationRating, DevelopmentPlan, Employee, Goal, GrowthRecord, Suggestion } from '../entities';
import { orgMomentOf } from '../domain/effective-dating';
import { placementsAt } from '../repositories/org-history';
import { computeScorecards } from '../repositories/scorecards';
import type { TalentInput } from './placement';

/** The three months of a quarter, in order. */
export function monthsOf(quarter: Period, timeZone: string): Period[] {
  const months: Period[] = [];
  for (let m = periodOf('month', quarter.start, timeZone); m.start < quarter.end; m = periodOf('month', m.end, timeZone)) months.push(m);
  return months;
}

export function previousQuarterKey(quarterKey: string, timeZone: string): string {
  const q = parsePeriod(quarterKey, timeZone);
  return periodOf('quarter', new Date(q.start.getTime() - 1), timeZone).key;
}

export interface MonthlyFacts {
  totals: Map<string, Array<number | null>>;
  /** Per user: floors breached, with their month. */
  floorBreaches: Map<string, Array<{ monthKey: string; metric: string }>>;
}

/** Monthly totals and floor breaches of `userIds` for each month given (scored as people see them). */
export async function loadMonthlyFacts(ds: DataSource, userIds: string[], months: Period[], timeZone: string): Promise<MonthlyFacts> {
  const totals = new Map<string, Array<number | null>>(userIds.map((id) => [id, []]));
  const floorBreaches = new Map<string, Array<{ monthKey: string; metric: string }>>();
  for (const month of months) {
    const views = await computeScorecards(ds, userIds, month, timeZone);
    for (const id of userIds) {
      const v = views.get(id);
      totals.get(id)!.push(v?.total ?? null);
      for (const line of v?.lines ?? []) {
        if (line.floorBreached) floorBreaches.set(id, [...(floorBreaches.get(id) ?? []), { monthKey: month.key, metric: line.name }]);
      }
    }
  }
  return { totals, floorBreaches };
}

/**
 * Everyone active, with the quarter's signals. `previous` holds last quarter's performance per
 * person (from last quarter's review when there is one).
 */
export async function loadTalentInputs(
  ds: DataSource,
  quarter: Period,
  timeZone: string,
  previous: Map<string, number | null>,
): Promise<TalentInput[]> {
  // Who was in post at the quarter's end, in the department and position they held then (a transfer
  // during the quarter is compared with the department they ended it in; docs/talent.md §2).
  const everyone = await ds.getRepository(Employee).find({ order: { userId: 'ASC' } });
  const placements = await placementsAt(ds, everyone, orgMomentOf(quarter));
  const employees = everyone.filter((e) => placements.get(e.userId)?.active ?? e.active);
  const ids = employees.map((e) => e.userId);
  const months = monthsOf(quarter, timeZone);
  const monthKeys = months.map((m) => m.key);
  const { totals } = await loadMonthlyFacts(ds, ids, months, timeZone);
  const range = { start: quarter.start, end: quarter.end };

  const tagSums = await sumBy(ds, BehaviourTag, 'user_id', 'weight', 'created_at', range);
  const growth = await ds
    .getRepository(GrowthRecord)
    .createQueryBuilder('g')
    .select('g.user_id', 'userId')
    .addSelect('g.kind', 'kind')
    .addSelect('SUM(g.value)', 'total')
    .where('g.occurred_at >= :start AND g.occurred_at < :end', range)
    .groupBy('g.user_id')
    .addGroupBy('g.kind')
    .getRawMany<{ userId: string; kind: string; total: string | number }>();
  const growthBy = new Map<string, Record<string, number>>();
  for (const g of growth) growthBy.set(g.userId, { ...(growthBy.get(g.userId) ?? {}), [g.kind]: Number(g.total) });

  const ratings = await ds.getRepository(CollaborationRating).find({ where: { periodKey: In(monthKeys) }, select: { userId: true, stars: true } });
  const starsBy = new Map<string, number[]>();
  for (const r of ratings) starsBy.set(r.userId, [...(starsBy.get(r.userId) ?? []), r.stars]);

  const suggestions = await countBy(ds, Suggestion, 'user_id', 'created_at', range);
  const plansDone = await countBy(ds, DevelopmentPlan, 'user_id', 'completed_at', range);
  const departmentOf = (e: Employee) => placements.get(e.userId)?.mainDepartmentId ?? e.mainDepartmentId;
  const shared = await sharedKeyResults(ds, monthKeys, new Map(employees.map((e) => [e.userId, departmentOf(e)])));

  return employees.map((e) => {
    const g = growthBy.get(e.userId) ?? {};
    return {
      userId: e.userId,
      name: e.name,
      departmentId: departmentOf(e),
      position: placements.get(e.userId)?.position ?? e.position,
      monthlyTotals: totals.get(e.userId) ?? [],
      previousPerformance: previous.get(e.userId) ?? null,
      behaviour: tagSums.get(e.userId) ?? 0,
      trainingHours: g.training_hours ?? 0,
      certifications: g.certification ?? 0,
      skills: g.skill ?? 0,
      planActionsDone: plansDone.get(e.userId) ?? 0,
      collaborationStars: starsBy.get(e.userId) ?? [],
      suggestions: suggestions.get(e.userId) ?? 0,
      sharedKeyResults: shared.get(e.userId) ?? 0,
    };
  });
}

/**
 * A key result is shared across departments when its objective has key results owned by people of
 * more than one department (the objective's owners worked on it together).
 */
async function sharedKeyResults(ds: DataSource, monthKeys: string[], departmentOf: Map<string, number | null>): Promise<Map<string, number>> {
  const krs = await ds.getRepository(Goal).find({ where: { level: 'key_result', periodKey: In(monthKeys) }, select: { id: true, ownerUserId: true, parentId: true } });
  const byObjective = new Map<number, Goal[]>();
  for (const k of krs) if (k.parentId !== null && k.ownerUserId) byObjective.set(k.parentId, [...(byObjective.get(k.parentId) ?? []), k]);
  const out = new Map<string, number>();
  for (const group of byObjective.values()) {
    const departments = new Set(group.map((k) => departmentOf.get(k.ownerUserId!) ?? null));
    if (departments.size < 2) continue;
    for (const k of group) out.set(k.ownerUserId!, (out.get(k.ownerUserId!) ?? 0) + 1);
  }
  return out;
}

type Range = { start: Date; end: Date };

async function sumBy(ds: DataSource, entity: Function, userColumn: string, valueColumn: string, timeColumn: string, range: Range): Promise<Map<string, number>> {
  const rows = await ds
    .getRepository(entity)
    .createQueryBuilder('t')
    .select(`t.${userColumn}`, 'userId')
    .addSelect(`SUM(t.${valueColumn})`, 'total')
    .where(`t.${timeColumn} >= :start AND t.${timeColumn} < :end`, range)
    .groupBy(`t.${userColumn}`)
    .getRawMany<{ userId: string; total: string | number }>();
  return new Map(rows.map((r) => [r.userId, Math.round(Number(r.total) * 100) / 100]));
}

async function countBy(ds: DataSource, entity: Function, userColumn: string, timeColumn: string, range: Range): Promise<Map<string, number>> {
  const rows = await ds
    .getRepository(entity)
    .createQueryBuilder('t')
    .select(`t.${userColumn}`, 'userId')
    .addSelect('COUNT(*)', 'n')
    .where(`t.${timeColumn} >= :start AND t.${timeColumn} < :end`, range)
    .groupBy(`t.${userColumn}`)
    .getRawMany<{ userId: string; n: string | number }>();
  return new Map(rows.map((r) => [r.userId, Number(r.n)]));
}
