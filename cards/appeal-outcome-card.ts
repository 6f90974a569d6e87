/** The outcome of an appeal, sent to the employee. */
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/api-types';
import { APPEAL_LIST_KEY } from './appeal-keys';
import { APPEAL_STATUS_LABEL, clip, type AppealDecisionView } from './appeal-request-card';

export interface AppealOutcomeView extends AppealDecisionView {
  appealId: number;
  periodKey: string;
  periodLabel: string;
  reason: string;
  /** The period's total recomputed on acceptance ('86.5' or '—'). */
  totalDisplay?: string;
}

export function buildAppealOutcomeCard(v: AppealOutcomeView, taskId: string): ButtonInteractionCard {
  const accepted = v.status === 'accepted';
  const explain = accepted
    ? '您的申诉已同意，本期得分已按当前数据重新计算。得分随数据变化：数据更正或异常申报获批后会自动更新。'
    : '您的申诉未通过。如有疑问，可与主管沟通或联系 HR。';
  const rows: CardHorizontalContent[] = [
    { keyname: '处理人', value: v.handlerName },
    { keyname: '周期', value: v.periodKey },
    { keyname: '处理时间', value: v.decidedAt },
  ];
  if (accepted && v.totalDisplay !== undefined) rows.push({ keyname: '本期得分', value: v.totalDisplay });
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    source: { desc: '绩效助手 · 申诉' },
    main_title: { title: `申诉${APPEAL_STATUS_LABEL[v.status]} #${v.appealId}`, desc: clip(v.periodLabel, 44) },
    sub_title_text: clip(`${explain}\n申诉理由：${v.reason}`, 160),
    horizontal_content_list: rows,
    button_list: [{ text: '我的申诉', style: 2, key: APPEAL_LIST_KEY }],
  };
}
