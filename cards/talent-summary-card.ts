/**
 * The quarterly nine-box card for HR (a draft to calibrate, then published) and each department
 * head (their people): counts per box, who moved up or down since last quarter, the page link.
 */
import type { BoxDefinition } from '../src/talent/boxes';
import type { TextNoticeCard } from '../src/wecom/card-types';
import { clipText } from './review-keys';

export interface TalentSummaryCardView {
  quarterLabel: string;
  status: 'draft' | 'published';
  /** 'HR' or the head's scope, e.g. '生产部'. */
  audience: string;
  counts: Array<{ box: BoxDefinition; count: number }>;
  notPlaced: number;
  up: string[];
  down: string[];
  pageUrl: string;
  /** Only on HR's draft: how to calibrate and publish. */
  forHr: boolean;
}

const ORDER = ['hh', 'hm', 'hl', 'mh', 'mm', 'ml', 'lh', 'lm', 'll'];

function names(list: string[], max: number): string {
  if (list.length === 0) return '无';
  return list.length <= max ? list.join('、') : `${list.slice(0, max).join('、')} 等 ${list.length} 人`;
}

export function buildTalentSummaryCard(v: TalentSummaryCardView): TextNoticeCard {
  const counts = [...v.counts].sort((a, b) => ORDER.indexOf(a.box.code) - ORDER.indexOf(b.box.code));
  const placed = counts.reduce((acc, c) => acc + c.count, 0);
  const grid = [0, 3, 6].map((i) => counts.slice(i, i + 3).map((c) => `${c.box.name} ${c.count}`).join('｜')).join('\n');
  const statusWord = v.status === 'draft' ? '草稿，待校准' : '已发布';
  const tail = v.forHr && v.status === 'draft' ? '\n校准：调整 @姓名 格子名 原因；确认后发送“发布九宫格”' : '';
  return {
    card_type: 'text_notice',
    source: { desc: '绩效助手 · 人才盘点' },
    main_title: { title: clipText(`${v.quarterLabel}人才九宫格`, 36), desc: clipText(`${v.audience} · ${statusWord}`, 44) },
    emphasis_content: { title: String(placed), desc: v.notPlaced > 0 ? `人已落格，${v.notPlaced} 人数据不足` : '人已落格' },
    sub_title_text: clipText(`${grid}${tail}`, 160),
    horizontal_content_list: [
      { keyname: '上升', value: clipText(names(v.up, 3), 30) },
      { keyname: '下降', value: clipText(names(v.down, 3), 30) },
    ],
    jump_list: [{ type: 1, title: '打开九宫格页面', url: v.pageUrl }],
    card_action: { type: 1, url: v.pageUrl },
  };
}
