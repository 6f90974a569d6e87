/**
 * What an approver types after tapping 更正数据 / 调整得分 / 驳回 on an appeal. Pure:
 *   更正数据: `#123 990 夜班漏记 20 件`, `123 改为 990`, `#123 作废 重复上传`
 *   调整得分: `良品率 95 夜班停机未剔除` (metric name as people say it, score 0–120, reason)
 *   驳回:     the reason itself.
 */
import { normalizeText } from '../chat/text';

export type DecisionAction = 'correct' | 'adjust' | 'reject';

export type ParsedDecision =
  | { action: 'correct'; recordId: number; value: number | null; note: string }
  | { action: 'adjust'; metric: string; score: number; reason: string }
  | { action: 'reject'; reason: string }
  | { error: string };

export const DECISION_EXAMPLES: Record<DecisionAction, string> = {
  correct: '#123 990 MES 漏记了夜班的 20 件合格品（写“作废”可删除一条记录）',
  adjust: '良品率 95 夜班设备停机，合格品没有及时入账',
  reject: '本周报废记录与质检单一致，数据无误',
};

export const MAX_OVERRIDE_SCORE = 120;

export function parseDecisionText(action: DecisionAction, input: string): ParsedDecision {
  // Matched on the normalised text (full-width digits); free text is cut from the original as typed.
  const original = input.trim();
  const text = normalizeText(original);
  const tail = (m: RegExpExecArray, group: string) => original.slice(m[0].length - group.length).trim().slice(0, 500);
  if (action === 'reject') {
    return text ? { action, reason: original.slice(0, 500) } : { error: `请写明驳回理由，员工会看到。例如：${DECISION_EXAMPLES.reject}` };
  }
  if (action === 'correct') {
    const m = /^#?\s*(\d+)\s*(?:号|记录)?\s*(?:改为|改成|更正为|应为|为|=|→|->|:)?\s*(作废|删除|-?\d+(?:\.\d+)?)\s*([\s\S]*)$/.exec(text);
    if (!m) return { error: `请写记录编号和正确的数值，例如：${DECISION_EXAMPLES.correct}` };
    const value = m[2] === '作废' || m[2] === '删除' ? null : Number(m[2]);
    return { action, recordId: Number(m[1]), value, note: tail(m, m[3]) };
  }
  const m = /^(\S+?)\s*(?:改为|调整为|调为|为|:)?\s*(\d+(?:\.\d+)?)\s*分?\s+([\s\S]+)$/.exec(text);
  if (!m) return { error: `请写指标、调整后的得分和理由，例如：${DECISION_EXAMPLES.adjust}` };
  const score = Number(m[2]);
  if (score > MAX_OVERRIDE_SCORE) return { error: `得分应在 0–${MAX_OVERRIDE_SCORE} 之间。例如：${DECISION_EXAMPLES.adjust}` };
  return { action, metric: m[1], score, reason: tail(m, m[3]) };
}
