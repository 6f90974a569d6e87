/**
 * What the 25th to-do and the 27th reminder are made of: for every active manager (anyone
 * findReports gives reports to), the reports still without the month's supervisor review, each
 * with the 已连续3周无反馈 flag (src/repositories/feedback-gaps.ts).
 */
import { DataSource, In } from 'typeorm';
import { Employee, SupervisorReview } from '../entities';
import { departmentNames } from '../repositories/chat-lookup';
import { type FeedbackWindow, findSilentUsers } from '../repositories/feedback-gaps';
import { reportsByManager } from './org-sync';

export interface OpenReport {
  userId: string;
  name: string;
  /** '生产部 · 操作工' */
  detail: string;
  /** No tag or comment in the feedback window. */
  silent: boolean;
}

export interface ManagerTodo {
  managerId: string;
  managerName: string;
  reportCount: number;
  /** Flagged first, then by name. */
  open: OpenReport[];
}

/**
 * Every active manager with at least one active report, in userid order. Who reports to whom is
 * the org rule of reportsByManager (src/jobs/org-sync.ts), applied in one pass.
 */
export async function loadManagerTodos(ds: DataSource, monthKey: string, window: FeedbackWindow): Promise<ManagerTodo[]> {
  const active = await ds.getRepository(Employee).find({ where: { active: true }, order: { userId: 'ASC' } });
  const byId = new Map(active.map((e) => [e.userId, e]));
  const teams = [...reportsByManager(active)]
    .filter(([managerId]) => byId.has(managerId)) // a leader who left or is not synced gets nothing
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([managerId, reports]) => ({ manager: byId.get(managerId)!, reports }));
  const everyone = [...new Set(teams.flatMap((t) => t.reports.map((r) => r.userId)))];
  const reviewed = await reviewedIn(ds, monthKey, everyone);
  const openIds = everyone.filter((id) => !reviewed.has(id));
  const silent = await findSilentUsers(ds, openIds, window);
  const names = await departmentNames(ds);
  const toOpen = (e: Employee): OpenReport => ({
    userId: e.userId,
    name: e.name,
    detail: [names.get(e.mainDepartmentId ?? -1), e.position].filter(Boolean).join(' · ') || e.userId,
    silent: silent.has(e.userId),
  });
  return teams.map(({ manager, reports }) => ({
    managerId: manager.userId,
    managerName: manager.name,
    reportCount: reports.length,
    open: reports.filter((r) => !reviewed.has(r.userId)).map(toOpen).sort(flaggedFirst),
  }));
}

function flaggedFirst(a: OpenReport, b: OpenReport): number {
  return Number(b.silent) - Number(a.silent) || a.name.localeCompare(b.name, 'zh-Hans-CN') || a.userId.localeCompare(b.userId);
}

async function reviewedIn(ds: DataSource, monthKey: string, userIds: string[]): Promise<Set<string>> {
  const done = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await ds.getRepository(SupervisorReview).find({
      where: { periodKey: monthKey, userId: In(userIds.slice(i, i + 500)) },
      select: { userId: true },
    });
    rows.forEach((r) => done.add(r.userId));
  }
  return done;
}
