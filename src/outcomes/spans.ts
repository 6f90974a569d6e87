/** Report periods (whole months, a quarter, or a range such as the baseline 2024-01..2024-12). */
import { parsePeriod, periodOf, type Period } from '../domain/periods';
import { UserError } from '../wecom/errors';
import type { OutcomeSpan } from './measures';

export const MAX_SPAN_MONTHS = 36;

export function monthsOf(start: Date, end: Date, tz: string): Array<{ start: Date; end: Date; key: string }> {
  const out = [];
  for (let p = periodOf('month', start, tz); p.start < end; p = periodOf('month', p.end, tz)) out.push({ start: p.start, end: p.end, key: p.key });
  return out;
}

/** A month or a quarter as a report period; a week is refused (too short for these measures). */
export function spanOfPeriod(p: Period, tz: string): OutcomeSpan {
  if (p.kind === 'week') throw new UserError('成效按月或按季度统计，请写月份或季度，如 上月、2026-11、Q3。');
  return { key: p.key, label: p.label, start: p.start, end: p.end, months: monthsOf(p.start, p.end, tz) };
}

const MONTH = /^(\d{4})[-/.年](\d{1,2})月?$/;

function monthKey(text: string): string | null {
  const m = MONTH.exec(text.trim());
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return null;
  return `${m[1]}-${m[2].padStart(2, '0')}`;
}

/**
 * '2024-01..2024-12', '2024-01~2024-12', '2024-01至2024-12', '2024' or '2024年' (a whole year), a
 * single month '2024-06', or a quarter '2024-Q4'. Throws a UserError saying how to write it.
 */
export function parseRange(text: string, tz: string): OutcomeSpan {
  const t = text.trim().replace(/\s+/g, '');
  const bad = () => new UserError(`无法识别的期间“${text}”。请写成 2024-01..2024-12（起止月份）、2024（全年）或 2024-Q4。`);
  const year = /^(\d{4})年?$/.exec(t);
  if (year) return rangeOf(`${year[1]}-01`, `${year[1]}-12`, tz, `${year[1]}年`);
  const quarter = /^(\d{4})-?Q([1-4])$/i.exec(t);
  if (quarter) return spanOfPeriod(parsePeriod(`${quarter[1]}-Q${quarter[2]}`, tz), tz);
  const parts = t.split(/\.\.|~|～|至|到|—|–/);
  if (parts.length === 1) {
    const k = monthKey(parts[0]!);
    if (!k) throw bad();
    return spanOfPeriod(parsePeriod(k, tz), tz);
  }
  if (parts.length !== 2) throw bad();
  const [from, to] = parts.map(monthKey);
  if (!from || !to) throw bad();
  return rangeOf(from, to, tz);
}

export function rangeOf(from: string, to: string, tz: string, label?: string): OutcomeSpan {
  const start = parsePeriod(from, tz).start;
  const end = parsePeriod(to, tz).end;
  if (end <= start) throw new UserError(`期间的结束月份 ${to} 早于开始月份 ${from}。`);
  const months = monthsOf(start, end, tz);
  if (months.length > MAX_SPAN_MONTHS) throw new UserError(`期间最长 ${MAX_SPAN_MONTHS} 个月，${from}..${to} 有 ${months.length} 个月。`);
  return { key: `${from}..${to}`, label: label ?? rangeLabel(from, to, tz), start, end, months };
}

/** 2024年 for a whole year, 2024年第4季度 for a quarter, 2024年11月 for a month, else 2024-03 至 2024-08. */
function rangeLabel(from: string, to: string, tz: string): string {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  if (from === to) return parsePeriod(from, tz).label;
  if (fy === ty && fm === 1 && tm === 12) return `${fy}年`;
  if (fy === ty && fm % 3 === 1 && tm === fm + 2) return parsePeriod(`${fy}-Q${(fm + 2) / 3}`, tz).label;
  return `${from} 至 ${to}`;
}

/** The last n whole months before the month holding `now`, oldest first (the page's and chart's trend). */
export function recentMonths(now: Date, n: number, tz: string): OutcomeSpan[] {
  const current = periodOf('month', now, tz);
  const out: OutcomeSpan[] = [];
  let p = current;
  for (let i = 0; i < n; i++) {
    p = periodOf('month', new Date(p.start.getTime() - 1), tz);
    out.unshift(spanOfPeriod(p, tz));
  }
  return out;
}
