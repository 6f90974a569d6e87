/**
 * A spreadsheet upload as header + rows: .xlsx (the first worksheet, streamed: see xlsx-reader) or
 * .csv (UTF-8). Empty rows are skipped; row numbers stay those of the sheet. More data rows than an
 * import takes are refused as soon as the reader meets the first one too many.
 */
import { decodeCsv, parseCsv } from './csv';
import { ImportFailure } from './import-failure';
import type { CellValue, Sheet, SheetRow } from './types';
import { NumberedRow, readXlsxRows } from './xlsx-reader';

/** Uploads above this are refused before parsing: an xlsx is a zip and inflates a lot. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Every kind's rows are validated and written in one go; more belongs in several files. */
export const MAX_IMPORT_ROWS = 5000;

const tooMany = (max: number) => `一次最多导入 ${max} 行，本文件超过 ${max} 行，请拆分成多个文件`;

export async function readSheet(buffer: Buffer, filename: string, maxRows = MAX_IMPORT_ROWS): Promise<Sheet> {
  if (buffer.length === 0) throw new ImportFailure('文件是空的');
  if (buffer.length > MAX_FILE_BYTES) throw new ImportFailure(`文件过大（${(buffer.length / 1048576).toFixed(1)} MB），最多 10 MB`);
  const ext = /\.([^.]+)$/.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv') return fromRows(csvRows(buffer, maxRows));
  if (ext === 'xls' || ext === 'et' || ext === 'wps') {
    throw new ImportFailure(`不支持 .${ext} 格式，请在 Excel 或 WPS 中“另存为”.xlsx 后再导入`);
  }
  if (ext !== 'xlsx' && ext !== 'xlsm') throw new ImportFailure(`不支持的文件类型“${filename}”，请上传 .xlsx 或 .csv 文件`);
  // A zip starts with "PK"; anything else is not an xlsx, whatever its name says.
  if (buffer.length < 4 || buffer[0] !== 0x50 || buffer[1] !== 0x4b) throw new ImportFailure('文件不是有效的 .xlsx 文件，请用 Excel 重新保存后再导入');
  return fromRows(await readXlsxRows(buffer, maxRows, tooMany(maxRows)));
}

function csvRows(buffer: Buffer, maxRows: number): NumberedRow[] {
  const rows: NumberedRow[] = [];
  let dataRows = 0;
  parseCsv(decodeCsv(buffer)).forEach((cells, i) => {
    if (cells.every(isBlank)) return;
    if (i > 0 && ++dataRows > maxRows) throw new ImportFailure(tooMany(maxRows));
    rows.push({ row: i + 1, cells });
  });
  return rows;
}

function isBlank(v: CellValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

function fromRows(rows: NumberedRow[]): Sheet {
  const headerCells = rows[0]?.row === 1 ? rows[0].cells : [];
  if (headerCells.every(isBlank)) throw new ImportFailure('第 1 行应为表头（列名），但它是空的', 1);
  const headers: string[] = [];
  const columns: Array<{ index: number; header: string }> = [];
  headerCells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const header = String(cell).trim();
    headers.push(header);
    columns.push({ index, header });
  });
  const out: SheetRow[] = [];
  for (const { row, cells } of rows.slice(1)) {
    const unnamed = cells.findIndex((v, i) => !isBlank(v) && isBlank(headerCells[i] ?? null));
    if (unnamed >= 0) throw new ImportFailure(`第 ${columnLetter(unnamed)} 列有数据但没有表头，请在第 1 行填写列名或删除该列数据`, row);
    const values: Record<string, CellValue> = {};
    for (const { index, header } of columns) values[header] = cells[index] ?? null;
    out.push({ row, values });
  }
  return { headers, rows: out };
}

/** 0 → A, 26 → AA: how Excel names the column. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
