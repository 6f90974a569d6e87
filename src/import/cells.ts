/**
 * One cell to a typed value by its column spec. Text is NFKC-normalised first so full-width digits
 * and punctuation typed with a Chinese IME (９８．５、２０２６－１１) read as ASCII.
 */
import { parseInstantText } from '../domain/instant-text';
import type { CellValue, ColumnSpec } from './types';

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): CellResult => ({ ok: true, value });
const fail = (message: string): CellResult => ({ ok: false, message });
const pad = (n: number): string => String(n).padStart(2, '0');

export function isEmptyCell(v: CellValue): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** Converts a non-empty cell; the caller handles empty ones. */
export function convertCell(spec: ColumnSpec, v: CellValue, timeZone: string): CellResult {
  switch (spec.type) {
    case 'text':
      return checkLength(spec, toText(v));
    case 'number':
      return toNumber(spec, v);
    case 'datetime':
      return toInstant(v, timeZone);
    case 'date':
      return toCalendarDate(v);
    case 'list': {
      const items = toText(v).split(/[、,，;；\n]/).map((s) => s.trim()).filter(Boolean);
      const long = items.find((s) => spec.maxLength !== undefined && s.length > spec.maxLength);
      return long ? fail(`“${long}”超过 ${spec.maxLength} 个字符`) : ok(items);
    }
    case 'bool':
      return toBool(v);
    case 'period':
      return ok(toPeriodText(v));
    case 'enum': {
      const text = toText(v).normalize('NFKC').replace(/\s+/g, '').toLowerCase();
      const hit = Object.entries(spec.options ?? {}).find(([k]) => k.toLowerCase() === text);
      return hit ? ok(hit[1]) : fail(`应为 ${displayOptions(spec).join(' 或 ')}，收到“${toText(v)}”`);
    }
  }
}

/** The option texts shown to people: the first text per stored value. */
export function displayOptions(spec: ColumnSpec): string[] {
  const seen = new Map<string, string>();
  for (const [text, value] of Object.entries(spec.options ?? {})) if (!seen.has(value)) seen.set(value, text);
  return [...seen.values()];
}

export function toText(v: CellValue): string {
  if (v instanceof Date) {
    const hasTime = v.getUTCHours() !== 0 || v.getUTCMinutes() !== 0;
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return hasTime ? `${day} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : day;
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v ?? '').trim();
}

function checkLength(spec: ColumnSpec, text: string): CellResult {
  if (spec.maxLength !== undefined && text.length > spec.maxLength) return fail(`不能超过 ${spec.maxLength} 个字符（现有 ${text.length} 个）`);
  return ok(text);
}

function toNumber(spec: ColumnSpec, v: CellValue): CellResult {
  let n: number;
  if (typeof v === 'number') n = v;
  else {
    // "1,200" and "30%" are written as HR reads them: 1200 and 30.
    const text = toText(v).normalize('NFKC').replace(/[\s,]/g, '').replace(/%$/, '');
    n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
  }
  if (!Number.isFinite(n)) return fail(`必须是数字，收到“${toText(v)}”`);
  if (spec.min !== undefined && spec.max !== undefined && (n < spec.min || n > spec.max)) return fail(`应在 ${spec.min}–${spec.max} 之间，收到 ${n}`);
  if (spec.min !== undefined && n < spec.min) return fail(`不能小于 ${spec.min}，收到 ${n}`);
  if (spec.max !== undefined && n > spec.max) return fail(`不能大于 ${spec.max}，收到 ${n}`);
  return ok(n);
}

const TRUE_TEXT = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '对']);
const FALSE_TEXT = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '不是']);

function toBool(v: CellValue): CellResult {
  if (typeof v === 'boolean') return ok(v);
  const text = toText(v).normalize('NFKC').toLowerCase();
  if (TRUE_TEXT.has(text)) return ok(true);
  if (FALSE_TEXT.has(text)) return ok(false);
  return fail(`应为“是”或“否”，收到“${toText(v)}”`);
}

/**
 * A wall-clock date or time in the company's zone. Excel date cells (and serial numbers) carry the
 * wall clock in their UTC fields; text may be 2026-11-27, 2026/11/27 8:30, 2026年11月27日 or ISO
 * 8601 with an offset in any form (Z, +08, +0800, +08:00, -05), read by parseInstantText.
 */
export function toInstant(v: CellValue, timeZone: string): CellResult {
  const bad = fail(`无法识别的日期时间“${toText(v)}”，请写成 2026-11-27 或 2026-11-27 08:30`);
  let wall: Date | null = null;
  if (v instanceof Date) wall = v;
  // Serial day numbers from 1900-03-01 on: 25569 is 1970-01-01.
  else if (typeof v === 'number') wall = v > 60 && v < 2958466 ? new Date(Math.round((v - 25569) * 86400) * 1000) : null;
  if (v instanceof Date || typeof v === 'number') {
    if (!wall || Number.isNaN(wall.getTime())) return bad;
    return fromWall(wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds(), timeZone) ?? bad;
  }
  const text = toText(v).normalize('NFKC').trim();
  const iso = parseInstantText(text, timeZone);
  if (iso.ok) return ok(iso.instant);
  // Text that carries an offset (or a DST-ambiguous ISO time) gets the precise reason, not a guess.
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && (/\d[T ]?\d{2}:\d{2}.*([zZ]|[+-]\d[\d:]*)$/.test(text) || /夏令时|不存在/.test(iso.message))) return fail(iso.message);
  // 2026年11月27日 8时30分 → 2026-11-27 8:30
  const plain = text.replace(/[年月]/g, '-').replace(/日/, ' ').replace(/[时点分]/g, ':').replace(/秒/, '').replace(/:\s*$/, '').trim();
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[\sT]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/.exec(plain);
  if (!m) return bad;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  return fromWall(y, mo, d, h, mi, s, timeZone) ?? bad;
}

function fromWall(y: number, mo: number, d: number, h: number, mi: number, s: number, timeZone: string): CellResult | null {
  const r = parseInstantText(`${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`, timeZone);
  if (r.ok) return ok(r.instant);
  return /夏令时/.test(r.message) ? fail(r.message) : null;
}

/**
 * A calendar date with no time and no zone (a hire date is a day, not an instant), as YYYY-MM-DD.
 * Excel date cells and serial numbers, 2021-03-15, 2021/3/15, 2021.3.15 and 2021年3月15日 are read;
 * a time of day, an impossible day (2021-02-30) or a year outside 1900–2100 is refused with the reason.
 */
export function toCalendarDate(v: CellValue): CellResult {
  const shown = toText(v);
  const hint = '请写成 2021-03-15 这样的日期';
  let y: number, mo: number, d: number;
  if (v instanceof Date || typeof v === 'number') {
    const wall = v instanceof Date ? v : v > 60 && v < 2958466 ? new Date(Math.round((v - 25569) * 86400) * 1000) : null;
    if (!wall || Number.isNaN(wall.getTime())) return fail(`无法识别的日期“${shown}”，${hint}`);
    if (wall.getUTCHours() !== 0 || wall.getUTCMinutes() !== 0 || wall.getUTCSeconds() !== 0) return fail(`只填日期，不要带时间（收到“${shown}”）`);
    [y, mo, d] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()];
  } else {
    const text = shown.normalize('NFKC').replace(/\s+/g, '');
    const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?$/.exec(text);
    if (!m) {
      if (/^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}/.test(text) && /[:：时点T]/i.test(text)) return fail(`只填日期，不要带时间（收到“${shown}”）`);
      return fail(`无法识别的日期“${shown}”，${hint}`);
    }
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return fail(`“${shown}”不是日历上的日期，${hint}`);
  if (y < 1900 || y > 2100) return fail(`年份 ${y} 不对，${hint}`);
  return ok(`${String(y).padStart(4, '0')}-${pad(mo)}-${pad(d)}`);
}

/**
 * A period key as text: 2026-11 typed into Excel comes back as a date cell (November 2026), 2026
 * as a number; 2026年11月, 2026年第4季度 and 2026/11 are accepted too. Validity is checked by the
 * kind, which knows which periods it allows.
 */
export function toPeriodText(v: CellValue): string {
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}`;
  const text = toText(v).normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  const q = /^(\d{4})(?:年|-)?(?:第(\d)季度|Q(\d))$/.exec(text);
  if (q) return `${q[1]}-Q${q[2] ?? q[3]}`;
  const m = /^(\d{4})(?:年|[-/.])(\d{1,2})月?$/.exec(text);
  if (m) return `${m[1]}-${pad(Number(m[2]))}`;
  const y = /^(\d{4})年?$/.exec(text);
  return y ? y[1] : text;
}
