/**
 * A hostile .xlsx, as small on the wire as the one that stalled the service (1.4 MB for 1.4 GB of
 * sheet XML): a header row, then one row repeated millions of times. `declare: 'honest'` writes the true
 * inflated size into the zip directory; 'lie' writes a small one, as a crafted file would.
 * Used by the tests (test/import/xlsx-bomb.test.ts) and bench/import-bomb.ts.
 */
import zlib from 'node:zlib';

export interface BombOptions {
  /** Inflated size of the sheet XML, roughly. */
  inflatedBytes: number;
  declare: 'honest' | 'lie';
}

const HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
  '<row r="1"><c r="A1" t="inlineStr"><is><t>工号</t></is></c><c r="B1" t="inlineStr"><is><t>输入项</t></is></c><c r="C1" t="inlineStr"><is><t>数值</t></is></c></row>';
/** The same row over and over (row numbers repeat too: exceljs reads each one all the same). */
const ROW = '<row r="2"><c r="A2" t="inlineStr"><is><t>zhangsan</t></is></c><c r="B2" t="inlineStr"><is><t>good</t></is></c><c r="C2"><v>1</v></c></row>';
const FOOTER = '</sheetData></worksheet>';

function xml(parts: TemplateStringsArray): string {
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + parts.join('');
}

const CONTENT_TYPES = xml`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = xml`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = xml`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = xml`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

interface Part {
  name: string;
  deflated: Buffer;
  crc: number;
  size: number;
}

function part(name: string, text: string): Part {
  const data = Buffer.from(text, 'utf8');
  return { name, deflated: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
}

function bombSheet(inflatedBytes: number): Part {
  // One block of rows compressed once and repeated: full-flush deflate segments concatenate into
  // one valid stream, so a gigabyte of XML costs about a megabyte and no memory to build.
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const head = Buffer.from(HEADER, 'utf8');
  const foot = Buffer.from(FOOTER, 'utf8');
  const block = Buffer.from(ROW.repeat(Math.ceil((1024 * 1024) / ROW.length)), 'utf8');
  const repeats = Math.max(1, Math.ceil(inflatedBytes / block.length));
  const blockDeflated = zlib.deflateRawSync(block, { ...flush, level: 9 });
  let crc = zlib.crc32(head);
  for (let i = 0; i < repeats; i++) crc = zlib.crc32(block, crc);
  crc = zlib.crc32(foot, crc);
  const deflated = Buffer.concat([zlib.deflateRawSync(head, flush), ...Array.from({ length: repeats }, () => blockDeflated), zlib.deflateRawSync(foot)]);
  return { name: 'xl/worksheets/sheet1.xml', deflated, crc, size: head.length + repeats * block.length + foot.length };
}

/** A zip of the parts (deflate, no data descriptors), sizes as declared by `declare`. */
function zip(parts: Part[], declare: BombOptions['declare']): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const size = declare === 'lie' ? Math.min(p.size, 4096) : Math.min(p.size, 0xfffffffe);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.deflated.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.deflated.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.deflated);
    centrals.push(central, name);
    offset += 30 + name.length + p.deflated.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

export function makeXlsxBomb(o: BombOptions): Buffer {
  return zip(
    [
      part('[Content_Types].xml', CONTENT_TYPES),
      part('_rels/.rels', ROOT_RELS),
      part('xl/workbook.xml', WORKBOOK),
      part('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
      bombSheet(o.inflatedBytes),
    ],
    o.declare,
  );
}
