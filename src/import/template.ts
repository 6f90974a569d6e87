/**
 * The template HR fills in: the header row (bold, frozen, red for required columns), a sample
 * row in grey, text-formatted columns where Excel would otherwise turn 2026-11 into a date or
 * 00123 into 123, and a 说明 sheet that explains every column.
 */
import ExcelJS from 'exceljs';
import { displayOptions } from './cells';
import { KIND_HANDLERS } from './kinds';
import { MAX_IMPORT_ROWS } from './import-file';
import { IMPORT_KIND_LABELS } from './types';
import type { CellValue, ColumnSpec, ImportKind } from './types';

const TEXT_TYPES = new Set<ColumnSpec['type']>(['text', 'list', 'period', 'enum', 'bool']);

export async function writeTemplate(kind: ImportKind): Promise<Buffer> {
  const handler = KIND_HANDLERS[kind];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'perfbot';
  const ws = wb.addWorksheet(IMPORT_KIND_LABELS[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = handler.columns.map((c) => ({
    header: c.header,
    key: c.field,
    width: Math.min(50, Math.max(12, displayWidth(c.header) + 4, ...handler.samples.map((s) => displayWidth(toText(s[c.field] ?? null)) + 2))),
    style: TEXT_TYPES.has(c.type) ? { numFmt: '@' } : c.type === 'datetime' ? { numFmt: 'yyyy-mm-dd hh:mm' } : c.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  handler.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    cell.note = `${c.required ? '必填' : '选填'}：${c.help}`;
  });
  for (const sample of handler.samples) {
    const row = ws.addRow(handler.columns.map((c) => sampleCell(c, sample[c.field] ?? null)));
    row.font = { color: { argb: 'FF808080' } };
  }
  addGuide(wb, handler.columns, handler.samples);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function addGuide(wb: ExcelJS.Workbook, columns: ColumnSpec[], samples: Array<Record<string, CellValue>>): void {
  const ws = wb.addWorksheet('说明', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: '列名', key: 'header', width: 16 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '格式', key: 'format', width: 30 },
    { header: '示例', key: 'example', width: 36 },
    { header: '说明', key: 'help', width: 80 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const c of columns) {
    const example = samples.map((s) => toText(s[c.field] ?? null)).find((t) => t !== '') ?? '';
    const aliases = c.aliases?.length ? `（列名也可写作：${c.aliases.join('、')}）` : '';
    ws.addRow({ header: c.header, required: c.required ? '必填' : '选填', format: describeFormat(c), example, help: [c.help, c.whyRequired].filter(Boolean).join('。') + aliases });
  }
  ws.addRow([]);
  for (const line of [
    '填写须知：',
    '1. 第 1 行是表头，请勿修改列名；红色列名为必填列，选填列可以整列删除（删除后已有数据保持不变）。',
    '2. 灰色的示例行请删除后再填写自己的数据。',
    `3. 一次最多导入 ${MAX_IMPORT_ROWS} 行；所有行都校验通过才会写入，任何一行有错都不会写入任何数据，请按提示的行号修改后重新导入。`,
    '4. 也可以另存为“CSV UTF-8（逗号分隔）”后导入。',
  ]) {
    ws.addRow([line]);
  }
  ws.getColumn(5).alignment = { wrapText: true, vertical: 'top' };
}

function describeFormat(c: ColumnSpec): string {
  const range = c.min !== undefined && c.max !== undefined ? `（${c.min}–${c.max}）` : '';
  switch (c.type) {
    case 'text':
      return c.maxLength ? `文字，最多 ${c.maxLength} 个字符` : '文字';
    case 'number':
      return `数字${range}`;
    case 'datetime':
      return '日期或日期时间，如 2026-11-27 08:30';
    case 'date':
      return '日期，如 2021-03-15';
    case 'list':
      return '可填多个，用“、”或“,”分隔';
    case 'bool':
      return '是 / 否';
    case 'period':
      return '周期，如 2026、2026-Q4、2026-11';
    case 'enum':
      return `可选：${displayOptions(c).join('、')}`;
  }
}

/** A sample as a typed cell: a datetime becomes an Excel date (wall clock in the UTC fields). */
function sampleCell(c: ColumnSpec, v: CellValue): CellValue {
  if ((c.type !== 'datetime' && c.type !== 'date') || typeof v !== 'string') return v;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}))?$/.exec(v);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0))) : v;
}

function toText(v: CellValue): string {
  return v === null ? '' : v instanceof Date ? v.toISOString() : String(v);
}

/** Columns are sized in Latin characters; a Chinese character takes two. */
function displayWidth(text: string): number {
  return Array.from(text).reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
}
