/**
 * The org history and dated assignments at the storage level: the migration's backfill, the
 * employee import appending instead of overwriting, and the assignment import's 开始日期/结束日期
 * (no 开始日期 = from the import; a changed target closes the old row).
 */
import type { DataSource } from 'typeorm';
import { EmployeeOrgHistory, MetricAssignment } from '../../src/entities';
import { importFile } from '../../src/import';
import { membersAt, placementsAt } from '../../src/repositories/org-history';
import { openTestDatabase } from '../helpers/db';
import { NOW, OPTS, clearTables, makeXlsx, seedDepartment, seedEmployee, seedFloor, seedMetric } from '../import/import-helpers';

const at = (local: string) => new Date(`${local}+08:00`);

/**
 * An employee row as the schema before effective dating had it (later migrations add columns the
 * entity now maps, such as hired_on, so the repository cannot write to the reverted table).
 */
async function insertOldEmployee(ds: DataSource, userId: string, name: string, o: { position: string; active?: boolean; status?: number; syncedAt?: Date }): Promise<void> {
  const synced = (o.syncedAt ?? NOW).toISOString().replace('T', ' ').replace('Z', '');
  await ds.query('DELETE FROM employees WHERE user_id = ?', [userId]); // the floor may have them: this row replaces it
  await ds.query(
    'INSERT INTO employees (user_id, name, main_department_id, department_ids, leads_department_ids, direct_leader_ids, position, status, active, source, synced_at) VALUES (?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?)',
    [userId, name, '[2]', '[]', '[]', o.position, o.status ?? 1, o.active === false ? 0 : 1, 'import', synced],
  );
}

/** Reverts migrations, newest first, until `name` itself has been reverted. */
async function undoThrough(ds: DataSource, name: string): Promise<void> {
  for (;;) {
    const [last] = await ds.query('SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1');
    await ds.undoLastMigration();
    if (last.name === name) return;
  }
}

describe('org history and dated assignments', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await clearTables(ds);
    await ds.getRepository(EmployeeOrgHistory).clear();
    await seedFloor(ds);
  });

  it('the migration backfills history from today’s employees (members who left: in post until they left)', async () => {
    await undoThrough(ds, 'EffectiveDating1764835200000'); // and the migrations that landed after it
    await insertOldEmployee(ds, 'zhangsan', '张三', { position: '操作工' });
    await insertOldEmployee(ds, 'wangwu', '王五', { position: '操作工', active: false, status: 5, syncedAt: at('2026-10-15T09:00:00') });
    await ds.runMigrations();
    const rows = await ds.getRepository(EmployeeOrgHistory).find({ order: { userId: 'ASC', validFrom: 'ASC' } });
    expect(rows.map((r) => [r.userId, r.validFrom.toISOString(), r.validTo?.toISOString() ?? null, r.mainDepartmentId, r.position, r.active])).toEqual([
      ['lisi', '1970-01-01T00:00:00.000Z', null, 2, '班组长', true],
      ['wangwu', '1970-01-01T00:00:00.000Z', '2026-10-15T01:00:00.000Z', 2, '操作工', true],
      ['wangwu', '2026-10-15T01:00:00.000Z', null, 2, '操作工', false],
      ['zhangsan', '1970-01-01T00:00:00.000Z', null, 2, '操作工', true],
    ]);
    // September's department 2 had both; December's only 张三.
    expect(await membersAt(ds, at('2026-09-30T23:59:59'), [2])).toEqual(['lisi', 'wangwu', 'zhangsan']);
    expect(await membersAt(ds, at('2026-12-31T23:59:59'), [2])).toEqual(['lisi', 'zhangsan']);
  });

  it('the employee import appends a transfer to history; the past keeps the old department', async () => {
    await seedDepartment(ds, 3, '质量部', 1);
    const sheet = (dept: string, position: string) => makeXlsx([['工号', '姓名', '部门', '岗位'], ['zhaoliu', '赵六', dept, position]]);
    expect(await importFile(ds, 'employees', await sheet('生产部', '操作工'), '员工.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 1 });
    const moved = new Date(NOW.getTime() + 86_400_000);
    expect(await importFile(ds, 'employees', await sheet('质量部', '质检员'), '员工.xlsx', { ...OPTS, now: moved })).toMatchObject({ ok: true, updated: 1 });
    const again = await importFile(ds, 'employees', await sheet('质量部', '质检员'), '员工.xlsx', { ...OPTS, now: new Date(moved.getTime() + 1000) });
    expect(again).toMatchObject({ ok: true, unchanged: 1 });

    const history = await ds.getRepository(EmployeeOrgHistory).find({ where: { userId: 'zhaoliu' }, order: { validFrom: 'ASC' } });
    expect(history.map((h) => [h.mainDepartmentId, h.position, h.validTo?.getTime() ?? null])).toEqual([
      [2, '操作工', moved.getTime()],
      [3, '质检员', null],
    ]);
    const employee = { userId: 'zhaoliu' } as never;
    expect((await placementsAt(ds, [employee], new Date(moved.getTime() - 1))).get('zhaoliu')).toMatchObject({ mainDepartmentId: 2, position: '操作工' });
    expect((await placementsAt(ds, [employee], moved)).get('zhaoliu')).toMatchObject({ mainDepartmentId: 3, position: '质检员' });
  });

  describe('assignment import with dates', () => {
    const HEADER = ['工号', '指标编码', '周期', '目标值', '权重', '是否底线', '开始日期', '结束日期'];
    beforeEach(async () => {
      await seedMetric(ds);
    });
    const rows = () => ds.getRepository(MetricAssignment).find({ order: { id: 'ASC' } });
    const iso = (d: Date | null) => d?.toISOString() ?? null;

    it('without 开始日期 an assignment starts on the day it is imported; 结束日期 is the last day counted', async () => {
      const file = await makeXlsx([HEADER, ['zhangsan', 'yield_rate', '', 98, 60, '否', '', ''], ['lisi', 'yield_rate', '', 97, 50, '否', '2026-11-16', '2026-11-20']]);
      expect(await importFile(ds, 'assignments', file, '分配.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 2 });
      expect((await rows()).map((r) => [r.userId, iso(r.startsAt), iso(r.endsAt)])).toEqual([
        ['zhangsan', at('2026-11-28T00:00:00').toISOString(), null], // NOW is 28 Nov 10:00 in Shanghai
        ['lisi', at('2026-11-16T00:00:00').toISOString(), at('2026-11-21T00:00:00').toISOString()],
      ]);
    });

    it('a changed target closes the row in force and starts a new one; re-importing it changes nothing', async () => {
      const first = await makeXlsx([HEADER, ['zhangsan', 'yield_rate', '', 98, 60, '否', '2026-11-01', '']]);
      await importFile(ds, 'assignments', first, '分配.xlsx', OPTS);
      const second = await makeXlsx([HEADER, ['zhangsan', 'yield_rate', '', 99, 60, '否', '2026-11-23', '']]);
      expect(await importFile(ds, 'assignments', second, '分配.xlsx', OPTS)).toMatchObject({ ok: true, updated: 1 });
      expect(await importFile(ds, 'assignments', second, '分配.xlsx', OPTS)).toMatchObject({ ok: true, unchanged: 1 });
      expect((await rows()).map((r) => [r.target, iso(r.startsAt), iso(r.endsAt)])).toEqual([
        [98, at('2026-11-01T00:00:00').toISOString(), at('2026-11-23T00:00:00').toISOString()],
        [99, at('2026-11-23T00:00:00').toISOString(), null],
      ]);
    });

    it('refuses an end before the start', async () => {
      const file = await makeXlsx([HEADER, ['zhangsan', 'yield_rate', '', 98, 60, '否', '2026-11-20', '2026-11-10']]);
      const result = await importFile(ds, 'assignments', file, '分配.xlsx', OPTS);
      expect(result).toMatchObject({ ok: false });
      expect(JSON.stringify(result)).toContain('结束日期不能早于开始日期');
    });
  });
});
