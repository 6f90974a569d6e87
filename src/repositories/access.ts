/**
 * Who may see whose scores: everyone their own; managers the people they lead and below (never
 * above or beside); HR everyone; API keys with scorecards:read everyone.
 */
import type { DataSource } from 'typeorm';
import type { Principal } from '../http/auth';
import { In } from 'typeorm';
import { Department, Employee, UserRole } from '../entities';
import { reportsByManager } from '../jobs/org-sync';

export async function hasRole(ds: DataSource, userId: string, role: 'hr' | 'admin', bootstrapHr: string[] = []): Promise<boolean> {
  if (role === 'hr' && bootstrapHr.includes(userId)) return true;
  return ds.getRepository(UserRole).existsBy({ userId, role });
}

/**
 * Everyone a manager leads, directly or through others: their reports by org sync's rule (direct
 * leader, else the leaders of one's department), those reports' reports and so on, plus every
 * member of a department below one they lead. Never the manager, and never anyone above them.
 */
export async function peopleBelow(ds: DataSource, managerId: string): Promise<Set<string>> {
  const everyone = await ds.getRepository(Employee).find();
  const me = everyone.find((e) => e.userId === managerId);
  if (!me) return new Set();
  const reports = reportsByManager(everyone);
  const subDepartments = descendantsOf(await ds.getRepository(Department).find(), me.leadsDepartmentIds);
  const seeds = [
    ...(reports.get(managerId) ?? []).map((e) => e.userId),
    ...everyone.filter((e) => e.mainDepartmentId !== null && subDepartments.has(e.mainDepartmentId)).map((e) => e.userId),
  ];
  const below = closure(seeds, (id) => (reports.get(id) ?? []).map((e) => e.userId));
  const leadersOf = new Map<string, string[]>();
  for (const [leader, list] of reports) for (const e of list) leadersOf.set(e.userId, [...(leadersOf.get(e.userId) ?? []), leader]);
  for (const id of closure([managerId], (id) => leadersOf.get(id) ?? [])) below.delete(id);
  below.delete(managerId);
  return below;
}

/** True when `managerId` leads `employeeId`, directly or further down (see peopleBelow). */
export async function isManagerOf(ds: DataSource, managerId: string, employeeId: string): Promise<boolean> {
  if (managerId === employeeId) return false;
  return (await peopleBelow(ds, managerId)).has(employeeId);
}

/** What a manager's department views (排行, 完成率) may show: themselves and the people below them. */
export async function managerView(ds: DataSource, managerId: string): Promise<{ userIds: Set<string>; departmentIds: number[] }> {
  const userIds = await peopleBelow(ds, managerId);
  if (userIds.size === 0) return { userIds, departmentIds: [] };
  userIds.add(managerId);
  const members = await ds.getRepository(Employee).find({ where: { userId: In([...userIds]), active: true }, select: { userId: true, mainDepartmentId: true } });
  const departmentIds = [...new Set(members.flatMap((e) => (e.mainDepartmentId === null ? [] : [e.mainDepartmentId])))].sort((a, b) => a - b);
  return { userIds, departmentIds };
}

function closure(start: string[], next: (id: string) => string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...start];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...next(id));
  }
  return seen;
}

/** Departments strictly below `roots`. */
function descendantsOf(departments: Department[], roots: number[]): Set<number> {
  const out = new Set<number>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop()!;
    for (const d of departments) {
      if (d.parentId === id && !out.has(d.id) && !roots.includes(d.id)) {
        out.add(d.id);
        queue.push(d.id);
      }
    }
  }
  return out;
}

export async function canViewEmployee(ds: DataSource, viewer: Principal, employeeId: string, hrUserIds: string[]): Promise<boolean> {
  if (viewer.kind === 'apikey') return viewer.scopes.includes('scorecards:read');
  if (viewer.userId === employeeId) return true;
  if (await hasRole(ds, viewer.userId, 'hr', hrUserIds)) return true;
  return isManagerOf(ds, viewer.userId, employeeId);
}

/**
 * The HR members to send to: PERFBOT_HR_USERIDS and everyone granted the hr role, sorted, minus
 * members the org mirror knows have left (an id not synced yet is kept: WeCom says if it is invalid).
 */
export async function hrRecipients(ds: DataSource, bootstrapHr: string[]): Promise<string[]> {
  const granted = (await ds.getRepository(UserRole).findBy({ role: 'hr' })).map((r) => r.userId);
  const ids = [...new Set([...bootstrapHr, ...granted])].sort();
  if (ids.length === 0) return [];
  const gone = await ds.getRepository(Employee).find({ where: { userId: In(ids), active: false }, select: { userId: true } });
  const left = new Set(gone.map((e) => e.userId));
  return ids.filter((id) => !left.has(id));
}
