/**
 * A spreadsheet upload into the database: read the sheet, match the headers, convert every cell,
 * check every reference, then write all rows in one transaction, or none if anything is wrong.
 */
import type { DataSource } from 'typeorm';
import { ImportFailure } from './import-failure';
import { KIND_HANDLERS } from './kinds';
import { mapRows } from './map-rows';
import { MAX_IMPORT_ROWS } from './read-sheet';
import { readSheetOffThread } from './sheet-worker-pool';
import { IMPORT_KINDS, isImportKind } from './types';
import type { ImportOptions, ImportResult } from './types';

export { MAX_IMPORT_ROWS };

export async function importFile(ds: DataSource, kind: string, buffer: Buffer, filename: string, opts: ImportOptions): Promise<ImportResult> {
  if (!isImportKind(kind)) {
    return { ok: false, errors: [{ row: 0, column: '', message: `未知的导入类型“${kind}”，可选：${IMPORT_KINDS.join('、')}` }] };
  }
  const handler = KIND_HANDLERS[kind];
  try {
    // Inflating and scanning the file is CPU work: off the event loop, so the service keeps answering.
    const sheet = await readSheetOffThread(buffer, filename);
    if (sheet.rows.length === 0) return { ok: false, errors: [{ row: 0, column: '', message: '文件中没有数据行（第 1 行是表头，数据从第 2 行开始）' }] };
    const mapped = mapRows(handler.columns, sheet, opts.timeZone);
    // A header problem makes every row unreadable: report it alone.
    if (mapped.errors.some((e) => e.row === 1)) return { ok: false, errors: mapped.errors };
    return await handler.execute(ds, mapped.rows, { ...opts, filename, cellErrors: mapped.errors });
  } catch (err) {
    if (err instanceof ImportFailure) return { ok: false, errors: [err.toImportError()] };
    throw err;
  }
}
