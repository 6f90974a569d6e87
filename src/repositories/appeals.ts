/**
 * 申诉 (appeals): who approves a member's appeal or exception declaration, and the appeal rows.
 * A decision is a conditional update (pending → decided), so two approvers tapping at once, or
 * one tapping twice, decide it exactly once.
 */
import { DataSource, EntityManager, In } from 'typeorm';
import type { Config } from '../config';
import { Appeal, Department, Employee } from '../entities';
import type { AppealOutcome } from '../entities/appeal.entity';
import { hrRecipients } from './access';

export interface Approvers {
  /** The direct leader, else the leader of the member's department (or of a parent department). */
  leaderId: string | null;
  /** HR members (bootstrap list and granted role), the member excluded. */
  hrIds: string[];
}

/** The member's leader: directLeaderIds[0] if active, else a leader of their department walking up the tree. */
export async function findLeader(ds: DataSource, employee: Employee): Promise<string | null> {
  const people = ds.getRepository(Employee);
  for (const id of employee.directLeaderIds) {
    if (id === employee.userId) continue;
    if (await people.existsBy({ userId: id, active: true })) return id;
  }
  const departments = ds.getRepository(Department);
  let deptId = employee.mainDepartmentId;
  for (let depth = 0; deptId !== null && depth < 10; depth++) {
    const dept = await departments.findOneBy({ id: deptId });
    if (!dept) return null;
    for (const id of dept.leaderUserIds) {
      if (id !== employee.userId && (await people.existsBy({ userId: id, active: true }))) return id;
    }
    deptId = dept.parentId;
  }
  return null;
}

export async function findApprovers(ds: DataSource, employee: Employee, config: Pick<Config, 'hrUserIds'>): Promise<Approvers> {
  const leaderId = await findLeader(ds, employee);
  const hrIds = (await hrRecipients(ds, config.hrUserIds)).filter((id) => id !== employee.userId);
  return { leaderId, hrIds };
}

/** Who receives the request card: the leader (plus HR when asked); HR alone when there is no leader. */
export function requestRecipients(a: Approvers, includeHr: boolean): string[] {
  const ids = a.leaderId ? [a.leaderId, ...(includeHr ? a.hrIds : [])] : a.hrIds;
  return [...new Set(ids)];
}

/** Only the member's leader or HR may decide, and never on their own request. */
export async function mayDecide(ds: DataSource, deciderId: string, subject: Employee, config: Pick<Config, 'hrUserIds'>): Promise<boolean> {
  if (deciderId === subject.userId) return false;
  const { leaderId, hrIds } = await findApprovers(ds, subject, config);
  return deciderId === leaderId || hrIds.includes(deciderId);
}

export async function employeeName(ds: DataSource, userId: string | null): Promise<string> {
  if (!userId) return '';
  return (await ds.getRepository(Employee).findOneBy({ userId }))?.name ?? userId;
}

export async function createAppeal(
  manager: EntityManager,
  input: { userId: string; periodKey: string; reason: string; now: Date },
): Promise<Appeal> {
  const row = manager.create(Appeal, {
    userId: input.userId,
    periodKey: input.periodKey,
    reason: input.reason,
    evidence: [],
    status: 'pending',
    handlerId: null,
    decisionNote: null,
    createdAt: input.now,
    decidedAt: null,
  });
  return manager.save(Appeal, row);
}

export async function findPendingAppeal(ds: DataSource, userId: string, periodKey?: string): Promise<Appeal | null> {
  return ds.getRepository(Appeal).findOne({
    where: periodKey ? { userId, status: 'pending', periodKey } : { userId, status: 'pending' },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
}

/** The member's pending appeals first, then the most recent decided ones. */
export async function listAppeals(ds: DataSource, userId: string, limit = 8): Promise<Appeal[]> {
  const rows = await ds.getRepository(Appeal).find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 50 });
  const pending = rows.filter((r) => r.status === 'pending');
  const decided = rows.filter((r) => r.status !== 'pending');
  return [...pending, ...decided].slice(0, limit);
}

/**
 * Decides a pending appeal; false when it was no longer pending (already decided by someone).
 */
export async function decideAppeal(
  manager: EntityManager,
  id: number,
  decision: { status: 'accepted' | 'rejected'; handlerId: string; note: string; now: Date; outcome?: AppealOutcome },
): Promise<boolean> {
  const res = await manager
    .createQueryBuilder()
    .update(Appeal)
    .set({ status: decision.status, handlerId: decision.handlerId, decisionNote: decision.note, decidedAt: decision.now, ...(decision.outcome ? { outcome: decision.outcome } : {}) })
    .where('id = :id AND status = :pending', { id, pending: 'pending' })
    .execute();
  return res.affected === 1;
}

export async function departmentNameOf(ds: DataSource, employee: Pick<Employee, 'mainDepartmentId'>): Promise<string> {
  if (employee.mainDepartmentId === null) return '';
  return (await ds.getRepository(Department).findOneBy({ id: employee.mainDepartmentId }))?.name ?? '';
}

export async function namesOf(ds: DataSource, userIds: string[]): Promise<string> {
  if (userIds.length === 0) return '';
  const rows = await ds.getRepository(Employee).findBy({ userId: In(userIds) });
  const byId = new Map(rows.map((r) => [r.userId, r.name]));
  return userIds.map((id) => byId.get(id) ?? id).join('、');
}
