import ExcelJS from 'exceljs';
import { ImportFailure, readSheet } from '../../src/import';
import { toInstant, toPeriodText } from '../../src/import/cells';
import { KIND_HANDLERS } from '../../src/import/kinds';
import { mapRows } from '../../src/import/map-rows';
import { makeXlsx } from './import-helpers';

async function failureOf(run: () => Promise<unknown>): Promise<ImportFailure> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ImportFailure) return err;
    throw err;
  }
  throw new Error('expected an ImportFailure');
}

describe('readSheet: CSV', () => {
  it('reads UTF-8 with a BOM, quoted commas, doubled quotes and a line break inside quotes; blank lines are skipped', async () => {
    const csv = '\uFEFF工号,关联单据\r\nzhangsan,"工单 A, 夜班"\r\n\r\nlisi,"第一行\n第二行 ""急"""\nwangwu,00123';
    const sheet = await readSheet(Buffer.from(csv, 'utf8'), '数据.CSV');
    expect(sheet.headers).toEqual(['工号', '关联单据']);
    expect(sheet.rows).toEqual([
      { row: 2, values: { 工号: 'zhangsan', 关联单据: '工单 A, 夜班' } },
      { row: 4, values: { 工号: 'lisi', 关联单据: '第一行\n第二行 "急"' } },
      // Text stays text: no leading zeros lost.
      { row: 5, values: { 工号: 'wangwu', 关联单据: '00123' } },
    ]);
  });

  it('says CSV must be UTF-8 when it is GBK', async () => {
    const gbk = Buffer.from([0xb9, 0xa4, 0xba, 0xc5, 0x0a]); // 工号 in GBK
    expect((await failureOf(() => readSheet(gbk, 'a.csv'))).message).toMatch(/^CSV 文件必须是 UTF-8 编码/);
  });

  it('names the row of an unclosed quote', async () => {
    const err = await failureOf(() => readSheet(Buffer.from('工号,备注\nzhangsan,"未闭合\n', 'utf8'), 'a.csv'));
    expect(err.toImportError()).toEqual({ row: 2, column: '', message: 'CSV 格式错误：第 2 行的引号没有闭合' });
  });
});

describe('readSheet: xlsx', () => {
  it('reduces rich text, formulas, hyperlinks and percent formats to what HR sees, keeping sheet row numbers', async () => {
    const file = await makeXlsx(
      [
        ['工号', '数值', '链接', '权重', '日期'],
        [{ richText: [{ text: 'zhang' }, { text: 'san', font: { bold: true } }] }, { formula: 'A1', result: 42 }, { text: '工单', hyperlink: 'https://mes.example/wo/1' }, 0.35, new Date(Date.UTC(2026, 10, 27))],
        [],
        [null, null, null, null, null],
        ['lisi', 7, null, '40%', '2026-11-27'],
      ],
      (ws) => {
        ws.getCell('D2').numFmt = '0%';
      },
    );
    const sheet = await readSheet(file, 'a.xlsx');
    expect(sheet.rows).toEqual([
      { row: 2, values: { 工号: 'zhangsan', 数值: 42, 链接: '工单', 权重: 35, 日期: new Date(Date.UTC(2026, 10, 27)) } },
      { row: 5, values: { 工号: 'lisi', 数值: 7, 链接: null, 权重: '40%', 日期: '2026-11-27' } },
    ]);
  });

  it('refuses .xls, files that are not xlsx, empty files and data under a column without a header', async () => {
    expect((await failureOf(() => readSheet(Buffer.from('x'), '旧表.xls'))).message).toContain('另存为”.xlsx');
    expect((await failureOf(() => readSheet(Buffer.from('not a zip'), 'a.xlsx'))).message).toContain('不是有效的 .xlsx 文件');
    expect((await failureOf(() => readSheet(Buffer.alloc(0), 'a.xlsx'))).message).toBe('文件是空的');
    expect((await failureOf(() => readSheet(Buffer.from('a'), 'a.pdf'))).message).toContain('请上传 .xlsx 或 .csv 文件');
    const stray = await makeXlsx([['工号', null, null], ['zhangsan', null, '多余']]);
    expect((await failureOf(() => readSheet(stray, 'a.xlsx'))).toImportError()).toEqual({ row: 2, column: '', message: '第 C 列有数据但没有表头，请在第 1 行填写列名或删除该列数据' });
  });

  it('reads only the first worksheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('数据').addRow(['工号']);
    wb.addWorksheet('其他').addRow(['姓名']);
    expect((await readSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx')).headers).toEqual(['工号']);
  });
});

describe('header matching', () => {
  const columns = KIND_HANDLERS.records.columns;
  const sheetOf = (headers: string[]) => ({ headers, rows: [] });

  it('matches aliases case-, width- and space-insensitively, with a * or （必填） mark', () => {
    expect(mapRows(columns, sheetOf([' UserID ', '输 入 项', '数值（必填）', '*发生时间', 'ＥｘｔｅｒｎａｌＩＤ']), 'Asia/Shanghai').errors).toEqual([]);
  });

  it('reports a column given twice', () => {
    const { errors } = mapRows(columns, sheetOf(['工号', '输入项', '数值', '发生时间', '外部编号', 'userid']), 'Asia/Shanghai');
    expect(errors).toEqual([{ row: 1, column: 'userid', message: '与“工号”列重复（都表示【工号】）' }]);
  });
});

describe('cell conversion', () => {
  const iso = (text: string | number): string | null => {
    const r = toInstant(text, 'Asia/Shanghai');
    return r.ok ? (r.value as Date).toISOString() : null;
  };

  it.each<[string | number, string | null]>([
    ['2026-11-27', '2026-11-26T16:00:00.000Z'],
    ['2026/11/27 8:30', '2026-11-27T00:30:00.000Z'],
    ['2026.11.27 08:30:15', '2026-11-27T00:30:15.000Z'],
    ['2026年11月27日', '2026-11-26T16:00:00.000Z'],
    ['2026年11月27日 8时30分', '2026-11-27T00:30:00.000Z'],
    ['２０２６－１１－２７', '2026-11-26T16:00:00.000Z'],
    ['2026-11-27T08:30:00Z', '2026-11-27T08:30:00.000Z'],
    [46353.5, '2026-11-27T04:00:00.000Z'],
    ['2026-02-30', null],
    ['下周一', null],
  ])('reads %p as %p', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each<[string | number | Date, string]>([
    ['2026-11', '2026-11'],
    ['2026/3', '2026-03'],
    ['2026年11月', '2026-11'],
    ['2026年第4季度', '2026-Q4'],
    ['2026q4', '2026-Q4'],
    [2026, '2026'],
    [new Date(Date.UTC(2026, 10, 1)), '2026-11'],
    ['2026-w48', '2026-W48'],
  ])('reads period %p as %p', (value, expected) => {
    expect(toPeriodText(value)).toBe(expected);
  });
});
