/** The card an approver gets for an exception declaration (批准 / 驳回), and the same card once decided. */
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/api-types';
import { clip } from './appeal-request-card';
import { exceptionApproveKey, exceptionRejectKey } from './exception-keys';

export interface ExceptionRequestView {
  claimId: number;
  employeeName: string;
  departmentName: string;
  kind: string;
  /** e.g. 2026-11-20 08:00 至 12:00 */
  window: string;
  metricNames: string[];
  note: string;
  photoCount: number;
  submittedAt: string;
}

/** One period's total before and after a decision. */
export interface ScoreChange {
  /** 2026-W48 | 2026-11 */
  periodKey: string;
  before: string;
  after: string;
  /** Set when the claim did not change this period's score: why (from the scorecard's exception list). */
  why?: string;
}

export interface ExceptionDecisionView {
  status: 'approved' | 'rejected';
  approverName: string;
  decidedAt: string;
  scores?: ScoreChange[];
}

export const CLAIM_STATUS_LABEL: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '已驳回' };

/** 第48周 for 2026-W48, 11月 for 2026-11, Q4 for 2026-Q4: short enough for a keyname. */
export function periodShortLabel(key: string): string {
  const week = /-W(\d{1,2})$/.exec(key);
  if (week) return `第${Number(week[1])}周`;
  const month = /^\d{4}-(\d{1,2})$/.exec(key);
  if (month) return `${Number(month[1])}月`;
  return key.slice(-5);
}

export function describeScoreChanges(scores: readonly ScoreChange[]): string {
  return scores.map((s) => `${periodShortLabel(s.periodKey)} ${s.before} → ${s.after}`).join('；');
}

export function buildExceptionRequestCard(v: ExceptionRequestView, taskId: string, decision?: ExceptionDecisionView): ButtonInteractionCard {
  const who = v.departmentName ? `${v.employeeName}（${v.departmentName}）` : v.employeeName;
  const rows: CardHorizontalContent[] = [
    { keyname: '申报人', value: who },
    { keyname: '类型', value: v.kind },
    { keyname: '时段', value: v.window },
    { keyname: '指标', value: v.metricNames.join('、') },
    { keyname: '照片', value: `${v.photoCount} 张` },
  ];
  if (decision) rows.push({ keyname: '处理', value: `${decision.approverName} ${CLAIM_STATUS_LABEL[decision.status]}（${decision.decidedAt}）` });
  const scores = decision?.scores?.length ? `得分变化：${describeScoreChanges(decision.scores)}\n` : '';
  const title = decision ? `异常申报${CLAIM_STATUS_LABEL[decision.status]}` : '异常申报待审批';
  const card: ButtonInteractionCard = {
    card_type: 'button_interaction',
    task_id: taskId,
    source: { desc: '绩效助手 · 异常申报' },
    main_title: { title: clip(`${title} #${v.claimId}`, 36), desc: clip(`${v.employeeName} · ${v.kind} · 提交于 ${v.submittedAt}`, 44) },
    sub_title_text: clip(`${scores}说明：${v.note}`, 160),
    horizontal_content_list: rows,
    button_list: [
      { text: '批准', style: 1, key: exceptionApproveKey(v.claimId) },
      { text: '驳回', style: 2, key: exceptionRejectKey(v.claimId) },
    ],
  };
  return decision ? { ...card, replace_text: CLAIM_STATUS_LABEL[decision.status] } : card;
}
