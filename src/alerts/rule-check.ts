/**
 * Whether a rule fires at a week, and whether an episode has recovered. A rule fires at week W when
 * each of the `weeks` weeks ending with W breaches the threshold against the baseline taken before
 * that window (so the drop being measured does not lower its own yardstick).
 */
import type { RuleDirection, RuleSpec, WeeklySeries } from './types';

/** The value at which a week breaches: 15% below a baseline of 40 is 34. */
export function thresholdValue(rule: Pick<RuleSpec, 'direction' | 'thresholdPct'>, baseline: number): number {
  const f = rule.thresholdPct / 100;
  return rule.direction === 'below' ? baseline * (1 - f) : baseline * (1 + f);
}

export function breaches(rule: Pick<RuleSpec, 'direction' | 'thresholdPct'>, value: number, baseline: number): boolean {
  const t = thresholdValue(rule, baseline);
  // A zero baseline for an 'above' rule (no downtime normally): any rise breaches.
  return rule.direction === 'below' ? value < t : value > t;
}

/** Index of the first week of the window a rule ending at `at` looks at. */
export function windowStart(rule: Pick<RuleSpec, 'weeks'>, at: number): number {
  return at - rule.weeks + 1;
}

/** True when every week of the window ending at `at` has a value that breaches `baseline`. */
export function firesAt(rule: Pick<RuleSpec, 'direction' | 'thresholdPct' | 'weeks'>, series: WeeklySeries, at: number, baseline: number): boolean {
  const from = windowStart(rule, at);
  if (from < 0) return false;
  for (let i = from; i <= at; i++) {
    const v = series[i];
    if (v === null || v === undefined || !breaches(rule, v, baseline)) return false;
  }
  return true;
}

/** Back at baseline: at or above it for 'below' rules, at or under it for 'above' rules. */
export function recovered(direction: RuleDirection, value: number, baseline: number): boolean {
  return direction === 'below' ? value >= baseline : value <= baseline;
}
