import type { DataSource } from 'typeorm';
import { AuditEntry, MetricRecord } from '../../src/entities';
import { importFile } from '../../src/import';
import { openTestDatabase } from '../helpers/db';
import { DRY, OPTS, clearTables, makeXlsx, seedFloor, seedMetric, tableCounts } from './import-helpers';

const HEADER = ['工号', '输入项', '数值', '发生时间', '来源系统', '外部编号', '关联单据'];

describe('import records', () => {
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
  });

  const goodFile = (): Promise<Buffer> =>
    makeXlsx(
      [
        HEADER,
        ['zhangsan', 'good', 120, '2026-11-27 08:30', 'MES', 'BG-001', '工单 WO-001'],
        ['zhangsan', 'scrap', '2', new Date(Date.UTC(2026, 10, 27, 16, 0)), '', 'BG-002', ''],
        [],
        ['lisi', 'good', 95.5, 46353.25, 'MES', 'BG-003', null],
      ],
      (ws) => {
        ws.getCell('D3').numFmt = 'yyyy-mm-dd hh:mm';
      },
    );

  it('ingests through the shared path: Excel dates, serial numbers and text times; a re-import changes nothing', async () => {
    expect(await importFile(ds, 'records', await goodFile(), '报工.xlsx', OPTS)).toEqual({ ok: true, kind: 'records', inserted: 3, updated: 0, unchanged: 0, dryRun: false });
    const rows = await ds.getRepository(MetricRecord).find({ order: { externalId: 'ASC' } });
    expect(rows.map((r) => [r.userId, r.input, r.value, r.occurredAt.toISOString(), r.source, r.externalId, r.ref])).toEqual([
      ['zhangsan', 'good', 120, '2026-11-27T00:30:00.000Z', 'MES', 'BG-001', '工单 WO-001'],
      // Wall clock 16:00 in Shanghai; the empty 来源系统 defaults to excel.
      ['zhangsan', 'scrap', 2, '2026-11-27T08:00:00.000Z', 'excel', 'BG-002', ''],
      // Serial 46353.25 = 2026-11-27 06:00 local.
      ['lisi', 'good', 95.5, '2026-11-26T22:00:00.000Z', 'MES', 'BG-003', ''],
    ]);
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'records', await goodFile(), '报工.xlsx', OPTS)).toEqual({ ok: true, kind: 'records', inserted: 0, updated: 0, unchanged: 3, dryRun: false });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('writes nothing on a dry run', async () => {
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'records', await goodFile(), '报工.xlsx', DRY)).toMatchObject({ ok: true, inserted: 3, dryRun: true });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('maps ingestion errors and cell errors to sheet rows and Chinese headers; nothing is stored', async () => {
    const before = await tableCounts(ds);
    const file = await makeXlsx([
      HEADER,
      ['zhangsan', 'good', 120, '2026-11-27 08:30', 'MES', 'BG-001', ''],
      ['zhangsan', 'good', '一百', '2026-11-27 08:30', 'MES', 'BG-002', ''],
      [],
      ['nobody', 'good', 1, '2026-11-27', 'MES', 'BG-003', ''],
      ['zhangsan', 'rework', 1, '2026-11-27', 'MES', 'BG-004', ''],
      ['zhangsan', 'good', 1, '11月27日', 'MES', 'BG-005', ''],
      ['zhangsan', 'good', 1, '2026-11-27', 'MES', 'BG-001', ''],
    ]);
    const result = await importFile(ds, 'records', file, '报工.xlsx', OPTS);
    expect(result).toEqual({
      ok: false,
      errors: [
        { row: 3, column: '数值', message: '必须是数字，收到“一百”' },
        { row: 5, column: '工号', message: '未知员工：nobody' },
        { row: 6, column: '输入项', message: '未知的指标输入项：rework' },
        { row: 7, column: '发生时间', message: '无法识别的日期时间“11月27日”，请写成 2026-11-27 或 2026-11-27 08:30' },
        { row: 8, column: '外部编号', message: '与第 2 行的来源系统和外部编号重复' },
      ],
    });
    expect(await tableCounts(ds)).toEqual(before);
  });

  it('requires 外部编号 and explains why', async () => {
    const file = await makeXlsx([['工号', '输入项', '数值', '发生时间'], ['zhangsan', 'good', 1, '2026-11-27']]);
    const result = await importFile(ds, 'records', file, '报工.xlsx', OPTS);
    expect(result).toMatchObject({ ok: false, errors: [{ row: 1, column: '外部编号' }] });
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(/^缺少必填列，请在第 1 行加上这一列。外部编号用来识别同一条数据、防止重复导入：请填写来源系统中的单号/);
  });

  it('reads a UTF-8 CSV with a BOM, quoted commas and quotes', async () => {
    const csv = '\uFEFF工号,输入项,数值,发生时间,来源系统,外部编号,关联单据\r\n' +
      'zhangsan,good,"1,200",2026/11/27 8:30,MES,BG-101,"工单 WO-101, 夜班 ""加急"""\r\n' +
      'zhangsan,scrap,3,2026-11-27,MES,BG-102,\r\n';
    const result = await importFile(ds, 'records', Buffer.from(csv, 'utf8'), '报工.csv', OPTS);
    expect(result).toMatchObject({ ok: true, inserted: 2 });
    const first = await ds.getRepository(MetricRecord).findOneByOrFail({ externalId: 'BG-101' });
    expect(first).toMatchObject({ value: 1200, ref: '工单 WO-101, 夜班 "加急"' });
    expect(first.occurredAt.toISOString()).toBe('2026-11-27T00:30:00.000Z');
  });

  it('corrects a stored record on re-import (same 外部编号, new 数值) and removes one marked 作废, each audited', async () => {
    expect(await importFile(ds, 'records', await goodFile(), '报工.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 3 });
    const file = await makeXlsx([
      [...HEADER, '操作'],
      ['zhangsan', 'good', 126, '2026-11-27 08:30', 'MES', 'BG-001', '工单 WO-001', ''],
      ['zhangsan', 'scrap', 2, '2026-11-27 16:00', '', 'BG-002', '', '作废'],
      ['lisi', 'good', 95.5, '2026-11-27 06:00', 'MES', 'BG-003', '', '更正'],
    ]);
    expect(await importFile(ds, 'records', file, '报工更正.xlsx', OPTS)).toEqual({
      ok: true, kind: 'records', inserted: 0, updated: 2, unchanged: 1, dryRun: false, notes: ['作废 1 条记录'],
    });
    const rows = await ds.getRepository(MetricRecord).find({ order: { externalId: 'ASC' } });
    expect(rows.map((r) => [r.externalId, r.value])).toEqual([['BG-001', 126], ['BG-003', 95.5]]);
    const audits = await ds.getRepository(AuditEntry).find({ where: [{ action: 'record.corrected' }, { action: 'record.voided' }], order: { id: 'ASC' } });
    expect(audits.map((a) => [a.action, a.subjectUserId, (a.before as { value: number }).value, (a.after as { value: number } | null)?.value ?? null, a.actor, a.reason])).toEqual([
      ['record.corrected', 'zhangsan', 120, 126, 'user:hr01', '导入文件 报工更正.xlsx：同一外部编号的新内容'],
      ['record.voided', 'zhangsan', 2, null, 'user:hr01', '导入文件 报工更正.xlsx：作废'],
    ]);
    // The same corrected file again: nothing changes, no audit row.
    const before = await tableCounts(ds);
    expect(await importFile(ds, 'records', file, '报工更正.xlsx', OPTS)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 2, notes: [expect.stringMatching(/^第 3 行：没有来源系统 excel 编号 BG-002 的记录/)] });
    expect(await tableCounts(ds)).toEqual(before);
  });
});
