/**
 * Who sees whom in the talent review: HR everyone; a manager the people below them (reports down
 * the direct-leader chain, and everyone in the departments they lead and below); an employee nobody
 * but their own plan and profile. Computed in memory over the org mirror, once per request.
 */
import type { DataSource } from 'typeorm';
import { Department, Employee } from '../entities';
import { hasRole } from '../repositories/access';
import { reportsByManager } from '../jobs/org-sync';

export type TalentScope = { kind: 'all' } | { kind: 'some'; userIds: Set<string> } | { kind: 'none' };

export async function talentScopeOf(ds: DataSource, viewerId: string, hrUserIds: string[]): Promise<TalentScope> {
  if (await hasRole(ds, viewerId, 'hr', hrUserIds)) return { kind: 'all' };
  const employees = await ds.getRepository(Employee).find({ where: { active: true } });
  const below = peopleBelow(employees, await ds.getRepository(Department).find(), viewerId);
  return below.size === 0 ? { kind: 'none' } : { kind: 'some', userIds: below };
}

/** Everyone under `managerId`: the whole report chain, plus the led departments and their sub-departments. */
export function peopleBelow(employees: Employee[], departments: Department[], managerId: string): Set<string> {
  const me = employees.find((e) => e.userId === managerId);
  const out = new Set<string>();
  if (!me) return out;
  const led = new Set(me.leadsDepartmentIds);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of departments) if (d.parentId !== null && led.has(d.parentId) && !led.has(d.id)) (led.add(d.id), (grew = true));
  }
  for (const e of employees) if (e.mainDepartmentId !== null && led.has(e.mainDepartmentId)) out.add(e.userId);
  const reports = reportsByManager(employees);
  const queue = [managerId];
  while (queue.length > 0) {
    for (const r of reports.get(queue.shift()!) ?? []) {
      if (!out.has(r.userId)) queue.push(r.userId);
      out.add(r.userId);
    }
  }
  out.delete(managerId);
  return out;
}

export function inScope(scope: TalentScope, userId: string): boolean {
  return scope.kind === 'all' || (scope.kind === 'some' && scope.userIds.has(userId));
}
