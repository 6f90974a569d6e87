/**
 * The 评价 card flow for a manager: the reports still without this month's review (a button each,
 * or a selection when there are more than six), then 1–5 stars for the one picked, then the
 * recorded result with the next people to review. Every step replaces the tapped card in place.
 */
import { behaviourEffectText, formatTagSum } from '../src/domain/behaviour';
import type { ButtonInteractionCard, CardButton } from '../src/wecom/card-types';
import { backKey, clipText, DONE_KEY, PICK_QUESTION, pickKey, STAR_LABELS, starKey, starText, whoKey } from './review-keys';

export interface ReviewPerson {
  userId: string;
  name: string;
  /** '生产部 · 操作工' */
  detail: string;
}

export interface ReviewMonth {
  key: string;
  label: string;
}

const MAX_BUTTONS = 6;
const MAX_OPTIONS = 10;
const SOURCE = { desc: '绩效助手 · 主管评价' };

/** Who still needs a review; `recorded` heads the card after a rating was just saved. */
export function buildReviewListCard(v: {
  month: ReviewMonth;
  pending: readonly ReviewPerson[];
  taskId: string;
  recorded?: { name: string; stars: number; note: string };
}): ButtonInteractionCard {
  const n = v.pending.length;
  const title = v.recorded ? `已记录：${v.recorded.name} ${starText(v.recorded.stars)}` : `${v.month.label} 主管评价`;
  const desc = v.recorded ? `${v.month.label}，还有 ${n} 人未评价` : `还有 ${n} 人未评价`;
  const base = {
    card_type: 'button_interaction' as const,
    task_id: v.taskId,
    source: SOURCE,
    main_title: { title: clipText(title, 36), desc: clipText(desc, 44) },
  };
  const lead = v.recorded ? `${v.recorded.note}\n` : '';
  if (n <= MAX_BUTTONS) {
    return {
      ...base,
      sub_title_text: clipText(`${lead}点选员工，再选择 1–5 星。`, 160),
      button_list: v.pending.map((p) => ({ text: clipText(p.name, 10), style: 1, key: whoKey(p.userId, v.month.key) })),
    };
  }
  const shown = v.pending.slice(0, MAX_OPTIONS);
  const more = n > MAX_OPTIONS ? `另有 ${n - MAX_OPTIONS} 人，评完这些后继续显示。` : '';
  return {
    ...base,
    sub_title_text: clipText(`${lead}选择一位员工，点“评价所选”，再选择 1–5 星。${more}`, 160),
    button_selection: {
      question_key: PICK_QUESTION,
      title: '员工',
      option_list: shown.map((p) => ({ id: p.userId, text: clipText(`${p.name}（${p.detail}）`, 20) })),
      selected_id: shown[0].userId,
    },
    button_list: [{ text: '评价所选', style: 1, key: pickKey(v.month.key) }],
  };
}

/** 1–5 stars for one person, with this month's praise/remind counts and 行为分 as context. */
export function buildReviewStarCard(v: {
  month: ReviewMonth;
  person: ReviewPerson;
  counts: { praise: number; remind: number; behaviour?: { score: number; tagSum: number; share: number } };
  taskId: string;
}): ButtonInteractionCard {
  const b = v.counts.behaviour;
  const stars: CardButton[] = [5, 4, 3, 2, 1].map((s) => ({
    text: `${s}星 ${STAR_LABELS[s]}`,
    style: s >= 4 ? 1 : s === 3 ? 2 : 4,
    key: starKey(v.person.userId, v.month.key, s),
  }));
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: SOURCE,
    main_title: { title: clipText(`评价 ${v.person.name} · ${v.month.label}`, 36), desc: clipText(v.person.detail, 44) },
    horizontal_content_list: [
      { keyname: '本月表扬', value: `${v.counts.praise} 次` },
      { keyname: '本月提醒', value: `${v.counts.remind} 次` },
      ...(b ? [{ keyname: '行为分', value: `${b.score}（基准60，标签合计${formatTagSum(b.tagSum)}；${behaviourEffectText(b.share)}）` }] : []),
    ],
    sub_title_text: '选择星级后即记录并通知本人。评语可稍后补充：评价 @账号 星级 评语',
    button_list: [...stars, { text: '返回', style: 2, key: backKey(v.month.key) }],
  };
}

/** Nobody left to review this month: the card shows the last rating (if any) and greys out. */
export function buildReviewFinishedCard(v: { month: ReviewMonth; taskId: string; recorded?: { name: string; stars: number; note: string } }): ButtonInteractionCard {
  const r = v.recorded;
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: SOURCE,
    main_title: r
      ? { title: clipText(`已记录：${r.name} ${starText(r.stars)}`, 36), desc: clipText(`${v.month.label} 主管评价 ${r.stars} 星`, 44) }
      : { title: clipText(`${v.month.label} 主管评价`, 36), desc: '已全部完成' },
    sub_title_text: clipText(r ? r.note : '如需修改：评价 @账号 星级 评语', 160),
    button_list: [{ text: '已完成', style: 2, key: DONE_KEY }],
    replace_text: '本月评价已全部完成',
  };
}
