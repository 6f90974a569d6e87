/**
 * Record summaries for assignments in force for only part of a period (a start or end date inside
 * it, a 2026-11 row in a week crossing into December): the loader runs once per distinct window,
 * and a set of windows is combined per person (sums and counts add, the latest value is the last
 * window's).
 */
import { coversWhole, type Window } from '../domain/effective-dating';
import type { Period } from '../domain/periods';
import type { InputSummary } from '../domain/scoring';

export function partialKey(userId: string, windows: Window[]): string {
  return `${userId}\u0000${windows.map((w) => `${w.start.getTime()}-${w.end.getTime()}`).join(',')}`;
}

/**
 * Summaries for assignments that cover only part of the period, one grouped query per distinct
 * window (few: start and end dates are shared by whole imports), combined per set of windows.
 */
export async function loadPartialSummaries(
  coverageBy: Map<string, Array<{ windows: Window[] }>>,
  period: Period,
  load: (userIds: string[], window: Window) => Promise<Map<string, Record<string, InputSummary>>>,
): Promise<Map<string, Record<string, InputSummary>>> {
  const usersByWindow = new Map<string, { window: Window; users: Set<string> }>();
  const wanted: Array<{ userId: string; windows: Window[] }> = [];
  for (const [userId, coverage] of coverageBy) {
    for (const { windows } of coverage) {
      if (coversWhole(period, windows)) continue;
      wanted.push({ userId, windows });
      for (const w of windows) {
        const key = `${w.start.getTime()}-${w.end.getTime()}`;
        const entry = usersByWindow.get(key) ?? { window: w, users: new Set<string>() };
        entry.users.add(userId);
        usersByWindow.set(key, entry);
      }
    }
  }
  const byWindow = new Map<string, Map<string, Record<string, InputSummary>>>();
  for (const [key, { window, users }] of usersByWindow) byWindow.set(key, await load([...users], window));
  const out = new Map<string, Record<string, InputSummary>>();
  for (const { userId, windows } of wanted) {
    const combined: Record<string, InputSummary> = {};
    for (const w of windows) {
      for (const [input, s] of Object.entries(byWindow.get(`${w.start.getTime()}-${w.end.getTime()}`)?.get(userId) ?? {})) {
        const c = combined[input];
        combined[input] = c
          ? { count: c.count + s.count, sum: c.sum + s.sum, min: Math.min(c.min, s.min), max: Math.max(c.max, s.max), last: s.last ?? c.last }
          : { ...s };
      }
    }
    out.set(partialKey(userId, windows), combined);
  }
  return out;
}
