/**
 * Employees from a sheet, for companies that keep their roster outside WeCom: upsert by 工号,
 * source 'import'. Members synced from WeCom are WeCom's to change; a row that would change one
 * is refused, except for 入职日期, which WeCom does not have. Changes are appended to the org history, never overwriting the past.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { formatLocal } from '../domain/periods';
import { Department, Employee } from '../entities';
import { recordOrgHistory } from '../repositories/org-history';
import { DepartmentResolver } from './departments';
import { findByKeys, findRepeats, firstOfEach } from './lookup';
import { auditImport, diff, newCounts, runPlan, sameValues } from './run-plan';
import type { Plan } from './run-plan';
import type { ColumnSpec, ImportError, KindContext, KindHandler, ParsedRow } from './types';

const columns: ColumnSpec[] = [
  { field: 'userId', header: '工号', aliases: ['userid', '员工ID', '员工编号', '账号'], required: true, type: 'text', maxLength: 64, help: '员工在系统中的唯一编号（与企业微信账号一致时可直接登录）' },
  { field: 'name', header: '姓名', aliases: ['name', '员工姓名'], required: true, type: 'text', maxLength: 64, help: '员工姓名' },
  { field: 'department', header: '部门', aliases: ['department', '所属部门'], required: true, type: 'text', maxLength: 255, help: '部门名称；系统中没有的部门会在根部门下自动新建；同名部门请写成“上级部门/部门”' },
  { field: 'position', header: '岗位', aliases: ['position', '职位', '职务'], type: 'text', maxLength: 128, help: '岗位名称' },
  { field: 'leaders', header: '直属上级工号', aliases: ['直属上级', '上级工号', 'leader'], type: 'list', maxLength: 64, help: '上级的工号，最多 5 个，用“、”或“,”分隔；可以是本表中其他行的员工' },
  { field: 'isLeader', header: '是否部门负责人', aliases: ['部门负责人', '负责人'], type: 'bool', help: '填“是”或“否”，空白为“否”' },
  { field: 'leftOn', header: '离职日期', aliases: ['离职', '离职时间'], type: 'datetime', help: '已离职员工填离职日期（如 2026-11-05）；在职员工空白。用于效果验证的核心岗位流失率' },
  { field: 'hiredOn', header: '入职日期', aliases: ['hiredOn', '入职时间', '入司日期', '入职'], type: 'date', help: '如 2021-03-15；用于储备干部筛选的司龄。企业微信同步的员工也可以只用本表补填入职日期（其他列须与通讯录一致）；空白表示未登记' },
];

const MAX_LEADERS = 5;

export const employeesImport: KindHandler = {
  kind: 'employees',
  columns,
  samples: [{ userId: 'zhangsan', name: '张三', department: '生产部', position: '操作工', leaders: 'lisi', isLeader: '否', hiredOn: '2021-03-15' }],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'employees', ctx, (tx) => planEmployees(tx, rows, ctx)),
};

async function planEmployees(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const userIdOf = (r: ParsedRow): string => r.values.userId as string;
  const errors: ImportError[] = findRepeats(rows, userIdOf, '工号', '工号');
  const unique = firstOfEach(rows, userIdOf);
  const inFile = new Set(unique.map(userIdOf));
  const leaderIds = unique.flatMap((r) => (r.values.leaders as string[] | null | undefined) ?? []);
  const stored = new Map((await findByKeys(tx, Employee, 'userId', [...inFile, ...leaderIds])).map((e) => [e.userId, e]));
  const depts = await DepartmentResolver.load(tx, ctx.now);
  const counts = newCounts();
  const changes: Array<{ before: Employee | null; next: Employee }> = [];
  const touchedDepts = new Map<number, Department>();
  const hireDates: Array<{ before: Employee; hiredOn: string | null }> = [];
  const today = formatLocal(ctx.now, ctx.timeZone).slice(0, 10);

  for (const r of unique) {
    const v = r.values;
    const userId = userIdOf(r);
    const existing = stored.get(userId) ?? null;
    const dept = depts.resolve(v.department as string);
    if (!dept.ok) {
      errors.push({ row: r.row, column: '部门', message: dept.message });
      continue;
    }
    const leaders = v.leaders === undefined ? (existing?.directLeaderIds ?? []) : ((v.leaders as string[] | null) ?? []);
    // Leaders kept from the stored row (column absent) were checked when they were set.
    const leaderError = v.leaders === undefined ? null : checkLeaders(userId, leaders, inFile, stored);
    if (leaderError) {
      errors.push({ row: r.row, column: '直属上级工号', message: leaderError });
      continue;
    }
    const leads = v.isLeader === undefined ? Boolean(existing?.leadsDepartmentIds.includes(dept.id)) : v.isLeader === true;
    const leftOn = v.leftOn === undefined ? (existing?.leftOn ?? null) : v.leftOn instanceof Date ? formatLocal(v.leftOn, ctx.timeZone).slice(0, 10) : null;
    const hiredOn = v.hiredOn === undefined ? (existing?.hiredOn ?? null) : ((v.hiredOn as string | null) ?? null);
    if (hiredOn !== null && hiredOn > today) {
      errors.push({ row: r.row, column: '入职日期', message: `入职日期 ${hiredOn} 晚于今天（${today}），请核对` });
      continue;
    }
    const fields: Omit<Employee, 'syncedAt'> = {
      userId,
      name: v.name as string,
      mainDepartmentId: dept.id,
      departmentIds: [dept.id],
      leadsDepartmentIds: leads ? [dept.id] : [],
      directLeaderIds: leaders,
      position: v.position === undefined ? (existing?.position ?? '') : ((v.position as string | null) ?? ''),
      status: leftOn ? 5 : 1,
      active: !leftOn,
      source: existing?.source ?? 'import',
      leftOn,
      hiredOn,
    };
    if (existing && sameValues({ ...existing, hiredOn: existing.hiredOn ?? null, leftOn: existing.leftOn ?? null }, fields)) {
      counts.unchanged++;
      continue;
    }
    if (existing?.source === 'wecom') {
      // WeCom has no hire date: the sheet may add one to a synced member, and change nothing else.
      if (sameValues(existing, { ...fields, hiredOn: existing.hiredOn })) {
        counts.updated++;
        hireDates.push({ before: existing, hiredOn });
        continue;
      }
      errors.push({ row: r.row, column: '工号', message: '该员工由企业微信通讯录同步，请在企业微信中修改（导入不会覆盖同步的数据；只补填入职日期时，其他列须与通讯录一致）' });
      continue;
    }
    counts[existing ? 'updated' : 'inserted']++;
    changes.push({ before: existing, next: { ...fields, source: 'import', syncedAt: ctx.now } });
    for (const old of existing?.leadsDepartmentIds ?? []) if (old !== dept.id) keep(touchedDepts, depts.setLeader(userId, old, false));
    keep(touchedDepts, depts.setLeader(userId, dept.id, leads));
  }

  const created = depts.created.filter((d) => changes.some((c) => c.next.mainDepartmentId === d.id));
  const notes = created.length > 0 ? [`${ctx.dryRun ? '将新建' : '已新建'}部门：${created.map((d) => d.name).join('、')}`] : [];
  return {
    errors,
    counts,
    notes,
    async apply() {
      for (const d of created) {
        await tx.getRepository(Department).insert({ ...d });
        await auditImport(tx, ctx, { action: 'department.import', entity: 'departments', entityId: d.id, before: null, after: { name: d.name, parentId: d.parentId } });
      }
      for (const d of touchedDepts.values()) await tx.getRepository(Department).update({ id: d.id }, { leaderUserIds: d.leaderUserIds });
      for (const { before, next } of changes) {
        await tx.getRepository(Employee).save(next);
        const { syncedAt: _ignored, ...fields } = next;
        await auditImport(tx, ctx, { action: 'employee.import', entity: 'employees', entityId: next.userId, subjectUserId: next.userId, ...diff(before, fields) });
      }
      for (const { before, hiredOn } of hireDates) {
        await tx.getRepository(Employee).update({ userId: before.userId }, { hiredOn });
        await auditImport(tx, ctx, { action: 'employee.import', entity: 'employees', entityId: before.userId, subjectUserId: before.userId, before: { hiredOn: before.hiredOn ?? null }, after: { hiredOn } });
      }
      // A transfer or a new position starts now; the periods before keep the old placement.
      await recordOrgHistory(tx, changes.map((c) => c.next), ctx.now);
    },
  };
}

function keep(touched: Map<number, Department>, d: Department | null): void {
  if (d) touched.set(d.id, d);
}

function checkLeaders(userId: string, leaders: string[], inFile: Set<string>, stored: Map<string, Employee>): string | null {
  if (leaders.length > MAX_LEADERS) return `最多 ${MAX_LEADERS} 个直属上级，现有 ${leaders.length} 个`;
  if (leaders.includes(userId)) return '不能是本人';
  const unknown = leaders.filter((id) => !inFile.has(id) && !stored.has(id));
  return unknown.length > 0 ? `未知员工：${unknown.join('、')}（不在系统中，也不在本表中）` : null;
}
