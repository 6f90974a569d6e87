/** The quarter words of the talent commands: 2026-Q4, Q4, 四季度, 第四季度, 本季度, 上季度. Pure. */
import { periodOf, previousPeriod } from '../domain/periods';

const CN: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/** A quarter key, or null when the word is not a quarter. A quarter without a year is the latest one of that number not in the future. */
export function parseQuarterWord(word: string, now: Date, timeZone: string): string | null {
  const w = word.trim().toUpperCase().replace(/\s+/g, '');
  const current = periodOf('quarter', now, timeZone);
  if (w === '本季度' || w === '本季') return current.key;
  if (w === '上季度' || w === '上季') return previousPeriod(current, timeZone).key;
  let m = /^(\d{4})[-年]?(?:Q|第)?([1-4一二三四])(?:季度|季)?$/.exec(w);
  if (m) return `${m[1]}-Q${CN[m[2]]}`;
  m = /^(?:Q|第)?([1-4一二三四])(?:季度|季)$|^Q([1-4])$/.exec(w);
  if (m) {
    const q = CN[m[1] ?? m[2]];
    const [year, cq] = current.key.split('-Q').map(Number);
    return `${q > cq ? year - 1 : year}-Q${q}`;
  }
  return null;
}
