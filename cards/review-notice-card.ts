/** The employee's notice of a supervisor review: the stars, the comment, and a link to the scorecard. */
import type { TextNoticeCard } from '../src/wecom/card-types';
import { clipText, STAR_LABELS, starText } from './review-keys';

export function buildReviewNoticeCard(v: {
  monthLabel: string;
  stars: number;
  comment: string;
  reviewerName: string;
  updated: boolean;
  link: string;
}): TextNoticeCard {
  return {
    card_type: 'text_notice',
    source: { desc: '绩效助手 · 主管评价' },
    main_title: {
      title: clipText(`${v.monthLabel} 主管评价${v.updated ? '（已更新）' : ''}`, 36),
      desc: clipText(`来自 ${v.reviewerName}`, 44),
    },
    emphasis_content: { title: starText(v.stars), desc: `${v.stars} 星 · ${STAR_LABELS[v.stars] ?? ''}` },
    sub_title_text: clipText(v.comment ? `评语：${v.comment}` : '暂无评语。', 160),
    jump_list: [{ type: 1, title: '查看我的绩效', url: v.link }],
    card_action: { type: 1, url: v.link },
  };
}
