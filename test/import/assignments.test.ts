import type { DataSource } from 'typeorm';
import { AuditEntry, MetricAssignment } from '../../src/entities';
import { importFile } from '../../src/import';
import { openTestDatabase } from '../helpers/db';
import { DRY, OPTS, clearTables, makeXlsx, seedFloor, seedMetric, tableCounts } from './import-helpers';

const HEADER = ['工号', '指标编码', '周期', '目标值', '权重', '是否底线'];

describe('import assignments', () => {
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
    await seedMetric(ds);
    await seedMetric(ds, 'scrap_rate', { name: '报废率', direction: 'lower_better', formula: 'scrap / (good + scrap) * 100' });
  });

  const goodFile = (): Promise<Buffer> =>
    makeXlsx(
      [
        HEADER,
        ['zhangsan', 'yield_rate', '', 98, 60, '否'],
        ['zhangsan', 'yield_rate', '2026-11', 98.5, 0.6, ''],
        ['zhangsan', 'scrap_rate', new Date(Date.UTC(2026, 10, 1)), 0.5, 40, '是'],
        ['lisi', 'scrap_rate', '2026年第4季度', '0.8', '30%', 'N'],
      ],
      // 2026-11 typed into Excel becomes a date; a percent-formatted 0.6 reads as 60.
      (ws) => {
        ws.getCell('C4').numFmt = 'mmm-yy';
        ws.getCell('E3').numFmt = '0%';
      },
    );

  it('upserts by (工号, 指标编码, 周期), audits each change, and a re-import changes nothing', async () => {
    expect(await importFile(ds, 'assignments', await goodFile(), '分配.xlsx', OPTS)).toEqual({ ok: true, kind: 'assignments', inserted: 4, updated: 0, unchanged: 0, dryRun: false });
    const rows = await ds.getRepository(MetricAssignment).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.userId, r.metricCode, r.periodKey, r.target, r.weight, r.floor])).toEqual([
      ['zhangsan', 'yield_rate', '', 98, 60, false],
      ['zhangsan', 'yield_rate', '2026-11', 98.5, 60, false],
      ['zhangsan', 'scrap_rate', '2026-11', 0.5, 40, true],
      ['lisi', 'scrap_rate', '2026-Q4', 0.8, 30, false],
    ]);
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'assignment.import' })).toBe(4);

    const before = await tableCounts(ds);
    expect(await importFile(ds, 'assignments', await goodFile(), '分配.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 4 });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('audits a changed target with before and after', async () => {
    await importFile(ds, 'assignments', await goodFile(), '分配.xlsx', OPTS);
    const file = await makeXlsx([['工号', '指标编码', '周期', '目标值', '权重'], ['zhangsan', 'yield_rate', '2026-11', 99, 60]]);
    expect(await importFile(ds, 'assignments', file, '分配.xlsx', OPTS)).toMatchObject({ ok: true, updated: 1 });
    const audit = await ds.getRepository(AuditEntry).find({ where: { action: 'assignment.import' }, order: { id: 'DESC' }, take: 1 });
    expect(audit[0]).toMatchObject({ subjectUserId: 'zhangsan', before: { target: 98.5 }, after: { target: 99 }, reason: '表格导入：分配.xlsx' });
    // The absent 是否底线 column kept the stored floor.
    expect(await ds.getRepository(MetricAssignment).findOneByOrFail({ metricCode: 'scrap_rate', userId: 'zhangsan' })).toMatchObject({ floor: true });
  });

  it('writes nothing on a dry run', async () => {
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'assignments', await goodFile(), '分配.xlsx', DRY)).toMatchObject({ ok: true, inserted: 4, dryRun: true });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('rejects unknown 工号 and 指标编码, a bad 周期, 权重 > 100 and a repeated key; nothing is stored', async () => {
    const before = await tableCounts(ds);
    const file = await makeXlsx([
      HEADER,
      ['zhangsan', 'yield_rate', '', 98, 60, ''],
      ['nobody', 'yield_rate', '', 98, 60, ''],
      ['zhangsan', 'oee', '', 85, 20, ''],
      ['zhangsan', 'scrap_rate', '2026-13', 0.5, 20, ''],
      ['lisi', 'scrap_rate', '', 0.5, 120, ''],
      ['zhangsan', 'yield_rate', '', 97, 50, ''],
    ]);
    const result = await importFile(ds, 'assignments', file, '分配.xlsx', OPTS);
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 3, column: '工号', message: '未知员工：nobody，请先导入员工或同步通讯录' },
        { row: 4, column: '指标编码', message: '未知指标编码：oee，请先导入指标' },
        { row: 5, column: '周期', message: '无法识别的周期“2026-13”，应为 2026-11（月）、2026-Q4（季度）或 2026-W48（周），长期有效请留空' },
        { row: 6, column: '权重', message: '应在 0–100 之间，收到 120' },
        { row: 7, column: '指标编码', message: '与第 2 行的工号、指标编码和周期重复' },
      ],
    });
    expect(await tableCounts(ds)).toEqual(before);
  });
});
