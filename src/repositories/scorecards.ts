/**
 * Scorecards as users see them: computed from the records at read time (so data shows at once),
 * with the peer rank among the colleagues of that period (the org as it was at the period's end),
 * and kept as a snapshot for rankings and pushes.
 */
import { DataSource, In } from 'typeorm';
import type { Period } from '../domain/periods';
import { computeScorecard, rankPeers, type PeerRank, type Scorecard } from '../domain/scoring';
import { Department, Employee } from '../entities';
import { orgMomentOf } from '../domain/effective-dating';
import type { ScoreChange } from '../domain/published';
import { membersAt, placementsAt } from './org-history';
import { reconcilePublished, upsertSnapshotRows } from './published-scorecards';
import { loadScoringInputs, type ScoringEmployee } from './scorecard-data';
import { applyLineOverrides } from '../appeals/line-overrides';
import { loadLineOverrides } from './score-overrides';
import { loadBehaviourTags } from './behaviour-tags';
import { loadScoringPolicy } from './scoring-policy';

export interface ScorecardView extends Scorecard {
  employee: { userId: string; name: string; position: string; departmentId: number | null; departmentName: string };
  peer: PeerRank | null;
  /** Published numbers of this period that differ now (old → new, why); empty when none. */
  changes?: ScoreChange[];
}

/**
 * Scorecards of `userIds`; peers are ranked among the same set, so pass the whole department or
 * company. Published numbers that moved are audited and listed in `changes` (at `now`); with
 * recordChanges false (a dry run) they are listed only, nothing is written.
 */
export async function computeScorecards(
  ds: DataSource,
  userIds: string[],
  period: Period,
  timeZone: string,
  now = new Date(),
  opts: { recordChanges?: boolean } = {},
): Promise<Map<string, ScorecardView>> {
  const { employees, placements, inputs, scope } = await loadScoringInputs(ds, userIds, period, timeZone);
  const departments = new Map((await ds.getRepository(Department).find()).map((d) => [d.id, d.name]));
  // The company's rules and each person's 行为分 tags (docs/scoring.md §4a, §8, §9).
  const policy = await loadScoringPolicy(ds);
  const tags = await loadBehaviourTags(ds, scope, period, timeZone);
  const cards = new Map<string, Scorecard>();
  const overrides = await loadLineOverrides(ds, scope, period.key);
  for (const e of employees) {
    const card = computeScorecard({ ...inputs.get(e.userId)!, policy, behaviourTags: tags.get(e.userId) ?? [] });
    cards.set(e.userId, applyLineOverrides(card, overrides.get(e.userId) ?? []));
  }
  const at = (e: ScoringEmployee) => placements.get(e.userId) ?? e;
  const ranks = rankPeers(
    employees
      .filter((e) => at(e).active)
      .map((e) => ({ userId: e.userId, departmentId: at(e).mainDepartmentId, position: at(e).position, total: cards.get(e.userId)!.total })),
  );
  const views = new Map<string, ScorecardView>();
  for (const e of employees) {
    const { mainDepartmentId, position } = at(e);
    views.set(e.userId, {
      ...cards.get(e.userId)!,
      employee: {
        userId: e.userId,
        name: e.name,
        position,
        departmentId: mainDepartmentId,
        departmentName: (mainDepartmentId !== null && departments.get(mainDepartmentId)) || '',
      },
      peer: ranks.get(e.userId) ?? null,
      changes: [],
    });
  }
  await reconcilePublished(ds, [...views.values()], period, now, opts.recordChanges ?? true);
  return views;
}

/** One employee's scorecard, ranked among the active members of their department in that period. */
export async function computeEmployeeScorecard(ds: DataSource, userId: string, period: Period, timeZone: string, now = new Date()): Promise<ScorecardView | null> {
  const employee = await ds.getRepository(Employee).findOneBy({ userId });
  if (!employee) return null;
  const moment = orgMomentOf(period);
  const departmentId = (await placementsAt(ds, [employee], moment)).get(userId)?.mainDepartmentId ?? null;
  const peers = departmentId === null ? [userId] : await membersAt(ds, moment, [departmentId]);
  const views = await computeScorecards(ds, [...new Set([userId, ...peers])], period, timeZone, now);
  return views.get(userId) ?? null;
}

/** Stores the latest scorecards of a period (one row per employee and period); the published record is left as it is. */
export async function saveSnapshots(ds: DataSource, views: Iterable<ScorecardView>, now: Date): Promise<void> {
  const rows = [...views].map((v) => ({
    userId: v.userId,
    periodKey: v.period.key,
    total: v.total,
    scorecard: v as never, // simple-json column: the deep-partial type does not fit a JSON object
    computedAt: now,
  }));
  await upsertSnapshotRows(ds, rows);
}

/** Who a ranking of `period` contains: the active members of the departments at the period's end. */
export async function periodMemberIds(ds: DataSource, period: Period, departmentIds?: number[]): Promise<string[]> {
  return membersAt(ds, orgMomentOf(period), departmentIds);
}

export async function activeEmployeeIds(ds: DataSource, departmentIds?: number[]): Promise<string[]> {
  const where = departmentIds ? { active: true, mainDepartmentId: In(departmentIds) } : { active: true };
  return (await ds.getRepository(Employee).find({ where, select: { userId: true } })).map((e) => e.userId);
}
