import type { DataSource } from 'typeorm';
import { AuditEntry, MetricDefinition } from '../../src/entities';
import { importFile } from '../../src/import';
import { openTestDatabase } from '../helpers/db';
import { DRY, OPTS, YIELD_INPUTS, clearTables, makeXlsx, seedMetric, tableCounts } from './import-helpers';

const HEADER = ['指标编码', '指标名称', '部门', '单位', '方向', '公式', '输入项', '数据来源系统', '来源说明', '建议目标', '目标类型'];
const YIELD = ['yield_rate', '良品率', '生产部', '%', '越高越好', 'good / (good + scrap) * 100', 'good:合格品数量:件:sum、scrap:报废数量:件:sum', 'MES', 'MES 报工单', 98.5, '水平'];
const OUTPUT = ['output_qty', '产量', '生产部', '件', '越高越好', 'good', 'good:合格品数量:件', 'MES', '', '', '数量'];

describe('import metrics', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(async () => {
    await ds.destroy();
  });
  beforeEach(async () => {
    await clearTables(ds);
  });

  it('upserts definitions by code with builtin = false, and a re-import changes nothing', async () => {
    const file = await makeXlsx([HEADER, YIELD, OUTPUT]);
    expect(await importFile(ds, 'metrics', file, '指标.xlsx', OPTS)).toEqual({ ok: true, kind: 'metrics', inserted: 2, updated: 0, unchanged: 0, dryRun: false });
    expect(await ds.getRepository(MetricDefinition).findOneByOrFail({ code: 'yield_rate' })).toMatchObject({
      name: '良品率', unit: '%', direction: 'higher_better', inputs: YIELD_INPUTS, suggestedTarget: 98.5, targetKind: 'level', builtin: false, active: true,
    });
    expect(await ds.getRepository(MetricDefinition).findOneByOrFail({ code: 'output_qty' })).toMatchObject({
      inputs: [{ name: 'good', label: '合格品数量', unit: '件', aggregate: 'sum' }], suggestedTarget: null, targetKind: 'count', sourceNote: '',
    });
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'metrics', file, '指标.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2 });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('updates a changed formula and audits before and after', async () => {
    await seedMetric(ds);
    const changed = [...YIELD];
    changed[5] = 'round(good / (good + scrap) * 100, 1)';
    expect(await importFile(ds, 'metrics', await makeXlsx([HEADER, changed]), '指标.xlsx', OPTS)).toMatchObject({ ok: true, updated: 1 });
    const audit = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'metric.import' });
    expect(audit).toMatchObject({ entityId: 'yield_rate', before: { formula: 'good / (good + scrap) * 100' }, after: { formula: changed[5] } });
  });

  it('writes nothing on a dry run', async () => {
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'metrics', await makeXlsx([HEADER, YIELD]), '指标.xlsx', DRY)).toMatchObject({ ok: true, inserted: 1, dryRun: true });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('rejects an unparsable formula, an undeclared input, a bad direction and a bad input list; nothing is stored', async () => {
    const badFormula = [...OUTPUT];
    badFormula[5] = 'good / (good + scrap';
    const undeclared = ['rework', '返工率', '生产部', '%', '越低越好', 'rework / good * 100', 'good:合格品数量:件:sum', 'MES', '', '', '水平'];
    const badDirection = [...YIELD];
    badDirection[0] = 'yield_b';
    badDirection[4] = '越多越好';
    const badInputs = [...YIELD];
    badInputs[0] = 'yield_c';
    badInputs[6] = 'good:合格品数量:件:total';
    const before = await tableCounts(ds);
    const result = await importFile(ds, 'metrics', await makeXlsx([HEADER, YIELD, badFormula, undeclared, badDirection, badInputs]), '指标.xlsx', OPTS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '公式'],
      [4, '公式'],
      [5, '方向'],
      [6, '输入项'],
    ]);
    expect(result.errors[0].message).toMatch(/^无法解析：/);
    expect(result.errors[1].message).toBe('用到了未在【输入项】中声明的名称：rework');
    expect(result.errors[2].message).toBe('应为 越高越好 或 越低越好，收到“越多越好”');
    expect(result.errors[3].message).toContain('汇总方式“total”无效');
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('refuses to overwrite a builtin metric', async () => {
    await seedMetric(ds, 'yield_rate', { builtin: true, name: '良品率（内置）' });
    const result = await importFile(ds, 'metrics', await makeXlsx([HEADER, YIELD]), '指标.xlsx', OPTS);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 2, column: '指标编码' }] });
  });
});
