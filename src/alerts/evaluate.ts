/** Who a rule fires for at a week, with the baseline each was measured against, and the mentors to suggest. */
import { baselinesAt, ownBaseline, type Baseline } from './baseline';
import type { PersonHistory } from './backtest';
import { firesAt, windowStart } from './rule-check';
import type { RuleSpec } from './types';

export interface Firing {
  userId: string;
  baseline: Baseline;
  /** Index of the first week of the window that fired: names the episode. */
  from: number;
  at: number;
}

export function firingsAt(rule: Pick<RuleSpec, 'direction' | 'thresholdPct' | 'weeks'>, people: ReadonlyMap<string, PersonHistory>, at: number): Firing[] {
  const from = windowStart(rule, at);
  if (from < 0) return [];
  const baselines = baselinesAt(people, from);
  const out: Firing[] = [];
  for (const [userId, p] of [...people].sort(([a], [b]) => a.localeCompare(b))) {
    const b = baselines.get(userId);
    if (b && firesAt(rule, p.series, at, b.value)) out.push({ userId, baseline: b, from, at });
  }
  return out;
}

/**
 * Mentors to suggest: the same position's best performers on this metric (by their own baseline,
 * the better end for the rule's direction), not the person and not anyone who is alerted too.
 */
export function bestPeers(
  rule: Pick<RuleSpec, 'direction'>,
  people: ReadonlyMap<string, PersonHistory>,
  userId: string,
  before: number,
  exclude: ReadonlySet<string>,
  count = 2,
): string[] {
  const position = people.get(userId)?.position;
  if (!position) return [];
  const ranked: Array<[string, number]> = [];
  for (const [id, p] of people) {
    if (id === userId || exclude.has(id) || p.position !== position) continue;
    const b = ownBaseline(p.series, before);
    if (b !== null) ranked.push([id, b]);
  }
  ranked.sort((a, b) => (rule.direction === 'below' ? b[1] - a[1] : a[1] - b[1]) || a[0].localeCompare(b[0]));
  return ranked.slice(0, count).map(([id]) => id);
}
