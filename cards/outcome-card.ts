/**
 * The monthly outcome card (效果验证) for HR and management: the month against the baseline for the
 * headline measures, and the page with every measure's trend.
 */
import type { OutcomeReport } from '../src/outcomes/report';
import { CHANGE_WORD } from '../src/outcomes/report';
import type { TextNoticeCard } from '../src/wecom/card-types';
import { clipText } from './review-keys';

export const OUTCOME_CARD_SOURCE = '绩效助手 · 效果验证';
const HEADLINE = ['core_turnover', 'cross_dept_cycle', 'suggestions', 'completeness', 'manager_hours', 'decision_hours'];
const SHORT: Record<string, string> = {
  core_turnover: '核心流失', cross_dept_cycle: '跨部门交付', suggestions: '月均建议', completeness: '记录完整率', manager_hours: '主管时间', decision_hours: '申诉用时',
};

export function buildOutcomeCard(r: OutcomeReport, pageUrl: string): TextNoticeCard {
  const rows = HEADLINE.map((code) => r.rows.find((x) => x.code === code)!).filter(Boolean);
  const value = (row: (typeof rows)[number]) => (r.baseline && row.before ? `${row.before.text}→${row.now.text}` : row.now.text) + (row.change ? ` ${CHANGE_WORD[row.change]}` : '');
  const better = rows.filter((x) => x.change === 'better').length;
  const worse = rows.filter((x) => x.change === 'worse').length;
  return {
    card_type: 'text_notice',
    source: { desc: OUTCOME_CARD_SOURCE },
    main_title: { title: clipText(`${r.span.label} 效果验证`, 36), desc: clipText(`${r.scope}${r.baseline ? ` · 基线 ${r.baseline.label}` : ' · 未设基线'}`, 44) },
    emphasis_content: r.baseline ? { title: String(better), desc: `项改善，${worse} 项变差` } : { title: String(rows.filter((x) => x.now.value !== null).length), desc: '项有数据' },
    sub_title_text: clipText(r.baseline ? '与基线期对比；“数据不足”表示没有样本。点开看月度趋势和口径。' : 'HR 可发送“成效 基线 2024-01..2024-12”设置改革前的基线期。', 160),
    horizontal_content_list: rows.map((row) => ({ keyname: SHORT[row.code]!, value: clipText(value(row), 30) })),
    jump_list: [{ type: 1, title: '打开效果验证页面', url: pageUrl }],
    card_action: { type: 1, url: pageUrl },
  };
}
