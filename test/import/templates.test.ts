import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { IMPORT_KINDS, KIND_HANDLERS, formatImportResult, importFile, writeTemplate } from '../../src/import';
import type { ImportError } from '../../src/import';
import { openTestDatabase } from '../helpers/db';
import { DRY, clearTables, seedFloor, seedMetric, tableCounts } from './import-helpers';

describe('writeTemplate', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
    await clearTables(ds);
    // What the samples refer to: 张三 and 李四 in 生产部, and the 良品率 metric with its good/scrap inputs.
    await seedFloor(ds);
    await seedMetric(ds);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it.each(IMPORT_KINDS)('%s: a bold, frozen header row, a sample, and a 说明 sheet covering every column', async (kind) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeTemplate(kind)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    const [data, guide] = wb.worksheets;
    const columns = KIND_HANDLERS[kind].columns;
    expect(data.getRow(1).values).toEqual([undefined, ...columns.map((c) => c.header)]);
    expect(data.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(data.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    columns.forEach((_, i) => expect(data.getColumn(i + 1).width).toBeGreaterThanOrEqual(12));
    expect(data.rowCount).toBe(1 + KIND_HANDLERS[kind].samples.length);
    expect(guide.name).toBe('说明');
    expect(guide.getColumn(1).values.slice(2, 2 + columns.length)).toEqual(columns.map((c) => c.header));
    expect(guide.getColumn(2).values.slice(2, 2 + columns.length)).toEqual(columns.map((c) => (c.required ? '必填' : '选填')));
  });

  it.each(IMPORT_KINDS)('%s: the template with its sample validates (dry run, nothing written)', async (kind) => {
    const before = await tableCounts(ds);
    const result = await importFile(ds, kind, await writeTemplate(kind), `${kind}-模板.xlsx`, DRY);
    expect(result).toMatchObject({ ok: true, kind, dryRun: true });
    if (!result.ok) return;
    expect(result.inserted + result.updated + result.unchanged).toBe(KIND_HANDLERS[kind].samples.length);
    expect(await tableCounts(ds)).toEqual(before);
  });
});

describe('formatImportResult', () => {
  it('summarises a success, a dry run and its notes', () => {
    expect(formatImportResult({ ok: true, kind: 'records', inserted: 12, updated: 3, unchanged: 0, dryRun: false })).toBe('导入成功：新增 12 行，更新 3 行，未变 0 行');
    expect(formatImportResult({ ok: true, kind: 'employees', inserted: 2, updated: 0, unchanged: 1, dryRun: true, notes: ['将新建部门：质检部'] })).toBe(
      '校验通过（试运行，未写入任何数据）：将新增 2 行，更新 0 行，未变 1 行\n将新建部门：质检部',
    );
  });

  it('lists at most 50 errors and counts the rest', () => {
    const errors: ImportError[] = Array.from({ length: 62 }, (_, i) => ({ row: i + 2, column: '数值', message: '必须是数字，收到“abc”' }));
    errors.unshift({ row: 0, column: '', message: '文件中没有数据行' });
    const lines = formatImportResult({ ok: false, errors }).split('\n');
    expect(lines[0]).toBe('导入失败，未写入任何数据：');
    expect(lines[1]).toBe('文件中没有数据行');
    expect(lines[2]).toBe('第 2 行【数值】必须是数字，收到“abc”');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[51]).toBe('……另有 13 个错误未列出');
  });
});
