/**
 * The outcome report: every measure for a period and, when HR set a baseline, for the baseline,
 * side by side like the mission's before/after table, with the better direction. Pure.
 */
import { packMarkdown } from '../chat/text';
import { computeMeasures, MEASURES, type MeasureDef, type MeasureValue, type OutcomeData, type OutcomeSpan } from './measures';

export type Change = 'better' | 'worse' | 'same';

export interface ReportRow extends MeasureDef {
  now: MeasureValue;
  before: MeasureValue | null;
  change: Change | null;
}

export interface OutcomeReport {
  span: OutcomeSpan;
  baseline: OutcomeSpan | null;
  /** Whose figures: 全公司 or a manager's people. */
  scope: string;
  rows: ReportRow[];
}

export function changeOf(def: MeasureDef, before: MeasureValue | null, now: MeasureValue): Change | null {
  if (!def.better || !before || before.value === null || now.value === null) return null;
  if (before.value === now.value) return 'same';
  return (now.value < before.value) === (def.better === 'lower') ? 'better' : 'worse';
}

export function buildReport(data: OutcomeData, span: OutcomeSpan, baseline: OutcomeSpan | null, scope: string): OutcomeReport {
  const now = computeMeasures(data, span);
  const before = baseline ? computeMeasures(data, baseline) : null;
  const rows = MEASURES.map((def, i) => {
    const b = before ? before[i]!.value : null;
    return { ...def, now: now[i]!.value, before: b, change: changeOf(def, b, now[i]!.value) };
  });
  return { span, baseline, scope, rows };
}

export const BETTER_WORD = { lower: '越低越好', higher: '越高越好' } as const;
export const CHANGE_WORD: Record<Change, string> = { better: '改善', worse: '变差', same: '持平' };

/** Lines packed into as few messages as fit, each starting with the header. */
export function packLines(header: string, lines: readonly string[]): string[] {
  return packMarkdown(header, lines);
}

/** The chat answer: one line per measure, before → now, with the sample; split to fit WeCom's limit. */
export function reportMarkdown(r: OutcomeReport): string[] {
  const head = [`**效果验证 · ${r.span.label}**（${r.scope}）`, r.baseline ? `基线：${r.baseline.label}` : '尚未设置基线期（HR 发送“成效 基线 2024-01..2024-12”设置）'];
  const lines = r.rows.map((row) => {
    const dir = row.better ? `（${BETTER_WORD[row.better]}）` : '';
    const figure = r.baseline ? `${row.before?.text ?? '—'} → **${row.now.text}**${row.change ? ` ${CHANGE_WORD[row.change]}` : ''}` : `**${row.now.text}**`;
    const sample = r.baseline && row.before && row.before.value !== null ? `本期 ${row.now.sample}；基线 ${row.before.sample}` : row.now.sample;
    return `- ${row.name}${dir}：${figure}\n  <font color="comment">${sample}</font>`;
  });
  return packLines(head[0]!, [head[1]!, ...lines, '口径见 docs/outcomes.md；“成效 导出”下载 Excel。']);
}
