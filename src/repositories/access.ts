/**
 * Who may see whose scores: everyone their own; managers their reports (the direct-leader chain,
 * or the departments they lead); HR everyone; API keys with scorecards:read everyone.
 */
import type { DataSource } from 'typeorm';
import type { Principal } from '../http/auth';
import { In } from 'typeorm';
import { Employee, UserRole } from '../entities';

export async function hasRole(ds: DataSource, userId: string, role: 'hr' | 'admin', bootstrapHr: string[] = []): Promise<boolean> {
  if (role === 'hr' && bootstrapHr.includes(userId)) return true;
  return ds.getRepository(UserRole).existsBy({ userId, role });
}

/** True when `managerId` is above `employeeId` in the org (up to 8 levels of direct leaders). */
export async function isManagerOf(ds: DataSource, managerId: string, employeeId: string): Promise<boolean> {
  const repo = ds.getRepository(Employee);
  const manager = await repo.findOneBy({ userId: managerId });
  let current = await repo.findOneBy({ userId: employeeId });
  if (!manager || !current || managerId === employeeId) return false;
  const led = new Set(manager.leadsDepartmentIds);
  if (current.mainDepartmentId !== null && led.has(current.mainDepartmentId)) return true;
  const seen = new Set<string>([employeeId]);
  for (let depth = 0; depth < 8 && current; depth++) {
    if (current.directLeaderIds.includes(managerId)) return true;
    const next: string | undefined = current.directLeaderIds.find((id) => !seen.has(id));
    if (!next) return false;
    seen.add(next);
    current = await repo.findOneBy({ userId: next });
  }
  return false;
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
