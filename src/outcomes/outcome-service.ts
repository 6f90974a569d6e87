/** The outcome report and the monthly trend, loaded and computed: what chat, page, card and Excel show. */
import type { DataSource } from 'typeorm';
import { ACTION_MINUTES, type ActionKind } from './config';
import { computeMeasures, minutesPerAction, type MeasureRow, type OutcomeSpan } from './measures';
import { loadOutcomeData, type LoadOptions } from './outcome-data';
import { buildReport, type OutcomeReport } from './report';
import { baselineSpan, loadSettings } from './settings';
import { recentMonths } from './spans';

export interface ReportOptions {
  now: Date;
  tz: string;
  span: OutcomeSpan;
  scope: ReadonlySet<string> | null;
  scopeLabel: string;
  surveys?: LoadOptions['surveys'];
  /** How many months of trend to compute alongside (0: none). */
  trendMonths?: number;
}

export interface OutcomeBundle {
  report: OutcomeReport;
  /** Month by month, oldest first. */
  trend: Array<{ span: OutcomeSpan; rows: MeasureRow[] }>;
  /** The minutes counted per manager action, and where each figure comes from (measured or the estimate). */
  actionMinutes: Array<{ label: string; minutes: number; source: string }>;
}

export async function outcomeBundle(ds: DataSource, o: ReportOptions): Promise<OutcomeBundle> {
  const baseline = baselineSpan(await loadSettings(ds), o.tz);
  const months = o.trendMonths ? recentMonths(o.now, o.trendMonths, o.tz) : [];
  const spans = [o.span, ...(baseline ? [baseline] : []), ...months];
  const data = await loadOutcomeData(ds, { now: o.now, tz: o.tz, spans, scope: o.scope, surveys: o.surveys });
  return {
    report: buildReport(data, o.span, baseline, o.scopeLabel),
    trend: months.map((span) => ({ span, rows: computeMeasures(data, span) })),
    actionMinutes: (Object.keys(ACTION_MINUTES) as ActionKind[]).map((k) => {
      const measured = data.measuredMinutes?.[k];
      const minutes = minutesPerAction(data, k);
      return { label: ACTION_MINUTES[k].label, minutes: Math.round(minutes * 100) / 100, source: measured ? `实测中位数（${measured.n} 次）` : ACTION_MINUTES[k].source };
    }),
  };
}
