/**
 * 待办: counts of what waits on the member and the oldest items of each kind, with 去评价 (opens
 * the 评价 card flow) and 刷新 (redraws this card in place).
 *   todo:review   open the review list
 *   todo:refresh  redraw
 */
import { formatLocal } from '../src/domain/periods';
import type { TodoItems } from '../src/repositories/todo';
import type { ButtonInteractionCard, CardButton } from '../src/wecom/card-types';
import { buildKey, buildTaskId } from './keys';
import { clipText } from './review-keys';

export const TODO_KEY_PREFIX = 'todo:';
export const TODO_REVIEW_KEY = buildKey('todo', 'review');
export const TODO_REFRESH_KEY = buildKey('todo', 'refresh');

export function todoTaskId(userId: string, now: Date, salt: string): string {
  return buildTaskId('todo', `${userId}-${now.getTime()}-${salt}`);
}

export function todoTotal(t: TodoItems): number {
  return t.reviews.length + t.appeals.length + t.claims.length;
}

export function buildTodoCard(v: { items: TodoItems; monthLabel: string; timeZone: string; taskId: string }): ButtonInteractionCard {
  const { reviews, appeals, claims } = v.items;
  const total = todoTotal(v.items);
  const short = (d: Date) => formatLocal(d, v.timeZone).slice(5);
  const sections: string[] = [];
  if (reviews.length > 0) {
    const names = reviews.slice(0, 5).map((r) => r.name).join('、');
    sections.push(`待评价（${v.monthLabel}）：${names}${reviews.length > 5 ? ` 等 ${reviews.length} 人` : ''}`);
  }
  for (const a of appeals.slice(0, 2)) sections.push(`申诉：${a.name} ${a.periodKey}「${clipText(a.reason, 12)}」`);
  if (appeals.length > 2) sections.push(`…另有 ${appeals.length - 2} 条申诉`);
  for (const c of claims.slice(0, 2)) sections.push(`异常：${c.name} ${c.kind} ${short(c.startAt)}–${short(c.endAt)}`);
  if (claims.length > 2) sections.push(`…另有 ${claims.length - 2} 条异常申报`);

  if (appeals.length + claims.length > 0) sections.push('申诉和异常请在收到的审批卡片上处理。');
  const buttons: CardButton[] = [];
  if (reviews.length > 0) buttons.push({ text: '去评价', style: 1, key: TODO_REVIEW_KEY });
  buttons.push({ text: '刷新', style: 2, key: TODO_REFRESH_KEY });
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 待办' },
    main_title: { title: '我的待办', desc: total === 0 ? '目前没有待办事项' : `共 ${total} 项待处理` },
    horizontal_content_list: [
      { keyname: '待评价', value: `${reviews.length} 人` },
      { keyname: '待审申诉', value: `${appeals.length} 条` },
      { keyname: '待审异常', value: `${claims.length} 条` },
    ],
    sub_title_text: clipText(total === 0 ? '都处理完了，辛苦了！' : sections.join('\n'), 160),
    button_list: buttons,
  };
}
