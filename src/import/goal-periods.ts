/** Which period each goal level takes (a year, a quarter, a month) and which periods hold which. */
import { parsePeriod } from '../domain/periods';
import type { GoalLevel } from '../entities/goal.entity';

export const LEVEL_LABEL: Record<GoalLevel, string> = { strategy: '战略', objective: '目标', key_result: '关键结果' };

export const PARENT_LEVEL: Record<GoalLevel, GoalLevel | null> = { strategy: null, objective: 'strategy', key_result: 'objective' };

const EXPECTED: Record<GoalLevel, { kind: 'year' | 'quarter' | 'month'; example: string; label: string }> = {
  strategy: { kind: 'year', example: '2026', label: '年份' },
  objective: { kind: 'quarter', example: '2026-Q4', label: '季度' },
  key_result: { kind: 'month', example: '2026-11', label: '月份' },
};

export type GoalPeriod = { ok: true; key: string } | { ok: false; message: string };

/** The normalised period key for the level, or why the text does not fit it. */
export function checkGoalPeriod(level: GoalLevel, text: string, timeZone: string): GoalPeriod {
  const want = EXPECTED[level];
  const wrong: GoalPeriod = { ok: false, message: `${LEVEL_LABEL[level]}的周期应为${want.label}，如 ${want.example}，收到“${text}”` };
  const kind = periodKind(text, timeZone);
  if (!kind || kind.kind !== want.kind) return wrong;
  return { ok: true, key: kind.key };
}

function periodKind(text: string, timeZone: string): { kind: string; key: string } | null {
  if (/^[1-9]\d{3}$/.test(text)) return { kind: 'year', key: text };
  try {
    const p = parsePeriod(text, timeZone);
    return { kind: p.kind, key: p.key };
  } catch {
    return null;
  }
}

/** Whether the parent's period (a year or a quarter) holds the child's (a quarter or a month). */
export function covers(parentKey: string, childKey: string): boolean {
  const year = childKey.slice(0, 4);
  if (/^\d{4}$/.test(parentKey)) return parentKey === year;
  const q = /^(\d{4})-Q([1-4])$/.exec(parentKey);
  const m = /^(\d{4})-(\d{2})$/.exec(childKey);
  return Boolean(q && m && q[1] === m[1] && Math.ceil(Number(m[2]) / 3) === Number(q[2]));
}
