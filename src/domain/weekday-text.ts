/**
 * Worked weekdays as HR writes them to ISO weekday numbers (1 = Monday … 7 = Sunday):
 * 周一至周六, 周一到周五, 一至六, 1-6, 1,2,3,4,5,6, 周一、周三、周五, 一二三四五六, 每天.
 */
const DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, 七: 7 };

function dayOf(token: string): number | null {
  const t = token.replace(/^(周|星期|礼拜)/, '');
  if (/^[1-7]$/.test(t)) return Number(t);
  return DIGIT[t] ?? null;
}

/** The sorted weekdays, or null when the text cannot be read. */
export function parseWeekdays(text: string): number[] | null {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  if (!t) return null;
  if (/^(每天|全周|全年无休|7天|七天)$/.test(t)) return [1, 2, 3, 4, 5, 6, 7];
  const range = /^(.+?)(?:至|到|-|~|—)(.+)$/.exec(t);
  if (range) {
    const [a, b] = [dayOf(range[1]), dayOf(range[2])];
    if (a === null || b === null || b < a) return null;
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  const tokens = /[,、;；/]/.test(t) ? t.split(/[,、;；/]/).filter(Boolean) : [...t.replace(/周|星期/g, '')];
  const days = tokens.map(dayOf);
  if (days.length === 0 || days.some((d) => d === null)) return null;
  return [...new Set(days as number[])].sort((a, b) => a - b);
}
