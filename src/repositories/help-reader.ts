/**
 * Who is reading 帮助, from the org mirror: their roles and the names their examples use (their own
 * reports, a colleague in another department, their department, the tag catalogue's first tags).
 */
import type { DataSource } from 'typeorm';
import type { HelpReader, HelpRole } from '../../cards/help-card';
import type { Config } from '../config';
import { Department, Employee } from '../entities';
import { reportsByManager } from '../jobs/org-sync';
import { hasRole } from './access';
import { activeCatalogue } from './tags';

const byName = (a: Employee, b: Employee) => a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId);

export async function loadHelpReader(ds: DataSource, config: Pick<Config, 'hrUserIds'>, userId: string, me: Employee | null): Promise<HelpReader> {
  const roles = new Set<HelpRole>(['employee']);
  // Independent reads at once (on MariaDB they overlap on the pool); one read of the active org
  // serves both the reader's reports and the example names.
  const [active, isHr, departments, praise, remind] = await Promise.all([
    ds.getRepository(Employee).findBy({ active: true }),
    hasRole(ds, userId, 'hr', config.hrUserIds),
    ds.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'DESC', id: 'ASC' } }),
    activeCatalogue(ds, 'praise'),
    activeCatalogue(ds, 'remind'),
  ]);
  const reports = me ? [...(reportsByManager(active).get(userId) ?? [])].sort(byName) : [];
  if (reports.length > 0 || (me?.leadsDepartmentIds.length ?? 0) > 0) roles.add('manager');
  if (isHr) roles.add('hr');
  const everyone = active.filter((e) => e.userId !== userId).sort(byName);
  const others = reports.length > 0 ? reports : everyone;
  const ownDept = departments.find((d) => d.id === me?.mainDepartmentId && d.parentId !== null && d.parentId !== 0);
  const colleague = everyone.find((e) => me?.mainDepartmentId !== null && e.mainDepartmentId !== me?.mainDepartmentId && !me?.directLeaderIds.includes(e.userId));
  return {
    name: me?.name ?? '您好',
    roles,
    report: others[0]?.name ?? '张三',
    report2: others[1]?.name ?? '李四',
    colleague: colleague?.name ?? everyone[0]?.name ?? '张三',
    department: ownDept?.name ?? departments.find((d) => d.parentId !== null && d.parentId !== 0)?.name ?? departments[0]?.name ?? '生产部',
    praiseTag: praise[0]?.label ?? '主动加班支援',
    remindTag: remind[0]?.label ?? '安全规范提醒',
  };
}
