/**
 * A spreadsheet upload into the database: read the sheet, match the headers, convert every cell,
 * check every reference, then write all rows in one transaction, or none if anything is wrong.
 */
import type { DataSource } from 'typeorm';
import { ImportFailure } from './import-failure';
import { KIND_HANDLERS } from './kinds';
import { mapRows } from './map-rows';
import { readSheet } from './read-sheet';
import { IMPORT_KINDS, isImportKind } from './types';
import type { ImportOptions, ImportResult } from './types';

/** Every kind's rows are validated and written in one go; more belongs in several files. */
export const MAX_IMPORT_ROWS = 5000;

export async function importFile(ds: DataSource, kind: string, buffer: Buffer, filename: string, opts: ImportOptions): Promise<ImportResult> {
  if (!isImportKind(kind)) {
    return { ok: false, errors: [{ row: 0, column: '', message: `未知的导入类型“${kind}”，可选：${IMPORT_KINDS.join('、')}` }] };
  }
  const handler = KIND_HANDLERS[kind];
  try {
    const sheet = await readSheet(buffer, filename);
    if (sheet.rows.length === 0) return { ok: false, errors: [{ row: 0, column: '', message: '文件中没有数据行（第 1 行是表头，数据从第 2 行开始）' }] };
    if (sheet.rows.length > MAX_IMPORT_ROWS) {
      return { ok: false, errors: [{ row: 0, column: '', message: `一次最多导入 ${MAX_IMPORT_ROWS} 行，本文件有 ${sheet.rows.length} 行，请拆分成多个文件` }] };
    }
    const mapped = mapRows(handler.columns, sheet, opts.timeZone);
    // A header problem makes every row unreadable: report it alone.
    if (mapped.errors.some((e) => e.row === 1)) return { ok: false, errors: mapped.errors };
    return await handler.execute(ds, mapped.rows, { ...opts, filename, cellErrors: mapped.errors });
  } catch (err) {
    if (err instanceof ImportFailure) return { ok: false, errors: [err.toImportError()] };
    throw err;
  }
}
