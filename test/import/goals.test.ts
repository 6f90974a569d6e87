import type { DataSource } from 'typeorm';
import { Goal } from '../../src/entities';
import { importFile } from '../../src/import';
import { openTestDatabase } from '../helpers/db';
import { DRY, NOW, OPTS, clearTables, makeXlsx, seedFloor, tableCounts } from './import-helpers';

const HEADER = ['层级', '标题', '负责人工号', '上级目标标题', '周期', '权重', '进度%'];
const STRATEGY = '成为华东地区客户首选的精密零件供应商';
const OBJECTIVE = '四季度生产报废率降低 30%';

describe('import goals', () => {
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
      ['战略', STRATEGY, '', '', 2026, 100, 0],
      ['目标', OBJECTIVE, 'lisi', STRATEGY, '2026-Q4', 50, 20],
      ['关键结果', '11 月良品率提升到 98.5%', 'zhangsan', OBJECTIVE, '2026-11', 40, 60],
      ['关键结果', '12 月报废率降到 1%', 'zhangsan', OBJECTIVE, '2026年12月', 60, ''],
    ]);

  it('links each row to its parent above it, and a re-import changes nothing', async () => {
    expect(await importFile(ds, 'goals', await goodFile(), '目标.xlsx', OPTS)).toEqual({ ok: true, kind: 'goals', inserted: 4, updated: 0, unchanged: 0, dryRun: false });
    const goals = await ds.getRepository(Goal).find({ order: { id: 'ASC' } });
    expect(goals.map((g) => [g.level, g.ownerUserId, g.periodKey, g.weight, g.progress])).toEqual([
      ['strategy', null, '2026', 100, 0],
      ['objective', 'lisi', '2026-Q4', 50, 20],
      ['key_result', 'zhangsan', '2026-11', 40, 60],
      ['key_result', 'zhangsan', '2026-12', 60, 0],
    ]);
    expect(goals.map((g) => g.parentId)).toEqual([null, goals[0].id, goals[1].id, goals[1].id]);

    const before = await tableCounts(ds);
    expect(await importFile(ds, 'goals', await goodFile(), '目标.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 4 });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('finds a parent among stored goals and updates progress', async () => {
    const strategy = await ds.getRepository(Goal).save({ level: 'strategy', title: STRATEGY, ownerUserId: null, parentId: null, periodKey: '2026', weight: 100, progress: 0, createdAt: NOW, updatedAt: NOW });
    const file = await makeXlsx([HEADER, ['目标', OBJECTIVE, 'lisi', STRATEGY, '2026-Q4', 50, 20]]);
    expect(await importFile(ds, 'goals', file, '目标.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 1 });
    expect(await ds.getRepository(Goal).findOneByOrFail({ title: OBJECTIVE })).toMatchObject({ parentId: strategy.id });
    const later = await makeXlsx([['层级', '标题', '负责人工号', '周期', '进度%'], ['目标', OBJECTIVE, 'lisi', '2026-Q4', 45]]);
    expect(await importFile(ds, 'goals', later, '目标.xlsx', OPTS)).toMatchObject({ ok: true, updated: 1 });
    // 权重 and 上级目标标题 were not in the file: both kept.
    expect(await ds.getRepository(Goal).findOneByOrFail({ title: OBJECTIVE })).toMatchObject({ parentId: strategy.id, weight: 50, progress: 45 });
  });

  it('writes nothing on a dry run', async () => {
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'goals', await goodFile(), '目标.xlsx', DRY)).toMatchObject({ ok: true, inserted: 4, dryRun: true });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('rejects a period that does not fit the level, a missing parent, an unknown owner and 进度 over 100', async () => {
    const before = await tableCounts(ds);
    const file = await makeXlsx([
      HEADER,
      ['战略', STRATEGY, '', '', '2026-Q1', 100, 0],
      ['目标', OBJECTIVE, 'nobody', '', '2026-Q4', 50, 20],
      ['关键结果', '11 月良品率提升到 98.5%', 'zhangsan', '不存在的目标', '2026-11', 40, 60],
      ['关键结果', '11 月设备综合效率 85%', 'zhangsan', OBJECTIVE, '2026-11', 40, 160],
      ['计划', '招聘 3 名质检员', 'lisi', '', '2026-11', 0, 0],
    ]);
    const result = await importFile(ds, 'goals', file, '目标.xlsx', OPTS);
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 2, column: '周期', message: '战略的周期应为年份，如 2026，收到“2026-Q1”' },
        { row: 3, column: '负责人工号', message: '未知员工：nobody，请先导入员工或同步通讯录' },
        { row: 4, column: '上级目标标题', message: '未找到名为“不存在的目标”的目标（须是系统中已有的，或本表中更靠上的行）' },
        { row: 5, column: '进度%', message: '应在 0–100 之间，收到 160' },
        { row: 6, column: '层级', message: '应为 战略 或 目标 或 关键结果，收到“计划”' },
      ],
    });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('rejects a key result whose month lies outside its objective’s quarter', async () => {
    const file = await makeXlsx([HEADER, ['目标', OBJECTIVE, 'lisi', '', '2026-Q4', 50, 0], ['关键结果', '9 月良品率 98%', 'zhangsan', OBJECTIVE, '2026-09', 40, 0]]);
    expect(await importFile(ds, 'goals', file, '目标.xlsx', OPTS)).toEqual({
      ok: false,
      errors: [{ row: 3, column: '上级目标标题', message: `“${OBJECTIVE}”的周期不包含 2026-09` }],
    });
  });
});
