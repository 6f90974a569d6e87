/**
 * CSV by hand (RFC 4180: comma separated, "quoted" fields, "" for a quote, CRLF or LF, line breaks
 * inside quotes) rather than through exceljs, whose CSV reader turns 2026-11 into a date and
 * 00123 into 123. Every field stays text; the column specs decide what it means.
 */
import { ImportFailure } from './import-failure';

/** UTF-8 with or without a BOM; anything else is refused with a hint on how to re-save. */
export function decodeCsv(buffer: Buffer): string {
  try {
    // TextDecoder drops a leading BOM by default (ignoreBOM: false).
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new ImportFailure(
      'CSV 文件必须是 UTF-8 编码。GBK 等其他编码请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”，或直接上传 .xlsx 文件',
    );
  }
}

/** Records in file order; a record spread over several lines by quoted line breaks is one row. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let quoteStartRecord = 0;
  let i = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteStartRecord = records.length + 1;
    } else if (ch === ',') {
      endField();
    } else if (ch === '\r' && text[i + 1] === '\n') {
      endRecord();
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
    } else {
      // A stray quote inside an unquoted field is kept as text, as Excel does.
      field += ch;
    }
    i++;
  }
  if (quoted) throw new ImportFailure(`CSV 格式错误：第 ${quoteStartRecord} 行的引号没有闭合`, quoteStartRecord);
  if (field !== '' || record.length > 0) endRecord();
  return records;
}
