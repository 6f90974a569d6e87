/** 我的申诉: the member's pending and recent appeals, as text (a list does not fit a card's limits). */
import { APPEAL_STATUS_LABEL, clip } from './appeal-request-card';

export interface AppealListRow {
  appealId: number;
  periodKey: string;
  status: string;
  evidenceCount: number;
  /** Local time the appeal was submitted. */
  submittedAt: string;
  reason: string;
  handlerName?: string;
  decidedAt?: string;
}

export function buildAppealListText(rows: readonly AppealListRow[]): string {
  if (rows.length === 0) return '您还没有申诉记录。对某周得分有异议时，可点击得分卡片上的「发起申诉」，或发送：申诉 <理由>';
  const pending = rows.filter((r) => r.status === 'pending').length;
  const lines = rows.map((r) => {
    const head = `#${r.appealId} ${r.periodKey} ${APPEAL_STATUS_LABEL[r.status] ?? r.status} · 证据 ${r.evidenceCount} 份 · ${r.submittedAt} 提交`;
    const decided = r.handlerName ? `\n  处理：${r.handlerName}${r.decidedAt ? `（${r.decidedAt}）` : ''}` : '';
    return `${head}\n  理由：${clip(r.reason, 40)}${decided}`;
  });
  const tail = pending > 0 ? '\n需要补充证据时发送「补充材料」，再发送图片或文件。' : '';
  return `我的申诉（待处理 ${pending} 条）：\n${lines.join('\n')}${tail}`;
}
