/** The shapes shared by the spreadsheet import: kinds, column specs, parsed rows and results. */
import type { DataSource } from 'typeorm';

export const IMPORT_KINDS = ['employees', 'metrics', 'assignments', 'records', 'goals', 'calendar', 'weights', 'growth'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What HR calls each kind, for file names, sheet names and messages. */
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  employees: '员工',
  metrics: '指标',
  assignments: '指标分配',
  records: '指标数据',
  goals: '目标',
  calendar: '工作日历',
  weights: '部门权重',
  growth: '学习成长',
};

export function isImportKind(kind: string): kind is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(kind);
}

export interface ImportOptions {
  /** 'user:<userid>', 'apikey:<name>', 'cli'. */
  actor: string;
  now: Date;
  timeZone: string;
  dryRun?: boolean;
}

export interface ImportError {
  /** The sheet row as HR sees it in Excel: the header is row 1; 0 when the whole file is at fault. */
  row: number;
  /** The Chinese header of the offending column; '' when no single column is at fault. */
  column: string;
  message: string;
}

export type ImportResult =
  | {
      ok: true;
      kind: ImportKind;
      inserted: number;
      updated: number;
      unchanged: number;
      dryRun: boolean;
      /** Side effects worth a look, e.g. departments that the import creates. */
      notes?: string[];
    }
  | { ok: false; errors: ImportError[] };

/** A cell as read from a sheet: rich text, hyperlinks and formulas are reduced to their value. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
  /** The sheet row number (header = 1). */
  row: number;
  /** Keyed by the header text exactly as written in row 1. */
  values: Record<string, CellValue>;
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

export type ColumnType = 'text' | 'number' | 'datetime' | 'date' | 'list' | 'bool' | 'period' | 'enum';

export interface ColumnSpec {
  field: string;
  /** The canonical Chinese header, as written in templates and error messages. */
  header: string;
  /** Other headers accepted for the column, matched case- and space-insensitively. */
  aliases?: string[];
  /** The header must be present and no cell may be empty. */
  required?: boolean;
  /** Added to the missing-column and empty-cell errors where the reason is not obvious. */
  whyRequired?: string;
  type: ColumnType;
  /** For 'enum': accepted text → stored value; the first text per value is the one shown. */
  options?: Record<string, string>;
  maxLength?: number;
  min?: number;
  max?: number;
  /** For the 说明 sheet: the format and what the column means. */
  help: string;
}

/**
 * A data row converted by its column specs: undefined = column absent (an update keeps the stored
 * value), null = empty cell (the default).
 */
export interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
}

export interface KindHandler {
  kind: ImportKind;
  columns: ColumnSpec[];
  /** Template sample rows, keyed by field. */
  samples: Array<Record<string, CellValue>>;
  /** Validates every row and writes all of them or none (unless dry). */
  execute(ds: DataSource, rows: ParsedRow[], ctx: KindContext): Promise<ImportResult>;
}

export interface KindContext extends ImportOptions {
  filename: string;
  /** Cell errors from the rows left out of `rows`: reported together with the kind's own. */
  cellErrors: ImportError[];
}
