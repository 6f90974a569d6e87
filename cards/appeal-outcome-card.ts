/** The outcome of an appeal, sent to the employee: the decision, the reason, the score before → after. */
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/api-types';
import { APPEAL_LIST_KEY } from './appeal-keys';
import { APPEAL_STATUS_LABEL, clip, OUTCOME_LABEL, type AppealDecisionView } from './appeal-request-card';

export interface AppealOutcomeView extends AppealDecisionView {
  appealId: number;
  periodKey: string;
  periodLabel: string;
  reason: string;
  /** The period's total recomputed on acceptance ('86.5' or '—'); appeals decided without an outcome. */
  totalDisplay?: string;
}

const EXPLAIN = {
  corrected: '您的申诉已处理：源数据已更正，本期得分已按更正后的数据重新计算。',
  adjusted: '您的申诉已处理：主管调整了一项指标的得分，成绩单上会标注“申诉调整”。',
  rejected: '您的申诉未通过。如有疑问，可与主管沟通或联系 HR。',
} as const;

export function buildAppealOutcomeCard(v: AppealOutcomeView, taskId: string): ButtonInteractionCard {
  const o = v.outcome;
  const kind = o?.kind ?? (v.status === 'accepted' ? null : 'rejected');
  const rows: CardHorizontalContent[] = [
    { keyname: '处理人', value: v.handlerName },
    { keyname: '周期', value: v.periodKey },
  ];
  if (o) rows.push({ keyname: '本期得分', value: `${o.totalBefore} → ${o.totalAfter}` });
  else if (v.totalDisplay !== undefined) rows.push({ keyname: '本期得分', value: v.totalDisplay });
  if (o?.record) rows.push({ keyname: '更正', value: `${o.record.label} ${o.record.before} → ${o.record.after ?? '作废'}` });
  if (o?.line) rows.push({ keyname: '调整', value: `${o.line.name} ${o.line.before} → ${o.line.after}` });
  rows.push({ keyname: '处理时间', value: v.decidedAt });
  const explain = kind ? EXPLAIN[kind] : '您的申诉已同意。';
  const said = o ? `\n${kind === 'rejected' ? '驳回理由' : '处理说明'}：${o.reason}` : '';
  const title = o ? OUTCOME_LABEL[o.kind] : APPEAL_STATUS_LABEL[v.status];
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    source: { desc: '绩效助手 · 申诉' },
    main_title: { title: clip(`申诉${title} #${v.appealId}`, 36), desc: clip(v.periodLabel, 44) },
    sub_title_text: clip(`${explain}${said}\n申诉理由：${v.reason}`, 160),
    horizontal_content_list: rows.slice(0, 6),
    button_list: [{ text: '我的申诉', style: 2, key: APPEAL_LIST_KEY }],
  };
}
