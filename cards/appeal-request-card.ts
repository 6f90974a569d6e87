/** The card an approver gets for an appeal (同意 / 驳回), and the same card once decided. */
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/api-types';
import { appealAcceptKey, appealRejectKey } from './appeal-keys';

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
}

export const APPEAL_STATUS_LABEL: Record<string, string> = { draft: '草稿', pending: '待处理', accepted: '已同意', rejected: '已驳回' };

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
  if (decision) rows.push({ keyname: '处理', value: `${decision.handlerName} ${APPEAL_STATUS_LABEL[decision.status]}（${decision.decidedAt}）` });
  const title = decision ? `员工申诉${APPEAL_STATUS_LABEL[decision.status]}` : '员工申诉待处理';
  const card: ButtonInteractionCard = {
    card_type: 'button_interaction',
    task_id: taskId,
    source: { desc: '绩效助手 · 申诉' },
    main_title: { title: clip(`${title} #${v.appealId}`, 36), desc: clip(`${v.employeeName} · ${v.periodLabel}`, 44) },
    sub_title_text: clip(`申诉理由：${v.reason}`, 160),
    horizontal_content_list: rows,
    button_list: [
      { text: '同意', style: 1, key: appealAcceptKey(v.appealId) },
      { text: '驳回', style: 2, key: appealRejectKey(v.appealId) },
    ],
  };
  return decision ? { ...card, replace_text: APPEAL_STATUS_LABEL[decision.status] } : card;
}
