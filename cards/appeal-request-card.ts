/** The card an approver gets for an appeal (同意 / 驳回), and the same card once decided. */
import type { AppealOutcome } from '../src/entities/appeal.entity';
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/api-types';
import { appealAdjustKey, appealCorrectKey, appealRejectKey } from './appeal-keys';

export interface AppealRequestView {
  appealId: number;
  employeeName: string;
  departmentName: string;
  periodKey: string;
  /** e.g. 2026年第48周（11月23日–11月29日） */
  periodLabel: string;
  reason: string;
  evidenceCount: number;
  /** Local time, e.g. 2026-11-27 17:00 */
  submittedAt: string;
}

export interface AppealDecisionView {
  status: 'accepted' | 'rejected';
  handlerName: string;
  decidedAt: string;
  /** What changed (absent for appeals decided before outcomes existed). */
  outcome?: AppealOutcome;
}

export const APPEAL_STATUS_LABEL: Record<string, string> = { draft: '草稿', pending: '待处理', accepted: '已同意', rejected: '已驳回' };
export const OUTCOME_LABEL: Record<AppealOutcome['kind'], string> = { corrected: '已更正数据', adjusted: '已调整得分', rejected: '已驳回' };

/** One line saying what the decision changed, e.g. 良品率·合格品数量 970 → 990；总分 60.0 → 75.0 */
export function outcomeSummary(o: AppealOutcome): string {
  const change = o.record
    ? `${o.record.label} ${o.record.before} → ${o.record.after ?? '作废'}`
    : o.line
      ? `${o.line.name} ${o.line.before} → ${o.line.after}（申诉调整）`
      : '';
  return [change, `总分 ${o.totalBefore} → ${o.totalAfter}`].filter(Boolean).join('；');
}

export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function buildAppealRequestCard(v: AppealRequestView, taskId: string, decision?: AppealDecisionView): ButtonInteractionCard {
  const who = v.departmentName ? `${v.employeeName}（${v.departmentName}）` : v.employeeName;
  const rows: CardHorizontalContent[] = [
    { keyname: '申诉人', value: who },
    { keyname: '周期', value: v.periodKey },
    { keyname: '证据', value: `${v.evidenceCount} 份` },
    { keyname: '提交时间', value: v.submittedAt },
  ];
  const label = decision ? (decision.outcome ? OUTCOME_LABEL[decision.outcome.kind] : APPEAL_STATUS_LABEL[decision.status]) : '';
  if (decision) rows.push({ keyname: '处理', value: `${decision.handlerName} ${label}（${decision.decidedAt}）` });
  const title = decision ? `员工申诉${label}` : '员工申诉待处理';
  const outcome = decision?.outcome ? `${outcomeSummary(decision.outcome)}\n${decision.outcome.kind === 'rejected' ? '驳回理由' : '处理说明'}：${decision.outcome.reason}\n` : '';
  const card: ButtonInteractionCard = {
    card_type: 'button_interaction',
    task_id: taskId,
    source: { desc: '绩效助手 · 申诉' },
    main_title: { title: clip(`${title} #${v.appealId}`, 36), desc: clip(`${v.employeeName} · ${v.periodLabel}`, 44) },
    sub_title_text: clip(`${outcome}申诉理由：${v.reason}`, 160), // the decision first: the reason may be long
    horizontal_content_list: rows,
    button_list: [
      { text: '更正数据', style: 1, key: appealCorrectKey(v.appealId) },
      { text: '调整得分', style: 1, key: appealAdjustKey(v.appealId) },
      { text: '驳回', style: 2, key: appealRejectKey(v.appealId) },
    ],
  };
  return decision ? { ...card, replace_text: label } : card;
}
