/** The shapes the early-warning rules work with; pure data, no I/O. */

/** 'below': the metric fell under its baseline (higher is better); 'above': it rose over it (lower is better). */
export type RuleDirection = 'below' | 'above';
/** Who gets the alert card: the supervisor only, or the supervisor and the employee. */
export type AlertAudience = 'supervisor' | 'supervisor_employee';

export interface RuleSpec {
  id: number;
  metricCode: string;
  direction: RuleDirection;
  /** e.g. 15 for "15% below baseline". */
  thresholdPct: number;
  /** Consecutive weeks the metric must breach the threshold. */
  weeks: number;
  audience: AlertAudience;
}

/** One person's weekly values for one metric, oldest first; null = no comparable data that week. */
export type WeeklySeries = ReadonlyArray<number | null>;

export const AUDIENCE_LABEL: Record<AlertAudience, string> = { supervisor: '上级', supervisor_employee: '上级和本人' };
export const DIRECTION_LABEL: Record<RuleDirection, string> = { below: '低于', above: '高于' };

/** '工单完成数 连续 2 周低于基线 15%' */
export function describeRule(rule: Pick<RuleSpec, 'direction' | 'thresholdPct' | 'weeks'>, metricName: string): string {
  return `${metricName} 连续 ${rule.weeks} 周${DIRECTION_LABEL[rule.direction]}基线 ${rule.thresholdPct}%`;
}
