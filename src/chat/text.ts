/**
 * Small text helpers shared by the chat parsers: full-width to half-width, Chinese numerals, and
 * the local "today" of the company clock.
 */
import { formatLocal } from '../domain/periods';
import { civilDate, dayNumber, localDay } from '../domain/periods-calendar';

/** Full-width digits, letters, colons, @ and spaces (as typed on a Chinese IME) → ASCII. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** '11' | '十一' | '二十三' | '两' → number; null for anything else (up to 99). */
export function readNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^[零〇一二两三四五六七八九十]+$/.test(text)) return null;
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 ? DIGITS[text] : null;
  const tens = ten === 0 ? 1 : DIGITS[text.slice(0, ten)];
  const ones = text.slice(ten + 1);
  if (tens === undefined || ones.length > 1) return null;
  return tens * 10 + (ones ? DIGITS[ones] : 0);
}

/** The company-local calendar date of an instant, and its day number. */
export function localToday(now: Date, tz: string): { year: number; month: number; day: number; dayNo: number } {
  const dayNo = localDay(now.getTime(), tz);
  return { ...civilDate(dayNo), dayNo };
}

export { civilDate, dayNumber, formatLocal };

/** WeCom's markdown message limit (bytes, UTF-8); longer content is cut off. */
export const MAX_MARKDOWN_BYTES = 2048;

/** Lines packed into as few markdown messages as fit `maxBytes`, each starting with the header (the later ones marked 续). */
export function packMarkdown(header: string, lines: readonly string[], maxBytes = MAX_MARKDOWN_BYTES): string[] {
  const out: string[] = [];
  let current = header;
  for (const line of lines) {
    const next = `${current}\n${line}`;
    if (Buffer.byteLength(next) > maxBytes && current !== header) {
      out.push(current);
      current = `${header}（续）\n${line}`;
    } else current = next;
  }
  out.push(current);
  return out;
}
