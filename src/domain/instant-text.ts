/**
 * Date-time text from the ERP/MES, Excel and CSV to an instant. ISO 8601 / RFC 3339 with an offset
 * in any of its forms (Z, +08, +0800, +08:00, -05) is taken as written; PostgreSQL's text output
 * (a space instead of the T, a short offset) too. Text without an offset is the company's wall
 * clock. Anything that could be read two ways is refused with a reason, never shifted silently.
 */
import { dayNumber, daysInMonth, localToUtc, wallClock } from './periods-calendar';

export type InstantParse = { ok: true; instant: Date } | { ok: false; message: string };

const fail = (message: string): InstantParse => ({ ok: false, message });

// date, optional time (HH:mm, HH:mm:ss, HH:mm:ss.fff), optional offset; nothing else.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(?:\s*(Z|[+-]\d{2}(?::?\d{2})?))?$/i;

/**
 * Parses `text`; `timeZone` is the company zone for text without an offset. A wall time that a
 * daylight-saving change skips or repeats in that zone is refused (it has no single instant).
 */
export function parseInstantText(text: string, timeZone: string): InstantParse {
  const t = text.trim();
  const m = ISO.exec(t);
  if (!m) {
    if (/[+-]\d(?::?\d{2})?$/.test(t) && /\d[T ]\d/.test(t)) return fail(`时区偏移“${t}”应写成两位小时，如 +08、+0800 或 +08:00`);
    return fail(`无法识别的时间“${t}”，应为 2026-11-27 08:30（公司时区）或带时区的 ISO 8601，如 2026-11-27T08:30:00+08:00`);
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hasTime = m[4] !== undefined;
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
  const offset = m[8];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail(`日期“${t}”不存在`);
  if (hour > 23 || minute > 59 || second > 59) return fail(`时刻“${t}”不存在（小时 0–23，分、秒 0–59）`);
  if (offset && !hasTime) return fail(`“${t}”只有日期却带了时区，请写出时刻，如 ${m[1]}-${m[2]}-${m[3]}T00:00:00${offset}`);

  const local = dayNumber(year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
  if (offset) {
    const offsetMinutes = parseOffset(offset);
    if (offsetMinutes === null) return fail(`时区偏移“${offset}”无效（小时 00–14，分钟 00–59）`);
    return { ok: true, instant: new Date(local - offsetMinutes * 60_000) };
  }
  return fromWallClock(local, timeZone, t);
}

/** Minutes east of UTC, or null when out of range (real offsets lie within −12:00…+14:00). */
function parseOffset(text: string): number | null {
  if (/^z$/i.test(text)) return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  const [h, mi] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || '0')];
  if (h > 14 || mi > 59) return null;
  return sign * (h * 60 + mi);
}

/** The one instant the zone's clocks show `local` (ms of a local day-number clock), or a refusal. */
function fromWallClock(local: number, timeZone: string, t: string): InstantParse {
  const day = Math.floor(local / 86_400_000);
  const wholeMs = local - day * 86_400_000;
  const minutes = Math.floor(wholeMs / 60_000);
  const candidate = localToUtc(day, minutes, timeZone) + (wholeMs - minutes * 60_000);
  // Round trip: a skipped time comes back different; a repeated one also matches an hour later.
  if (!showsLocal(candidate, local, timeZone)) return fail(`“${t}”在时区 ${timeZone} 中不存在（夏令时跳过），请写明时区偏移`);
  if (showsLocal(candidate + 3_600_000, local, timeZone)) return fail(`“${t}”在时区 ${timeZone} 中出现两次（夏令时回拨），请写明时区偏移`);
  return { ok: true, instant: new Date(candidate) };
}

function showsLocal(instant: number, local: number, timeZone: string): boolean {
  const w = wallClock(instant, timeZone);
  const shown = dayNumber(w.year, w.month, w.day) * 86_400_000 + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000;
  return shown === Math.floor(local / 1000) * 1000;
}
