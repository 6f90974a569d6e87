/**
 * Baselines: a person's own normal for a metric, the median of their last BASELINE_WEEKS
 * comparable weeks (weeks with data), recomputed from the records on every read. Someone with fewer
 * than MIN_OWN_WEEKS such weeks takes the median of their peers' baselines (same position).
 */
import type { WeeklySeries } from './types';

export const BASELINE_WEEKS = 8;
export const MIN_OWN_WEEKS = 4;
/** How far back comparable weeks are looked for (a long absence does not make an old normal). */
export const BASELINE_LOOKBACK_WEEKS = 26;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The comparable weeks a baseline before week index `before` uses, newest first. */
export function baselineWeeks(series: WeeklySeries, before: number): number[] {
  const picked: number[] = [];
  for (let i = before - 1; i >= 0 && i >= before - BASELINE_LOOKBACK_WEEKS && picked.length < BASELINE_WEEKS; i--) {
    if (series[i] !== null && series[i] !== undefined) picked.push(i);
  }
  return picked;
}

/** The person's own baseline from the weeks before index `before`; null when they have too few. */
export function ownBaseline(series: WeeklySeries, before: number): number | null {
  const weeks = baselineWeeks(series, before);
  if (weeks.length < MIN_OWN_WEEKS) return null;
  return median(weeks.map((i) => series[i] as number));
}

export type BaselineSource = 'own' | 'peers';
export interface Baseline {
  value: number;
  source: BaselineSource;
  /** How many weeks (own) or peers (peers) it is the median of. */
  basis: number;
}

/**
 * Baselines before week index `before` for everyone in `people` (userId → series), falling back to
 * the median of the own baselines of the same position. No baseline when neither exists.
 */
export function baselinesAt(
  people: ReadonlyMap<string, { series: WeeklySeries; position: string }>,
  before: number,
): Map<string, Baseline> {
  const own = new Map<string, Baseline>();
  const byPosition = new Map<string, number[]>();
  for (const [userId, p] of people) {
    const weeks = baselineWeeks(p.series, before);
    if (weeks.length < MIN_OWN_WEEKS) continue;
    const b = median(weeks.map((i) => p.series[i] as number))!;
    own.set(userId, { value: b, source: 'own', basis: weeks.length });
    const peers = byPosition.get(p.position);
    if (peers) peers.push(b);
    else byPosition.set(p.position, [b]);
  }
  const out = new Map(own);
  const peerMedian = new Map<string, number | null>();
  for (const [userId, p] of people) {
    if (out.has(userId)) continue;
    const peers = byPosition.get(p.position) ?? [];
    if (!peerMedian.has(p.position)) peerMedian.set(p.position, median(peers));
    const m = peerMedian.get(p.position)!;
    if (m !== null) out.set(userId, { value: m, source: 'peers', basis: peers.length });
  }
  return out;
}

/** Median of the first `n` entries of a scratch buffer (sorted in place). */
function medianOf(buf: Float64Array, n: number): number {
  for (let i = 1; i < n; i++) {
    const v = buf[i];
    let j = i - 1;
    while (j >= 0 && buf[j] > v) {
      buf[j + 1] = buf[j];
      j--;
    }
    buf[j + 1] = v;
  }
  const mid = n >> 1;
  return n % 2 === 1 ? buf[mid] : (buf[mid - 1] + buf[mid]) / 2;
}

/**
 * Every person's baseline value before every week index 0…weeks (NaN = none), the same values
 * baselinesAt gives one index at a time, in one pass per person: the back-test needs all of them.
 */
export function baselineTable(people: ReadonlyMap<string, { series: WeeklySeries; position: string }>, weeks: number): Map<string, Float64Array> {
  const own = new Map<string, Float64Array>();
  const buf = new Float64Array(BASELINE_WEEKS);
  for (const [userId, p] of people) {
    const row = new Float64Array(weeks + 1).fill(NaN);
    const comparable: number[] = []; // indexes with data, ascending
    for (let before = 0; before <= weeks; before++) {
      const prev = p.series[before - 1];
      if (before > 0 && prev !== null && prev !== undefined) comparable.push(before - 1);
      let n = 0;
      for (let k = comparable.length - 1; k >= 0 && n < BASELINE_WEEKS && comparable[k] >= before - BASELINE_LOOKBACK_WEEKS; k--) buf[n++] = p.series[comparable[k]] as number;
      if (n >= MIN_OWN_WEEKS) row[before] = medianOf(buf, n);
    }
    own.set(userId, row);
  }
  const byPosition = new Map<string, string[]>();
  for (const [userId, p] of people) {
    const list = byPosition.get(p.position);
    if (list) list.push(userId);
    else byPosition.set(p.position, [userId]);
  }
  const out = new Map<string, Float64Array>();
  for (const members of byPosition.values()) {
    const rows = members.map((id) => own.get(id)!);
    const filled = rows.map((r) => Float64Array.from(r));
    for (let before = 0; before <= weeks; before++) {
      if (rows.every((r) => !Number.isNaN(r[before]))) continue;
      const peers = rows.map((r) => r[before]).filter((v) => !Number.isNaN(v));
      const m = median(peers);
      if (m === null) continue;
      rows.forEach((r, i) => {
        if (Number.isNaN(r[before])) filled[i][before] = m;
      });
    }
    members.forEach((id, i) => out.set(id, filled[i]));
  }
  return out;
}
