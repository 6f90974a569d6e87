import type { DataSource } from 'typeorm';
import { AuditEntry, Department, Employee } from '../../src/entities';
import { IMPORTED_DEPARTMENT_BASE } from '../../src/import/departments';
import { importFile } from '../../src/import';
import { openTestDatabase } from '../helpers/db';
import { DRY, OPTS, clearTables, makeXlsx, seedEmployee, seedFloor, tableCounts } from './import-helpers';

const HEADER = ['工号', '姓名', '部门', '岗位', '直属上级工号', '是否部门负责人'];

describe('import employees', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await clearTables(ds);
    await seedFloor(ds);
  });

  const goodFile = (): Promise<Buffer> =>
    makeXlsx([
      HEADER,
      ['wangwu', '王五', '质检部', '质检员', 'zhaoliu', '否'],
      ['zhaoliu', '赵六', '质检部', '质检组长', 'lisi', '是'],
      ['zhangsan', '张三', '生产部', '高级操作工', 'lisi', '否'],
    ]);

  it('upserts by 工号, creates a missing department under the root, and a re-import changes nothing', async () => {
    const result = await importFile(ds, 'employees', await goodFile(), '员工.xlsx', OPTS);
    expect(result).toEqual({ ok: true, kind: 'employees', inserted: 2, updated: 1, unchanged: 0, dryRun: false, notes: ['已新建部门：质检部'] });

    const qc = await ds.getRepository(Department).findOneByOrFail({ name: '质检部' });
    expect(qc).toMatchObject({ parentId: 1, leaderUserIds: ['zhaoliu'], active: true });
    expect(qc.id).toBeGreaterThanOrEqual(IMPORTED_DEPARTMENT_BASE);
    const wangwu = await ds.getRepository(Employee).findOneByOrFail({ userId: 'wangwu' });
    expect(wangwu).toMatchObject({ name: '王五', mainDepartmentId: qc.id, departmentIds: [qc.id], directLeaderIds: ['zhaoliu'], leadsDepartmentIds: [], source: 'import', active: true });
    expect((await ds.getRepository(Employee).findOneByOrFail({ userId: 'zhaoliu' })).leadsDepartmentIds).toEqual([qc.id]);
    expect((await ds.getRepository(Employee).findOneByOrFail({ userId: 'zhangsan' })).position).toBe('高级操作工');
    const audits = await ds.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    expect(audits.map((a) => a.action)).toEqual(['department.import', 'employee.import', 'employee.import', 'employee.import']);
    expect(audits[3]).toMatchObject({ actor: 'user:hr01', subjectUserId: 'zhangsan', before: { position: '操作工' }, after: { position: '高级操作工' } });

    const before = await tableCounts(ds);
    const again = await importFile(ds, 'employees', await goodFile(), '员工.xlsx', OPTS);
    expect(again).toEqual({ ok: true, kind: 'employees', inserted: 0, updated: 0, unchanged: 3, dryRun: false });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('writes nothing on a dry run but reports the counts and the departments it would create', async () => {
    const before = await tableCounts(ds);
    const result = await importFile(ds, 'employees', await goodFile(), '员工.xlsx', DRY);
    expect(result).toEqual({ ok: true, kind: 'employees', inserted: 2, updated: 1, unchanged: 0, dryRun: true, notes: ['将新建部门：质检部'] });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('keeps stored values for an optional column left out of the file', async () => {
    const file = await makeXlsx([[' 员工ID ', '姓名', '所属部门'], ['zhangsan', '张三', '生产部']]);
    expect(await importFile(ds, 'employees', file, 'a.xlsx', OPTS)).toEqual({ ok: true, kind: 'employees', inserted: 0, updated: 0, unchanged: 1, dryRun: false });
    expect(await ds.getRepository(Employee).findOneByOrFail({ userId: 'zhangsan' })).toMatchObject({ position: '操作工', directLeaderIds: ['lisi'] });
  });

  it('rejects the whole file for one bad row, naming the sheet row and the column', async () => {
    const before = await tableCounts(ds);
    const file = await makeXlsx([
      HEADER,
      ['wangwu', '王五', '质检部', '质检员', '', '否'],
      ['zhaoliu', '赵六', '质检部', '质检组长', 'nobody', '也许'],
      ['zhaoliu', '赵六', '质检部', '质检组长', '', ''],
      ['sunqi', '', '生产部', '', 'sunqi', ''],
    ]);
    const result = await importFile(ds, 'employees', file, '员工.xlsx', OPTS);
    expect(result).toEqual({
      ok: false,
      errors: [
        // Row 3's bad cell keeps it out of the reference checks, so neither its leader nor row 4's repeat is reported yet.
        { row: 3, column: '是否部门负责人', message: '应为“是”或“否”，收到“也许”' },
        { row: 5, column: '姓名', message: '不能为空' },
      ],
    });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('reports an unknown leader and refuses to change a member synced from WeCom', async () => {
    await seedEmployee(ds, 'wecom01', '周八', { source: 'wecom' });
    const file = await makeXlsx([HEADER, ['wangwu', '王五', '生产部', '', 'nobody', ''], ['wecom01', '周八', '生产部', '班组长', '', '']]);
    const result = await importFile(ds, 'employees', file, '员工.xlsx', OPTS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { row: 2, column: '直属上级工号', message: '未知员工：nobody（不在系统中，也不在本表中）' },
      { row: 3, column: '工号', message: '该员工由企业微信通讯录同步，请在企业微信中修改（导入不会覆盖同步的数据；只补填入职日期时，其他列须与通讯录一致）' },
    ]);
  });

  it('names a missing required column and an unknown one on row 1', async () => {
    const file = await makeXlsx([['工号', '部门', '爱好'], ['wangwu', '生产部', '钓鱼']]);
    const result = await importFile(ds, 'employees', file, '员工.xlsx', OPTS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [1, '爱好'],
      [1, '姓名'],
    ]);
    expect(result.errors[1].message).toBe('缺少必填列，请在第 1 行加上这一列');
  });

  it('asks for a path when two departments share a name', async () => {
    await ds.getRepository(Department).save([
      { id: 10, name: '一厂', parentId: 1, sortOrder: 0, leaderUserIds: [], active: true, syncedAt: OPTS.now },
      { id: 11, name: '生产部', parentId: 10, sortOrder: 0, leaderUserIds: [], active: true, syncedAt: OPTS.now },
    ]);
    const file = await makeXlsx([['工号', '姓名', '部门'], ['wangwu', '王五', '生产部'], ['zhaoliu', '赵六', '一厂/生产部']]);
    const result = await importFile(ds, 'employees', file, '员工.xlsx', OPTS);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 2, column: '部门' }] });
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toContain('有 2 个部门都叫“生产部”');
  });

  describe('入职日期', () => {
    const HIRED = [...HEADER, '入职日期'];

    it('reads an Excel date cell, 2021/3/5 and a full-width 年月日 date from xlsx and CSV, and an empty cell as not recorded', async () => {
      const file = await makeXlsx([
        HIRED,
        ['wangwu', '王五', '生产部', '', '', '', new Date(Date.UTC(2019, 7, 1))],
        ['zhaoliu', '赵六', '生产部', '', '', '', '2021/3/5'],
        ['zhangsan', '张三', '生产部', '操作工', 'lisi', '否', ''],
      ]);
      expect(await importFile(ds, 'employees', file, '员工.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 2, unchanged: 1 });
      const csv = ['工号,姓名,部门,入职日期', 'sunqi,孙七,生产部,２０２０年７月１日'].join('\n');
      expect(await importFile(ds, 'employees', Buffer.from(csv, 'utf8'), '员工.csv', OPTS)).toMatchObject({ ok: true, inserted: 1 });
      const hired = Object.fromEntries((await ds.getRepository(Employee).find()).map((e) => [e.userId, e.hiredOn]));
      expect(hired).toMatchObject({ wangwu: '2019-08-01', zhaoliu: '2021-03-05', sunqi: '2020-07-01', zhangsan: null });
      const audit = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'employee.import', entityId: 'sunqi' });
      expect(audit.after).toMatchObject({ hiredOn: '2020-07-01' });
    });

    it('refuses impossible, unreadable, timed and future dates with the reason, and writes nothing', async () => {
      const before = await tableCounts(ds);
      const file = await makeXlsx([
        HIRED,
        ['a1', '甲', '生产部', '', '', '', '2021-02-30'],
        ['a2', '乙', '生产部', '', '', '', '去年三月'],
        ['a3', '丙', '生产部', '', '', '', '2021-03-15 08:30'],
        ['a4', '丁', '生产部', '', '', '', '2026-12-01'],
      ]);
      const result = await importFile(ds, 'employees', file, '员工.xlsx', OPTS);
      expect(result).toEqual({
        ok: false,
        errors: [
          { row: 2, column: '入职日期', message: '“2021-02-30”不是日历上的日期，请写成 2021-03-15 这样的日期' },
          { row: 3, column: '入职日期', message: '无法识别的日期“去年三月”，请写成 2021-03-15 这样的日期' },
          { row: 4, column: '入职日期', message: '只填日期，不要带时间（收到“2021-03-15 08:30”）' },
          { row: 5, column: '入职日期', message: '入职日期 2026-12-01 晚于今天（2026-11-28），请核对' },
        ],
      });
      expect(await tableCounts(ds)).toEqual(before);
    });

    it('adds a hire date to a member synced from WeCom (WeCom has none) when the other columns agree, audited', async () => {
      await seedEmployee(ds, 'wecom01', '周八', { source: 'wecom' });
      const file = await makeXlsx([HIRED, ['wecom01', '周八', '生产部', '操作工', '', '否', '2018-04-09']]);
      expect(await importFile(ds, 'employees', file, '员工.xlsx', OPTS)).toEqual({ ok: true, kind: 'employees', inserted: 0, updated: 1, unchanged: 0, dryRun: false });
      expect(await ds.getRepository(Employee).findOneByOrFail({ userId: 'wecom01' })).toMatchObject({ hiredOn: '2018-04-09', source: 'wecom', position: '操作工' });
      const audit = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'employee.import', entityId: 'wecom01' });
      expect([audit.before, audit.after]).toEqual([{ hiredOn: null }, { hiredOn: '2018-04-09' }]);
      expect(await importFile(ds, 'employees', file, '员工.xlsx', OPTS)).toMatchObject({ ok: true, updated: 0, unchanged: 1 });
    });
  });
});
