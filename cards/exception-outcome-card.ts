/** The decision on an exception declaration, sent to the employee, with the score before → after. */
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/api-types';
import { clip } from './appeal-request-card';
import { EXCEPTION_LIST_KEY } from './exception-keys';
import { CLAIM_STATUS_LABEL, describeScoreChanges, periodShortLabel, type ExceptionDecisionView } from './exception-request-card';

export interface ExceptionOutcomeView extends ExceptionDecisionView {
  claimId: number;
  kind: string;
  window: string;
}

export function buildExceptionOutcomeCard(v: ExceptionOutcomeView, taskId: string): ButtonInteractionCard {
  const approved = v.status === 'approved';
  const scores = v.scores ?? [];
  // An approved claim that changed nothing says why, so "87.9 → 87.9" is never left unexplained.
  const unchanged = scores.find((s) => s.why);
  const explain = !approved
    ? `未获批准，得分不变。如有疑问，请与${v.approverName}沟通。`
    : unchanged && scores.every((s) => s.before === s.after)
      ? `已批准，但没有改变得分${scores.length ? `（${describeScoreChanges(scores)}）` : ''}：${unchanged.why}。成绩单上会列出这条申报。`
      : `已批准，得分已重新计算${scores.length ? `：${describeScoreChanges(scores)}` : ''}。申报时段内的数据不计入，计数目标按剩余工作日折算。`;
  const rows: CardHorizontalContent[] = [
    { keyname: '审批人', value: `${v.approverName}（${v.decidedAt}）` },
    { keyname: '类型', value: v.kind },
    { keyname: '时段', value: v.window },
  ];
  if (approved) for (const s of scores.slice(0, 3)) rows.push({ keyname: periodShortLabel(s.periodKey), value: `${s.before} → ${s.after}` });
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    source: { desc: '绩效助手 · 异常申报' },
    main_title: { title: `异常申报${CLAIM_STATUS_LABEL[v.status]} #${v.claimId}`, desc: clip(`${v.kind} · ${v.window}`, 44) },
    sub_title_text: clip(`您的异常申报${explain}`, 160),
    horizontal_content_list: rows,
    button_list: [{ text: '我的申报', style: 2, key: EXCEPTION_LIST_KEY }],
  };
}
