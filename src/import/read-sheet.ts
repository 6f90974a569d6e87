/**
 * A spreadsheet upload as header + rows: .xlsx (the first worksheet) or .csv (UTF-8). Cells are
 * reduced to what HR sees: rich text to its text, a formula to its result, a percent-formatted
 * 0.985 to 98.5. Empty rows are skipped; row numbers stay those of the sheet.
 */
import ExcelJS from 'exceljs';
import { decodeCsv, parseCsv } from './csv';
import { ImportFailure } from './import-failure';
import type { CellValue, Sheet, SheetRow } from './types';

/** Uploads above this are refused before parsing: an xlsx is a zip and inflates a lot. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export async function readSheet(buffer: Buffer, filename: string): Promise<Sheet> {
  if (buffer.length === 0) throw new ImportFailure('文件是空的');
  if (buffer.length > MAX_FILE_BYTES) throw new ImportFailure(`文件过大（${(buffer.length / 1048576).toFixed(1)} MB），最多 10 MB`);
  const ext = /\.([^.]+)$/.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv') return fromGrid(parseCsv(decodeCsv(buffer)));
  if (ext === 'xls' || ext === 'et' || ext === 'wps') {
    throw new ImportFailure(`不支持 .${ext} 格式，请在 Excel 或 WPS 中“另存为”.xlsx 后再导入`);
  }
  if (ext !== 'xlsx' && ext !== 'xlsm') throw new ImportFailure(`不支持的文件类型“${filename}”，请上传 .xlsx 或 .csv 文件`);
  return fromGrid(await readXlsxGrid(buffer));
}

async function readXlsxGrid(buffer: Buffer): Promise<CellValue[][]> {
  // A zip starts with "PK"; anything else is not an xlsx, whatever its name says.
  if (buffer.length < 4 || buffer[0] !== 0x50 || buffer[1] !== 0x4b) throw new ImportFailure('文件不是有效的 .xlsx 文件，请用 Excel 重新保存后再导入');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  } catch {
    throw new ImportFailure('无法读取 .xlsx 文件，文件可能已损坏或加密，请用 Excel 重新保存后再导入');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ImportFailure('文件中没有工作表');
  const grid: CellValue[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      cells[col - 1] = toCellValue(cell.value, cell.numFmt);
    });
    grid[rowNumber - 1] = Array.from(cells, (v) => v ?? null);
  });
  return Array.from(grid, (r) => r ?? []);
}

/** Reduces an exceljs cell to a plain value. */
export function toCellValue(value: ExcelJS.CellValue, numFmt?: string): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return numFmt?.includes('%') ? Math.round(value * 100 * 1e9) / 1e9 : value;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('hyperlink' in value) return toCellValue(value.text as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return toCellValue((value.result ?? null) as ExcelJS.CellValue, numFmt);
  return String(value);
}

function isBlank(v: CellValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

function fromGrid(grid: CellValue[][]): Sheet {
  const headerCells = grid[0] ?? [];
  if (headerCells.every(isBlank)) throw new ImportFailure('第 1 行应为表头（列名），但它是空的', 1);
  const headers: string[] = [];
  const columns: Array<{ index: number; header: string }> = [];
  headerCells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const header = String(cell).trim();
    headers.push(header);
    columns.push({ index, header });
  });
  const rows: SheetRow[] = [];
  for (let r = 1; r < grid.length; r++) {
    const cells = grid[r] ?? [];
    if (cells.every(isBlank)) continue;
    const unnamed = cells.findIndex((v, i) => !isBlank(v) && isBlank(headerCells[i] ?? null));
    if (unnamed >= 0) throw new ImportFailure(`第 ${columnLetter(unnamed)} 列有数据但没有表头，请在第 1 行填写列名或删除该列数据`, r + 1);
    const values: Record<string, CellValue> = {};
    for (const { index, header } of columns) values[header] = cells[index] ?? null;
    rows.push({ row: r + 1, values });
  }
  return { headers, rows };
}

/** 0 → A, 26 → AA: how Excel names the column. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
