/** Spreadsheet import (Excel .xlsx or UTF-8 CSV) of employees, metrics, assignments, records and goals. */
export { formatImportError, formatImportResult, MAX_LISTED_ERRORS } from './format-result';
export { importFile, MAX_IMPORT_ROWS } from './import-file';
export { ImportFailure } from './import-failure';
export { KIND_HANDLERS } from './kinds';
export { MAX_FILE_BYTES, readSheet } from './read-sheet';
export { writeTemplate } from './template';
export { IMPORT_KIND_LABELS, IMPORT_KINDS, isImportKind } from './types';
export type { CellValue, ColumnSpec, ImportError, ImportKind, ImportOptions, ImportResult, Sheet, SheetRow } from './types';
