import { PerfbotError } from '../wecom/errors';
import type { ImportError } from './types';

/** The file as a whole cannot be read (format, encoding, size); importFile turns it into an error row. */
export class ImportFailure extends PerfbotError {
  constructor(
    message: string,
    readonly row = 0,
    readonly column = '',
  ) {
    super('import_invalid', message);
  }

  toImportError(): ImportError {
    return { row: this.row, column: this.column, message: this.message };
  }
}
