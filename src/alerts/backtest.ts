/**
 * The evidence behind a rule, from the company's own history: among person-weeks where the rule
 * fired, how often did that month's line miss its target, against the person-weeks where it did not.
 * A rule is "proven" only with enough fired weeks and when the two 95% Wilson intervals do not
 * overlap; otherwise an alert says the rule is unproven. Method and a worked example: docs/alerts.md.
 */
import { baselineTable } from './baseline';
import { firesAt, windowStart } from './rule-check';
import type { RuleSpec, WeeklySeries } from './types';
import { wilson, type Interval } from './wilson';

/** Fewer fired person-weeks than this and a rule is unproven, whatever the rates. */
export const MIN_FIRED_SAMPLE = 30;
/** The comparison group must be at least this large too. */
export const MIN_QUIET_SAMPLE = 30;

export interface PersonHistory {
  series: WeeklySeries;
  position: string;
  /** Per week index: did the month holding that week miss its target (null = not known / not assessed)? */
  monthMissed: ReadonlyArray<boolean | null>;
}

export interface Rate {
  n: number;
  missed: number;
  rate: number | null;
  interval: Interval | null;
}

export interface Evidence {
  fired: Rate;
  quiet: Rate;
  /** fired.rate / quiet.rate; null when either is unknown or the quiet rate is 0. */
  lift: number | null;
  proven: boolean;
}

function rate(n: number, missed: number): Rate {
  return { n, missed, rate: n > 0 ? missed / n : null, interval: wilson(missed, n) };
}

export function judge(firedN: number, firedMissed: number, quietN: number, quietMissed: number): Evidence {
  const fired = rate(firedN, firedMissed);
  const quiet = rate(quietN, quietMissed);
  const lift = fired.rate !== null && quiet.rate ? fired.rate / quiet.rate : null;
  const proven =
    fired.n >= MIN_FIRED_SAMPLE && quiet.n >= MIN_QUIET_SAMPLE && fired.interval !== null && quiet.interval !== null && fired.interval.low > quiet.interval.high;
  return { fired, quiet, lift, proven };
}

/**
 * Counts every person-week (from week index `from` on) that has a baseline, a full window of data
 * and a known month outcome, split by whether the rule fired there.
 */
export function backtest(rule: Pick<RuleSpec, 'direction' | 'thresholdPct' | 'weeks'>, people: ReadonlyMap<string, PersonHistory>, from = 0): Evidence {
  let firedN = 0, firedMissed = 0, quietN = 0, quietMissed = 0;
  let weeks = 0;
  for (const p of people.values()) weeks = Math.max(weeks, p.series.length);
  const baselines = baselineTable(people, weeks);
  // Person by person (the counts do not depend on the order): one baseline row per person.
  for (const [userId, p] of people) {
    const row = baselines.get(userId)!;
    for (let at = Math.max(from, rule.weeks - 1); at < p.series.length; at++) {
      const missed = p.monthMissed[at];
      const start = windowStart(rule, at);
      const b = row[start];
      if (missed === null || missed === undefined || Number.isNaN(b)) continue;
      if (!windowHasData(p.series, start, at)) continue;
      if (firesAt(rule, p.series, at, b)) {
        firedN++;
        if (missed) firedMissed++;
      } else {
        quietN++;
        if (missed) quietMissed++;
      }
    }
  }
  return judge(firedN, firedMissed, quietN, quietMissed);
}

function windowHasData(series: WeeklySeries, from: number, to: number): boolean {
  for (let i = from; i <= to; i++) if (series[i] === null || series[i] === undefined) return false;
  return true;
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);

/** The evidence line an alert carries (Chinese). */
export function evidenceLine(e: Evidence): string {
  if (!e.proven) {
    return `此规则尚未被历史数据证实（触发样本 ${e.fired.n}，未达标 ${e.fired.missed}；未触发样本 ${e.quiet.n}，未达标 ${e.quiet.missed}），仅供参考。`;
  }
  return `历史上触发此规则后，当月未达标的比例为 ${pct(e.fired.rate)}（未触发时 ${pct(e.quiet.rate)}，样本 ${e.fired.n}）`;
}

/** '68%（95% 区间 55%–79%，样本 40）' */
export function describeRate(r: Rate): string {
  if (r.rate === null || !r.interval) return '无样本';
  return `${pct(r.rate)}（95% 区间 ${pct(r.interval.low)}–${pct(r.interval.high)}，样本 ${r.n}）`;
}
