/**
 * The alert a supervisor gets: the person, the rule, the weeks against the baseline, the evidence
 * line (or "unproven"), the suggested actions, and the four buttons. Pure: a view in, a card out.
 */
import type { ButtonInteractionCard } from '../src/wecom/card-types';
import { ACTION_BUTTON, ACTION_DONE, ALERT_ACTIONS, alertActionKey } from './alert-keys';
import { clip } from './tag-keys';
import type { AlertActionKind } from '../src/alerts/alert.entity';

export interface AlertCardView {
  alertId: number;
  taskId: string;
  employeeName: string;
  metricName: string;
  unit: string;
  /** '工单完成数 连续 2 周低于基线 15%' */
  ruleText: string;
  baseline: number;
  /** 'own' | 'peers' */
  baselineSource: string;
  weeks: Array<{ week: string; value: number | null }>;
  evidence: string;
  mentors: string[];
  courses: string[];
  talks: string[];
  /** Set once handled: the card shows what was done instead of buttons. */
  done?: AlertActionKind;
}

export function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) >= 100 ? 0 : 2).replace(/\.?0+$/, '');
}

/** '34（-15%）' against the baseline. */
export function againstBaseline(value: number | null, baseline: number): string {
  if (value === null) return '无数据';
  if (baseline === 0) return formatValue(value);
  const change = Math.round(((value - baseline) / Math.abs(baseline)) * 100);
  return `${formatValue(value)}（${change > 0 ? '+' : ''}${change}%）`;
}

export function suggestionLines(v: Pick<AlertCardView, 'mentors' | 'courses' | 'talks'>): string[] {
  const lines: string[] = [];
  if (v.mentors.length) lines.push(`带教：同岗位表现最好的 ${v.mentors.join('、')}`);
  if (v.courses.length) lines.push(`培训：${v.courses.join('；')}`);
  if (v.talks.length) lines.push(`沟通：${v.talks.join('；')}`);
  return lines;
}

export function buildAlertCard(v: AlertCardView): ButtonInteractionCard {
  const source = v.baselineSource === 'own' ? '本人近 8 周中位数' : '同岗位基线中位数';
  const facts = [
    { keyname: '基线', value: clip(`${formatValue(v.baseline)}${v.unit}（${source}）`, 30) },
    ...v.weeks.slice(-5).map((w) => ({ keyname: w.week.replace(/^\d{4}-/, ''), value: clip(againstBaseline(w.value, v.baseline), 30) })),
  ];
  const suggestions = suggestionLines(v);
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 预警', desc_color: 2 },
    main_title: { title: clip(`预警：${v.employeeName}的${v.metricName}`, 36), desc: clip(v.ruleText, 44) },
    sub_title_text: clip(v.evidence, 160),
    ...(suggestions.length ? { quote_area: { type: 0 as const, title: '建议', quote_text: clip(suggestions.join('\n'), 160) } } : {}),
    horizontal_content_list: facts,
    button_list: ALERT_ACTIONS.map((a) => ({ text: ACTION_BUTTON[a], style: a === 'skip' ? 2 : 1, key: alertActionKey(v.alertId, a) })),
    ...(v.done ? { replace_text: ACTION_DONE[v.done] } : {}),
  };
}
