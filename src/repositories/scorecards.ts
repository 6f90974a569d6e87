/**
 * Scorecards as users see them: computed from the records at read time (so data shows at once),
 * with the peer rank among colleagues, and kept as a snapshot for rankings and pushes.
 */
import { DataSource, In } from 'typeorm';
import type { Period } from '../domain/periods';
import { computeScorecard, rankPeers, type PeerRank, type Scorecard } from '../domain/scoring';
import { Department, Employee, ScoreSnapshot } from '../entities';
import { loadBehaviourTags } from './behaviour-tags';
import { loadScoringInputs } from './scorecard-data';
import { loadScoringPolicy } from './scoring-policy';

export interface ScorecardView extends Scorecard {
  employee: { userId: string; name: string; position: string; departmentId: number | null; departmentName: string };
  peer: PeerRank | null;
}

/** Scorecards of `userIds`; peers are ranked among the same set, so pass the whole department or company. */
export async function computeScorecards(ds: DataSource, userIds: string[], period: Period, timeZone: string): Promise<Map<string, ScorecardView>> {
  const { employees, inputs } = await loadScoringInputs(ds, userIds, period, timeZone);
  const departments = new Map((await ds.getRepository(Department).find()).map((d) => [d.id, d.name]));
  // The company's rules and each person's 行为分 tags (docs/scoring.md §4a, §8, §9).
  const policy = await loadScoringPolicy(ds);
  const tags = await loadBehaviourTags(ds, employees.map((e) => e.userId), period, timeZone);
  const cards = new Map<string, Scorecard>();
  for (const e of employees) cards.set(e.userId, computeScorecard({ ...inputs.get(e.userId)!, policy, behaviourTags: tags.get(e.userId) ?? [] }));
  const ranks = rankPeers(
    employees.filter((e) => e.active).map((e) => ({ userId: e.userId, departmentId: e.mainDepartmentId, position: e.position, total: cards.get(e.userId)!.total })),
  );
  const views = new Map<string, ScorecardView>();
  for (const e of employees) {
    views.set(e.userId, {
      ...cards.get(e.userId)!,
      employee: {
        userId: e.userId,
        name: e.name,
        position: e.position,
        departmentId: e.mainDepartmentId,
        departmentName: (e.mainDepartmentId !== null && departments.get(e.mainDepartmentId)) || '',
      },
      peer: ranks.get(e.userId) ?? null,
    });
  }
  return views;
}

/** One employee's scorecard, ranked among the active members of their department. */
export async function computeEmployeeScorecard(ds: DataSource, userId: string, period: Period, timeZone: string): Promise<ScorecardView | null> {
  const employee = await ds.getRepository(Employee).findOneBy({ userId });
  if (!employee) return null;
  const peers =
    employee.mainDepartmentId === null
      ? [userId]
      : (await ds.getRepository(Employee).find({ where: { mainDepartmentId: employee.mainDepartmentId, active: true }, select: { userId: true } })).map((e) => e.userId);
  const views = await computeScorecards(ds, [...new Set([userId, ...peers])], period, timeZone);
  return views.get(userId) ?? null;
}

/** Stores the latest scorecards of a period (one row per employee and period). */
export async function saveSnapshots(ds: DataSource, views: Iterable<ScorecardView>, now: Date): Promise<void> {
  const rows = [...views].map((v) => ({
    userId: v.userId,
    periodKey: v.period.key,
    total: v.total,
    scorecard: v as never, // simple-json column: the deep-partial type does not fit a JSON object
    computedAt: now,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await ds.getRepository(ScoreSnapshot).upsert(rows.slice(i, i + 200), ['userId', 'periodKey']);
  }
}

export async function activeEmployeeIds(ds: DataSource, departmentIds?: number[]): Promise<string[]> {
  const where = departmentIds ? { active: true, mainDepartmentId: In(departmentIds) } : { active: true };
  return (await ds.getRepository(Employee).find({ where, select: { userId: true } })).map((e) => e.userId);
}
