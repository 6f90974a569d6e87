/**
 * The 25th 评价待办 and the 27th 评价提醒 for a manager: the reports still without this month's
 * supervisor review, the ones with no feedback for three weeks flagged 已连续3周无反馈, and a way
 * into the existing 评价 card flow (bots/reviews.ts) for each person:
 *   up to 6 people   one button each, key review:who:<userid>:<month> (opens the star card);
 *   7 to 10 people   a button_selection (question review_who) + 评价所选, key review:pick:<month>;
 *   more than 10     several cards of at most 10 (sizes balanced, flagged people first), each as above.
 * WeCom allows 6 buttons and 10 selection options per card (§4.3); the flow's own list card uses
 * the same two shapes, so a tap continues exactly as if the manager had sent 评价.
 */
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/card-types';
import { buildTaskId } from './keys';
import { clipText, PICK_QUESTION, pickKey, whoKey } from './review-keys';

export const SILENT_FLAG = '已连续3周无反馈';
export const MAX_TODO_BUTTONS = 6;
export const MAX_TODO_OPTIONS = 10;

export interface TodoPerson {
  userId: string;
  name: string;
  /** '生产部 · 操作工' */
  detail: string;
  silent: boolean;
}

export interface ReviewTodoCardView {
  kind: 'todo' | 'reminder';
  month: { key: string; label: string };
  /** This card's people (at most 10). */
  people: readonly TodoPerson[];
  /** Over all of the manager's cards. */
  openTotal: number;
  silentTotal: number;
  /** 1-based; count 1 for a single card. */
  part: { index: number; count: number };
  /** '11月30日', the month's last day. */
  deadline: string;
  /** '11月2日', the first day of the feedback window. */
  windowStart: string;
  taskId: string;
}

/** Task ids unique per app: the run, the manager and the card's place. */
export function reviewTodoTaskId(job: string, runId: number, managerId: string, part: number): string {
  return buildTaskId('rtodo', `${job}-${runId}-${managerId}-${part}`);
}

/** The manager's open reports in cards of at most 10, sizes balanced (13 → 7 + 6), order kept. */
export function splitTodoPeople<T>(people: readonly T[], max = MAX_TODO_OPTIONS): T[][] {
  const count = Math.ceil(people.length / max);
  const out: T[][] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const size = Math.ceil((people.length - at) / (count - i));
    out.push(people.slice(at, at + size));
    at += size;
  }
  return out;
}

export function buildReviewTodoCard(v: ReviewTodoCardView): ButtonInteractionCard {
  if (v.people.length === 0 || v.people.length > MAX_TODO_OPTIONS) throw new Error(`a to-do card holds 1 to ${MAX_TODO_OPTIONS} people, not ${v.people.length}`);
  const reminder = v.kind === 'reminder';
  const part = v.part.count > 1 ? ` · 第 ${v.part.index}/${v.part.count} 张` : '';
  const flagged = v.people.filter((p) => p.silent).map((p) => p.name);
  const lines = [
    reminder ? `${v.month.label}评价将于${v.deadline}截止，以上同事仍未评价。` : `请于${v.deadline}前完成${v.month.label}的主管评价。`,
    flagged.length > 0 ? `⚠ ${flagged.join('、')}：自${v.windowStart}起没有收到表扬/提醒标签或评语，请多关注。` : '',
    v.people.length <= MAX_TODO_BUTTONS ? '点姓名开始评价，再选 1–5 星。' : '选择一位员工，点“评价所选”，再选 1–5 星。',
  ].filter(Boolean);
  const base = {
    card_type: 'button_interaction' as const,
    task_id: v.taskId,
    source: { desc: reminder ? '绩效助手 · 评价提醒' : '绩效助手 · 评价待办' },
    main_title: {
      title: clipText(reminder ? `${v.month.label} 评价提醒` : `${v.month.label} 主管评价待办`, 36),
      desc: clipText(`还有 ${v.openTotal} 人未评价${v.silentTotal > 0 ? `，${v.silentTotal} 人${SILENT_FLAG}` : ''}${part}`, 44),
    },
    sub_title_text: clipText(lines.join('\n'), 160),
  };
  if (v.people.length <= MAX_TODO_BUTTONS) {
    return {
      ...base,
      horizontal_content_list: v.people.map(personLine),
      button_list: v.people.map((p) => ({ text: clipText(p.name, 10), style: 1, key: whoKey(p.userId, v.month.key) })),
    };
  }
  return {
    ...base,
    horizontal_content_list: [
      { keyname: '待评价', value: `${v.people.length} 人` },
      { keyname: '3周无反馈', value: `${flagged.length} 人` },
    ],
    button_selection: {
      question_key: PICK_QUESTION,
      title: '员工',
      option_list: v.people.map((p) => ({ id: p.userId, text: clipText(`${p.name}（${p.silent ? SILENT_FLAG : p.detail}）`, 20) })),
      selected_id: v.people[0].userId,
    },
    button_list: [{ text: '评价所选', style: 1, key: pickKey(v.month.key) }],
  };
}

function personLine(p: TodoPerson): CardHorizontalContent {
  return { keyname: clipText(p.name, 5), value: p.silent ? `⚠ ${SILENT_FLAG}` : `待评价 · ${p.detail}` };
}
