/**
 * Matches row 1 against a kind's column specs and converts every cell. Header problems stop the
 * import at once (nothing below them can be read right); cell problems are all collected.
 */
import { convertCell, isEmptyCell } from './cells';
import type { ColumnSpec, ImportError, ParsedRow, Sheet } from './types';

export interface MappedSheet {
  rows: ParsedRow[];
  errors: ImportError[];
}

/** Case-, width- and space-insensitive; a trailing * or （必填） marks a required column in many templates. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/\((必填|选填|可选)\)$/, '')
    .replace(/^\*|\*$/g, '');
}

export function headerIndex(columns: ColumnSpec[]): Map<string, ColumnSpec> {
  const index = new Map<string, ColumnSpec>();
  for (const spec of columns) for (const name of [spec.header, ...(spec.aliases ?? [])]) index.set(normalizeHeader(name), spec);
  return index;
}

export function mapRows(columns: ColumnSpec[], sheet: Sheet, timeZone: string): MappedSheet {
  const index = headerIndex(columns);
  const errors: ImportError[] = [];
  const bound = new Map<string, ColumnSpec>(); // written header → spec
  const seen = new Map<string, string>(); // field → written header
  for (const header of sheet.headers) {
    const spec = index.get(normalizeHeader(header));
    if (!spec) {
      errors.push({ row: 1, column: header, message: `无法识别的列名，可用的列：${columns.map((c) => c.header).join('、')}` });
    } else if (seen.has(spec.field)) {
      errors.push({ row: 1, column: header, message: `与“${seen.get(spec.field)}”列重复（都表示【${spec.header}】）` });
    } else {
      seen.set(spec.field, header);
      bound.set(header, spec);
    }
  }
  for (const spec of columns) {
    if (spec.required && !seen.has(spec.field)) errors.push({ row: 1, column: spec.header, message: withWhy('缺少必填列，请在第 1 行加上这一列', spec) });
  }
  if (errors.length > 0) return { rows: [], errors };

  const rows: ParsedRow[] = [];
  for (const sheetRow of sheet.rows) {
    const values: Record<string, unknown> = {};
    let clean = true;
    for (const [header, spec] of bound) {
      const cell = sheetRow.values[header] ?? null;
      if (isEmptyCell(cell)) {
        values[spec.field] = null;
        if (spec.required) {
          errors.push({ row: sheetRow.row, column: spec.header, message: withWhy('不能为空', spec) });
          clean = false;
        }
        continue;
      }
      const result = convertCell(spec, cell, timeZone);
      if (result.ok) values[spec.field] = result.value;
      else {
        errors.push({ row: sheetRow.row, column: spec.header, message: result.message });
        clean = false;
      }
    }
    // A row with a bad cell is left out of the reference checks, which would only echo the error.
    if (clean) rows.push({ row: sheetRow.row, values });
  }
  return { rows, errors };
}

function withWhy(message: string, spec: ColumnSpec): string {
  return spec.whyRequired ? `${message}。${spec.whyRequired}` : message;
}
