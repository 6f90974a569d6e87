/**
 * Just enough of the zip format to read an .xlsx safely: the central directory (names, declared
 * sizes) without inflating anything, and one entry inflated as a stream that is cut off past a
 * byte cap, because the declared sizes of a hostile file may lie.
 */
import zlib from 'node:zlib';
import { ImportFailure } from './import-failure';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  /** As declared by the central directory (checked again while inflating). */
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const NOT_XLSX = '文件不是有效的 .xlsx 文件，请用 Excel 重新保存后再导入';
const BROKEN = '无法读取 .xlsx 文件，文件可能已损坏或加密，请用 Excel 重新保存后再导入';

/** The entries by name, from the central directory at the end of the file. */
export function readZipDirectory(buf: Buffer): Map<string, ZipEntry> {
  if (buf.length < 22 || buf.readUInt32LE(0) !== LOCAL) throw new ImportFailure(NOT_XLSX);
  let eocd = -1;
  // The end record is 22 bytes plus a comment of at most 65,535.
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ImportFailure(BROKEN);
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ImportFailure(BROKEN);
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      uncompressedSize: buf.readUInt32LE(p + 24),
      localHeaderOffset: buf.readUInt32LE(p + 42),
    };
    if (flags & 1) throw new ImportFailure('文件已加密，请在 Excel 中取消密码保护后再导入');
    entries.set(entry.name, entry);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

/** The entry's bytes as they are stored (still compressed). */
function storedBytes(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.localHeaderOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== LOCAL) throw new ImportFailure(BROKEN);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  if (start + e.compressedSize > buf.length) throw new ImportFailure(BROKEN);
  return buf.subarray(start, start + e.compressedSize);
}

/**
 * The entry inflated chunk by chunk (about 64 KB each). Stops with `tooLarge` once more than
 * `maxBytes` came out; the consumer may stop early (break), which ends the inflation.
 */
export async function* inflateEntry(buf: Buffer, e: ZipEntry, maxBytes: number, tooLarge: string): AsyncGenerator<Buffer> {
  const data = storedBytes(buf, e);
  if (e.method === 0) {
    if (data.length > maxBytes) throw new ImportFailure(tooLarge);
    for (let i = 0; i < data.length; i += 65_536) yield data.subarray(i, i + 65_536);
    return;
  }
  if (e.method !== 8) throw new ImportFailure(BROKEN);
  const inflater = zlib.createInflateRaw({ chunkSize: 65_536 });
  inflater.end(data);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw new ImportFailure(tooLarge);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ImportFailure) throw err;
    throw new ImportFailure(BROKEN);
  } finally {
    inflater.destroy();
  }
}

/** A small entry (workbook, relations, styles) as text, with the same cap. */
export async function entryText(buf: Buffer, e: ZipEntry, maxBytes: number, tooLarge: string): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of inflateEntry(buf, e, maxBytes, tooLarge)) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}
