/**
 * The monthly review pushes (issue 5, item 3):
 *  - review_todo, the 25th at 09:00: every manager with reports still lacking this month's
 *    supervisor review gets a 评价待办 card listing them, flagged 已连续3周无反馈 where no tag or
 *    comment reached them (src/repositories/feedback-gaps.ts has the exact definition), with a way
 *    into the 评价 card flow per person; HR gets the completeness figure per department.
 *  - review_reminder, the 27th at 09:00: the same card as a 评价提醒, holding only what is still
 *    open then; nothing to HR.
 * A manager whose reports are all reviewed gets nothing (noted as skipped for the run report):
 * a message saying there is nothing to do is noise on a busy shop floor. Flags are computed at the
 * run's firedAt, not at the moment it runs, so a resumed or caught-up run flags the same people.
 */
import { reviewTodoTaskId, splitTodoPeople, buildReviewTodoCard } from '../../cards/review-todo-card';
import { formatLocal, parsePeriod, periodOf, type Period } from '../domain/periods';
import { feedbackWindow } from '../repositories/feedback-gaps';
import type { JobContext, JobDefinition } from './job';
import { sendCompletenessToHr } from './review-todo-hr';
import { loadManagerTodos, type ManagerTodo } from './review-todo-data';

const monthKeyFor = (firedAt: Date, timeZone: string): string => periodOf('month', firedAt, timeZone).key;

export const reviewTodoJob: JobDefinition = {
  name: 'review_todo',
  title: '月度评价待办',
  defaultSchedule: '0 9 25 * *',
  periodKeyFor: monthKeyFor,
  run: (ctx) => runReviewPush(ctx, 'todo'),
};

export const reviewReminderJob: JobDefinition = {
  name: 'review_reminder',
  title: '月度评价提醒',
  defaultSchedule: '0 9 27 * *',
  periodKeyFor: monthKeyFor,
  run: (ctx) => runReviewPush(ctx, 'reminder'),
};

async function runReviewPush(ctx: JobContext, kind: 'todo' | 'reminder'): Promise<void> {
  const tz = ctx.services.config.timezone;
  const month = parsePeriod(ctx.run.periodKey, tz);
  if (month.kind !== 'month') throw new Error(`${ctx.run.job} runs per month, not for ${ctx.run.periodKey}`);
  const window = feedbackWindow(ctx.run.firedAt, tz);
  const todos = await loadManagerTodos(ctx.ds, month.key, window);
  let cards = 0;
  for (const todo of todos) {
    if (todo.open.length === 0) {
      ctx.skip(todo.managerId, `${month.label}的 ${todo.reportCount} 位下属已全部评价`);
      continue;
    }
    cards += await deliverTodo(ctx, kind, todo, month, dayLabel(window.from, tz));
  }
  if (kind === 'todo') await sendCompletenessToHr(ctx, month, window, todos);
  const open = todos.reduce((n, t) => n + t.open.length, 0);
  const silent = todos.reduce((n, t) => n + t.open.filter((p) => p.silent).length, 0);
  ctx.log.info({ job: ctx.run.job, period: month.key, managers: todos.length, cards, open, silent }, 'review pushes queued');
}

async function deliverTodo(ctx: JobContext, kind: 'todo' | 'reminder', todo: ManagerTodo, month: Period, windowStart: string): Promise<number> {
  const chunks = splitTodoPeople(todo.open);
  const silentTotal = todo.open.filter((p) => p.silent).length;
  const prefix = kind === 'todo' ? 'todo' : 'reminder';
  for (const [i, people] of chunks.entries()) {
    const card = buildReviewTodoCard({
      kind,
      month: { key: month.key, label: month.label },
      people,
      openTotal: todo.open.length,
      silentTotal,
      part: { index: i + 1, count: chunks.length },
      deadline: dayLabel(new Date(month.end.getTime() - 1), ctx.services.config.timezone),
      windowStart,
      taskId: reviewTodoTaskId(ctx.run.job, ctx.run.id, todo.managerId, i + 1),
    });
    await ctx.deliver(todo.managerId, { card }, i === 0 ? `${prefix}:${todo.managerId}` : `${prefix}:${todo.managerId}:${i + 1}`);
  }
  return chunks.length;
}

/** '11月30日' on the zone's calendar. */
function dayLabel(instant: Date, timeZone: string): string {
  const [, m, d] = formatLocal(instant, timeZone).slice(0, 10).split('-');
  return `${Number(m)}月${Number(d)}日`;
}
