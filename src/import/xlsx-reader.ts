/**
 * The first worksheet of an .xlsx, streamed: declared sizes are checked against the limits before
 * anything is inflated, the sheet XML is inflated and scanned row by row, and reading stops as soon
 * as there are more data rows than an import takes. Memory stays bounded by the limits whatever
 * the file claims, so a zip bomb is refused in milliseconds instead of inflating gigabytes.
 *
 * Cells are reduced as HR sees them: shared and inline strings (rich text joined, phonetic runs
 * dropped), a formula to its cached result, a date-formatted number to a Date, a percent-formatted
 * 0.985 to 98.5, booleans, error codes as text.
 */
import { StringDecoder } from 'node:string_decoder';
import { ImportFailure } from './import-failure';
import type { CellValue } from './types';
import { entryText, inflateEntry, readZipDirectory, ZipEntry } from './zip-entries';

export const XLSX_LIMITS = {
  /** The first sheet's XML, inflated: 5,000 rows of 30 columns take about 10 MB. */
  sheetBytes: 64 * 1024 * 1024,
  sharedStringsBytes: 32 * 1024 * 1024,
  /** Workbook, relations, styles. */
  partBytes: 8 * 1024 * 1024,
  /** All entries together, as declared. */
  totalBytes: 256 * 1024 * 1024,
  /** One row's XML. */
  rowBytes: 4 * 1024 * 1024,
};

export interface NumberedRow {
  /** The sheet row number (1 = header). */
  row: number;
  cells: CellValue[];
}

const mb = (n: number) => `${Math.round(n / 1048576)} MB`;
const TOO_LARGE = (what: string, limit: number) => `文件解压后${what}超过 ${mb(limit)}，无法导入；请只保留需要导入的数据（一次最多几千行），另存为新的 .xlsx 后再导入`;

/** Rows of the first worksheet with any content; throws `tooMany` past `maxDataRows` rows after the header. */
export async function readXlsxRows(buf: Buffer, maxDataRows: number, tooMany: string): Promise<NumberedRow[]> {
  const zip = readZipDirectory(buf);
  let declared = 0;
  for (const e of zip.values()) declared += e.uncompressedSize;
  if (declared > XLSX_LIMITS.totalBytes) throw new ImportFailure(TOO_LARGE('', XLSX_LIMITS.totalBytes));
  const part = async (name: string): Promise<string | null> => {
    const e = zip.get(name);
    return e ? entryText(buf, checked(e, XLSX_LIMITS.partBytes, '的表格结构'), XLSX_LIMITS.partBytes, TOO_LARGE('的表格结构', XLSX_LIMITS.partBytes)) : null;
  };
  const workbookXml = await part('xl/workbook.xml');
  if (workbookXml === null) throw new ImportFailure('文件不是有效的 .xlsx 文件，请用 Excel 重新保存后再导入');
  const sheetPath = firstSheetPath(workbookXml, (await part('xl/_rels/workbook.xml.rels')) ?? '');
  const sheet = sheetPath ? zip.get(sheetPath) : undefined;
  if (!sheet) throw new ImportFailure('文件中没有工作表');
  checked(sheet, XLSX_LIMITS.sheetBytes, '的工作表');
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbookXml);
  const formats = cellFormats((await part('xl/styles.xml')) ?? '');
  const shared = await sharedStrings(buf, zip.get('xl/sharedStrings.xml'));

  const rows: NumberedRow[] = [];
  let nextRow = 1;
  let dataRows = 0;
  const chunks = inflateEntry(buf, sheet, XLSX_LIMITS.sheetBytes, TOO_LARGE('的工作表', XLSX_LIMITS.sheetBytes));
  for await (const xml of elements(chunks, 'row')) {
    const number = Number(attr(xml.slice(0, xml.indexOf('>') + 1), 'r') ?? nextRow);
    nextRow = number + 1;
    const cells = rowCells(xml, shared, formats, date1904);
    if (!cells.some((v) => v !== null && !(typeof v === 'string' && v.trim() === ''))) continue;
    if (number > 1 && ++dataRows > maxDataRows) throw new ImportFailure(tooMany);
    rows.push({ row: number, cells });
  }
  return rows;
}

function checked(e: ZipEntry, limit: number, what: string): ZipEntry {
  if (e.uncompressedSize > limit) throw new ImportFailure(TOO_LARGE(what, limit));
  return e;
}

const ATTR = new Map<string, RegExp>();

function attr(tag: string, name: string): string | undefined {
  let re = ATTR.get(name);
  if (!re) ATTR.set(name, (re = new RegExp(`\\s(?:\\w+:)?${name}="([^"]*)"`)));
  return re.exec(tag)?.[1];
}

/** The first sheet in tab order: workbook.xml names its relation id, the relations its part. */
function firstSheetPath(workbookXml: string, relsXml: string): string | null {
  const sheetTag = /<(?:\w+:)?sheet\b[^>]*>/.exec(workbookXml)?.[0];
  const relId = sheetTag && /\s\w+:id="([^"]+)"/.exec(sheetTag)?.[1];
  if (!relId) return null;
  for (const rel of relsXml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    if (attr(rel, 'Id') !== relId) continue;
    const target = attr(rel, 'Target') ?? '';
    return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  }
  return null;
}

/** Complete `<tag …>…</tag>` or `<tag …/>` elements from streamed XML, in order. */
async function* elements(chunks: AsyncIterable<Buffer>, tag: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  const open = new RegExp(`<(\\w+:)?${tag}[\\s/>]`, 'g');
  let text = '';
  for await (const chunk of chunks) {
    text += decoder.write(chunk);
    let pos = 0;
    for (;;) {
      open.lastIndex = pos;
      const m = open.exec(text);
      if (!m) {
        pos = Math.max(pos, text.length - tag.length - 16);
        break;
      }
      const end = text.indexOf('>', m.index);
      if (end < 0) {
        pos = m.index;
        break;
      }
      if (text[end - 1] === '/') {
        yield text.slice(m.index, end + 1);
        pos = end + 1;
        continue;
      }
      const closeTag = `</${m[1] ?? ''}${tag}>`;
      const close = text.indexOf(closeTag, end);
      if (close < 0) {
        pos = m.index;
        break;
      }
      yield text.slice(m.index, close + closeTag.length);
      pos = close + closeTag.length;
    }
    text = text.slice(pos);
    if (text.length > XLSX_LIMITS.rowBytes) throw new ImportFailure(`工作表中有一行数据超过 ${mb(XLSX_LIMITS.rowBytes)}，无法导入`);
  }
}

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(ENTITY, (_, hex: string, dec: string, name: string) =>
    name ? NAMED[name] : String.fromCodePoint(parseInt(hex ?? dec, hex ? 16 : 10)),
  );
}

/** The text of a string item: its runs joined, phonetic guides (rPh) left out. */
function itemText(xml: string): string {
  const body = xml.replace(/<(\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let out = '';
  for (const m of body.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += decode(m[1]);
  return out;
}

async function sharedStrings(buf: Buffer, e: ZipEntry | undefined): Promise<string[]> {
  if (!e) return [];
  const tooLarge = TOO_LARGE('的文本表', XLSX_LIMITS.sharedStringsBytes);
  checked(e, XLSX_LIMITS.sharedStringsBytes, '的文本表');
  const out: string[] = [];
  for await (const si of elements(inflateEntry(buf, e, XLSX_LIMITS.sharedStringsBytes, tooLarge), 'si')) out.push(itemText(si));
  return out;
}

/** Excel's built-in number formats that show a date or time (zh-CN variants included). */
const BUILTIN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

type CellFormat = 'date' | 'percent' | 'plain';

/** The display kind of each cell style index (cellXfs order). */
function cellFormats(stylesXml: string): CellFormat[] {
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b[^>]*>/g)) {
    const id = Number(attr(m[0], 'numFmtId'));
    custom.set(id, decode(attr(m[0], 'formatCode') ?? ''));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[0] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b[^>]*>/g)].map((m) => {
    const id = Number(attr(m[0], 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined) return kindOf(code);
    if (id === 9 || id === 10) return 'percent';
    return BUILTIN_DATE_IDS.has(id) ? 'date' : 'plain';
  });
}

function kindOf(code: string): CellFormat {
  // As exceljs decides: date letters outside quotes and [..] sections make it a date.
  const bare = code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  if (/[ymdhMsb]+/.test(bare)) return 'date';
  return code.includes('%') ? 'percent' : 'plain';
}

function columnIndex(ref: string | undefined, fallback: number): number {
  const letters = ref && /^([A-Z]+)/.exec(ref)?.[1];
  if (!letters) return fallback;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

const CELL = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;

function rowCells(rowXml: string, shared: string[], formats: CellFormat[], date1904: boolean): CellValue[] {
  const cells: CellValue[] = [];
  let col = -1;
  for (const m of rowXml.matchAll(CELL)) {
    const attrs = ` ${m[1]}`;
    col = columnIndex(attr(attrs, 'r'), col + 1);
    if (col > 16_383) break;
    const inner = m[2] ?? '';
    const type = attr(attrs, 't') ?? 'n';
    const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
    let value: CellValue = null;
    if (type === 'inlineStr') value = itemText(/<(?:\w+:)?is>([\s\S]*?)<\/(?:\w+:)?is>/.exec(inner)?.[1] ?? '');
    else if (v === undefined) value = null;
    else if (type === 's') value = shared[Number(v)] ?? null;
    else if (type === 'str' || type === 'e') value = decode(v);
    else if (type === 'b') value = v.trim() === '1' || v.trim() === 'true';
    else if (type === 'd') value = new Date(decode(v));
    else value = number(Number(v), formats[Number(attr(attrs, 's') ?? 0)] ?? 'plain', date1904);
    cells[col] = value;
  }
  return Array.from(cells, (c) => c ?? null);
}

function number(n: number, format: CellFormat, date1904: boolean): CellValue {
  if (!Number.isFinite(n)) return null;
  if (format === 'date') return new Date(Math.round((n - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
  if (format === 'percent') return Math.round(n * 100 * 1e9) / 1e9;
  return n;
}
