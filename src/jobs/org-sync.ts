/**
 * Org sync: departments and members from the WeCom contacts API into the org mirror, on start,
 * nightly and by `perfbot org sync`. Everything else needs to know who reports to whom.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { Department, Employee } from '../entities';
import type { Logger } from '../logger';
import type { WeComDepartment, WeComUser } from '../wecom/api-types';
import { recordOrgHistory } from '../repositories/org-history';
import { DEFAULT_TIME_ZONE, formatLocal } from '../domain/periods';

export interface ContactsSource {
  listDepartments(): Promise<WeComDepartment[]>;
  listUsers(departmentId: number): Promise<WeComUser[]>;
}

export interface OrgSyncResult {
  departments: number;
  employees: number;
  deactivated: number;
}

/** Maps a WeCom member to the mirror row (pure). */
export function toEmployee(u: WeComUser, now: Date): Employee {
  const departments = u.department ?? [];
  return {
    userId: u.userid,
    name: u.name,
    mainDepartmentId: u.main_department ?? departments[0] ?? null,
    departmentIds: departments,
    leadsDepartmentIds: departments.filter((_, i) => u.is_leader_in_dept?.[i] === 1),
    directLeaderIds: (u.direct_leader ?? []).filter((id) => id && id !== u.userid),
    position: u.position ?? '',
    status: u.status ?? 1,
    active: (u.status ?? 1) === 1,
    source: 'wecom',
    syncedAt: now,
  };
}

export function toDepartment(d: WeComDepartment, now: Date): Department {
  return {
    id: d.id,
    name: d.name,
    parentId: d.parentid || null,
    sortOrder: d.order ?? 0,
    leaderUserIds: d.department_leader ?? [],
    active: true,
    syncedAt: now,
  };
}

/**
 * A full pull. Members WeCom no longer lists are kept (their history matters) but set inactive.
 * Every change of department, position, managers or status is appended to the org history.
 */
export async function syncOrg(ds: DataSource, source: ContactsSource, now: Date, log: Logger): Promise<OrgSyncResult> {
  const departments = await source.listDepartments();
  const users = new Map<string, WeComUser>();
  for (const d of departments) {
    // user/list per department (fetch_child is no longer documented); a member in two departments comes twice.
    for (const u of await source.listUsers(d.id)) users.set(u.userid, u);
  }
  const result = await ds.transaction(async (tx) => {
    await tx.getRepository(Department).save(departments.map((d) => toDepartment(d, now)));
    const known = new Set(departments.map((d) => d.id));
    const staleDepts = (await tx.getRepository(Department).find()).filter((d) => !known.has(d.id) && d.active);
    for (const d of staleDepts) await tx.getRepository(Department).update({ id: d.id }, { active: false, syncedAt: now });

    const members = [...users.values()].map((u) => toEmployee(u, now));
    await saveInChunks(tx, members);
    const stale = (await tx.getRepository(Employee).find({ where: { active: true, source: 'wecom' } })).filter((e) => !users.has(e.userId));
    // The day they left is kept for the outcome report's turnover (WeCom gives none).
    for (const e of stale) await tx.getRepository(Employee).update({ userId: e.userId }, { active: false, status: 5, syncedAt: now, leftOn: formatLocal(now, DEFAULT_TIME_ZONE).slice(0, 10) });
    await recordOrgHistory(tx, [...members, ...stale.map((e) => ({ ...e, active: false, status: 5 }))], now);
    return { departments: departments.length, employees: users.size, deactivated: stale.length };
  });
  log.info(result, 'org sync finished');
  return result;
}

async function saveInChunks(tx: EntityManager, rows: Employee[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await tx.getRepository(Employee).save(rows.slice(i, i + 200));
}

/**
 * Who reports to whom, for every manager among `employees` (the active ones) in one pass: those
 * naming the manager as a direct leader, and members without any direct leader in a department the
 * manager leads. The one statement of the rule; findReports asks it for a single manager.
 */
export function reportsByManager(employees: Employee[]): Map<string, Employee[]> {
  const leadersOf = new Map<number, string[]>();
  for (const m of employees) for (const d of m.leadsDepartmentIds) leadersOf.set(d, [...(leadersOf.get(d) ?? []), m.userId]);
  const out = new Map<string, Set<Employee>>();
  const add = (managerId: string, e: Employee) => {
    if (managerId === e.userId) return;
    const set = out.get(managerId);
    if (set) set.add(e);
    else out.set(managerId, new Set([e]));
  };
  for (const e of employees) {
    if (e.directLeaderIds.length > 0) e.directLeaderIds.forEach((id) => add(id, e));
    else if (e.mainDepartmentId !== null) (leadersOf.get(e.mainDepartmentId) ?? []).forEach((id) => add(id, e));
  }
  return new Map([...out].map(([id, set]) => [id, [...set]]));
}

/** The direct reports of a manager: direct_leader first; else members of departments they lead. */
export async function findReports(ds: DataSource, managerId: string): Promise<Employee[]> {
  const active = await ds.getRepository(Employee).find({ where: { active: true } });
  return reportsByManager(active).get(managerId) ?? [];
}
