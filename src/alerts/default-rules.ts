/**
 * The rules that ship for the standard metric library (src/domain/kpi-library*.ts): leading
 * metrics whose drop (or rise) in a week or two HR usually wants to hear about. HR edits them.
 */
import type { AlertAudience, RuleDirection } from './types';

export interface DefaultRule {
  metricCode: string;
  direction: RuleDirection;
  thresholdPct: number;
  weeks: number;
  audience: AlertAudience;
}

const rule = (metricCode: string, direction: RuleDirection, thresholdPct: number, weeks = 2): DefaultRule => ({
  metricCode, direction, thresholdPct, weeks, audience: 'supervisor',
});

export const DEFAULT_ALERT_RULES: readonly DefaultRule[] = Object.freeze([
  rule('work_orders_completed', 'below', 15),
  rule('yield_rate', 'below', 2),
  rule('first_pass_yield', 'below', 3),
  rule('on_time_delivery', 'below', 10),
  rule('scrap_rate', 'above', 30),
  rule('equipment_downtime', 'above', 50),
  rule('sampling_error_rate', 'above', 50),
  rule('inspections_completed', 'below', 15),
  rule('picking_error_rate', 'above', 50),
  rule('outbound_orders_completed', 'below', 15),
]);
