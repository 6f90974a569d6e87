/**
 * 评价 (the manager's monthly review, by command or by card), 协作 (cross-department collaboration
 * ratings) and 建议 (improvement suggestions).
 */
import { randomBytes } from 'node:crypto';
import { buildReviewFinishedCard, buildReviewListCard, buildReviewStarCard, type ReviewMonth, type ReviewPerson } from '../cards/review-flow-card';
import { parseReviewKey, parseStars, PICK_QUESTION, REVIEW_KEY_PREFIX, reviewTaskId, splitRatingArgs, starText } from '../cards/review-keys';
import { buildReviewNoticeCard } from '../cards/review-notice-card';
import type { EntityManager } from 'typeorm';
import type { BaseContext, ButtonContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { parsePeriod, periodOf, previousPeriod } from '../src/domain/periods';
import { Employee, SupervisorReview } from '../src/entities';
import { findReports } from '../src/jobs/org-sync';
import { hasRole, isManagerOf } from '../src/repositories/access';
import { departmentNames, requirePerson } from '../src/repositories/chat-lookup';
import { scorecardPageLink } from '../src/http/h5-auth';
import { reportsWithoutReview, saveSupervisorReview, tagCounts, type SaveReviewResult } from '../src/repositories/reviews';
import { UserError } from '../src/wecom/errors';
import { parsePeriodPhrase } from '../src/chat/periods';
import { collaborationBot } from './reviews-peer';

export const REVIEW_USAGE =
  '用法：评价 @姓名 星级(1–5) 评语\n例如：评价 @赵磊 4 本月主动支援夜班，首件零差错\n只发“评价”可在卡片上选择下属和星级。';

export function reviewsBot(bot: Bot): void {
  bot.command(
    /^评价(?=$|\s|[@＠])\s*([\s\S]*)$/,
    async (ctx) => {
      const args = ctx.match[1].trim();
      if (!args) return sendReviewList(ctx);
      const parts = splitRatingArgs(args);
      const stars = parts ? parseStars(parts.starsToken) : null;
      if (!parts || stars === null) throw new UserError(`请写明 1–5 的星级。\n${REVIEW_USAGE}`);
      const target = await requirePerson(ctx.ds, parts.mention, (id) => `评价 @${id} ${stars} ${parts.rest}`.trim());
      await assertMayReview(ctx, target);
      const { month, comment } = reviewMonthOf(ctx, parts.rest);
      const result = await saveSupervisorReview(
        ctx.ds,
        { userId: target.userId, reviewerId: ctx.userId, periodKey: month.key, stars, comment },
        ctx.clock(),
        { afterWrite: (m, r) => notifyEmployee(ctx, m, target, month, r).then(() => ctx.reply(confirmation(target, month, r), { manager: m })) },
      );
      ctx.log.info({ subject: target.userId, stars, kind: result.kind }, 'supervisor review saved');
    },
    { name: '评价', usage: '评价 @姓名 星级 [上月] 评语', description: '主管月度评价（1–5 星）；只发“评价”用卡片' },
  );

  bot.button(REVIEW_KEY_PREFIX, async (ctx) => {
    const key = parseReviewKey(ctx.args);
    if (!key || key.action === 'done') return;
    const month = reviewableMonth(ctx, key.month); // the key is the tapper's to forge: the command's month rule again
    if (key.action === 'back') return ctx.updateCard(await listCard(ctx, month, ctx.taskId));
    if (key.action === 'star') return recordStar(ctx, key.userId, month, key.stars);
    const userId = key.action === 'who' ? key.userId : ctx.message.selectedItems.find((i) => i.questionKey === PICK_QUESTION)?.optionIds[0];
    if (!userId) throw new UserError('请先在卡片上选择一位员工。');
    await showStars(ctx, userId, month);
  });

  collaborationBot(bot);
}

/** 评价 alone (or 去评价 on the 待办 card): the reports still without this month's review. */
export async function sendReviewList(ctx: BaseContext): Promise<void> {
  const month = currentMonth(ctx);
  const reports = await findReports(ctx.ds, ctx.userId);
  if (reports.length === 0) throw new UserError(`您目前没有直属下属，无需评价。\n${REVIEW_USAGE}`);
  const pending = await toPeople(ctx, await reportsWithoutReview(ctx.ds, ctx.userId, month.key));
  if (pending.length === 0) {
    await ctx.reply(`${month.label}的主管评价已全部完成（${reports.length} 人）。如需修改：评价 @账号 星级 评语`);
    return;
  }
  const taskId = reviewTaskId(ctx.userId, ctx.clock(), randomBytes(3).toString('hex'));
  await ctx.reply({ card: buildReviewListCard({ month, pending, taskId }) });
}

async function listCard(ctx: BaseContext, month: ReviewMonth, taskId: string, recorded?: { name: string; stars: number; note: string }) {
  const pending = await toPeople(ctx, await reportsWithoutReview(ctx.ds, ctx.userId, month.key));
  if (pending.length > 0) return buildReviewListCard({ month, pending, taskId, recorded });
  return buildReviewFinishedCard({ month, taskId, recorded });
}

async function showStars(ctx: ButtonContext, userId: string, month: ReviewMonth): Promise<void> {
  const target = await activeEmployee(ctx, userId);
  await assertMayReview(ctx, target);
  const existing = await ctx.ds.getRepository(SupervisorReview).findOneBy({ userId, periodKey: month.key });
  if (existing) throw new UserError(alreadyReviewed(target, month, existing.stars));
  const counts = await tagCounts(ctx.ds, userId, parsePeriod(month.key, ctx.services.config.timezone));
  const [person] = await toPeople(ctx, [target]);
  await ctx.updateCard(buildReviewStarCard({ month, person, counts, taskId: ctx.taskId }));
}

async function recordStar(ctx: ButtonContext, userId: string, month: ReviewMonth, stars: number): Promise<void> {
  const target = await activeEmployee(ctx, userId);
  await assertMayReview(ctx, target);
  const result = await saveSupervisorReview(
    ctx.ds,
    { userId, reviewerId: ctx.userId, periodKey: month.key, stars, comment: '' },
    ctx.clock(),
    { onlyIfNew: true, afterWrite: (m, r) => notifyEmployee(ctx, m, target, month, r) },
  );
  if (result.kind === 'exists') throw new UserError(alreadyReviewed(target, month, result.review.stars));
  const note = `已通知${target.name}。补充评语：评价 @${target.userId} ${stars} 评语`;
  await ctx.updateCard(await listCard(ctx, month, ctx.taskId, { name: target.name, stars, note }));
}

async function notifyEmployee(ctx: BaseContext, manager: EntityManager, target: Employee, month: ReviewMonth, r: SaveReviewResult) {
  if (r.kind === 'exists') return;
  const link = scorecardPageLink(ctx.services.config, target.userId, target.userId, month.key, ctx.clock());
  const card = buildReviewNoticeCard({
    monthLabel: month.label,
    stars: r.review.stars,
    comment: r.review.comment,
    reviewerName: ctx.employee?.name ?? ctx.userId,
    updated: r.kind === 'updated',
    link,
  });
  await ctx.send([target.userId], { card }, { manager });
}

function confirmation(target: Employee, month: ReviewMonth, r: SaveReviewResult): string {
  if (r.kind === 'exists') return '';
  const { stars, comment } = r.review;
  const head =
    r.kind === 'updated' && r.before
      ? `已更新${target.name}${month.label}的主管评价：${r.before.stars} 星 → ${stars} 星 ${starText(stars)}`
      : `已记录${target.name}${month.label}的主管评价：${starText(stars)} ${stars} 星`;
  const tail = comment ? `评语：${comment}` : `未写评语。补充评语：评价 @${target.userId} ${stars} 评语`;
  return `${head}\n${tail}\n已通知${target.name}。`;
}

async function assertMayReview(ctx: BaseContext, target: Employee): Promise<void> {
  if (target.userId === ctx.userId) throw new UserError('不能评价自己。');
  if (await isManagerOf(ctx.ds, ctx.userId, target.userId)) return;
  if (await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds)) return;
  throw new UserError(`只有${target.name}的上级或 HR 可以给TA主管评价。跨部门同事请用：协作 @${target.userId} 星级 说明`);
}

async function activeEmployee(ctx: BaseContext, userId: string): Promise<Employee> {
  const e = await ctx.ds.getRepository(Employee).findOneBy({ userId, active: true });
  if (!e) throw new UserError('这位员工已不在通讯录中，无法评价。');
  return e;
}

function alreadyReviewed(target: Employee, month: ReviewMonth, stars: number): string {
  return `${target.name}${month.label}已有主管评价（${stars} 星），不会重复记录。如需修改请发送：评价 @${target.userId} 星级 评语`;
}

async function toPeople(ctx: BaseContext, employees: Employee[]): Promise<ReviewPerson[]> {
  const names = await departmentNames(ctx.ds);
  return employees.map((e) => ({
    userId: e.userId,
    name: e.name,
    detail: [names.get(e.mainDepartmentId ?? -1), e.position].filter(Boolean).join(' · ') || e.userId,
  }));
}

/**
 * `评价 @张三 4 上月 评语` (or `2026-11`) reviews last month, so the early days of a month can still
 * close the one before; any other month is refused. Without a month word: this month.
 */
function reviewMonthOf(ctx: BaseContext, rest: string): { month: ReviewMonth; comment: string } {
  const tz = ctx.services.config.timezone;
  const current = periodOf('month', ctx.clock(), tz);
  const previous = previousPeriod(current, tz);
  const [first, ...others] = rest.split(/\s+/);
  // 上月, 上个月, 本月, 11月, 2026-11 … (a week or quarter word is part of the comment)
  const named = first ? parsePeriodPhrase(first, ctx.clock(), tz) : null;
  const asked = named?.kind === 'month' ? named.key : null;
  if (asked === null) return { month: toMonth(current), comment: rest };
  return { month: reviewableMonth(ctx, asked), comment: others.join(' ').trim() };
}

/** This month or last month, by key; any other month is refused, on the command path and on every button. */
function reviewableMonth(ctx: BaseContext, key: string): ReviewMonth {
  const tz = ctx.services.config.timezone;
  const current = periodOf('month', ctx.clock(), tz);
  const previous = previousPeriod(current, tz);
  if (key === current.key) return toMonth(current);
  if (key === previous.key) return toMonth(previous);
  throw new UserError(`只能评价本月（${current.key}）或上月（${previous.key}）。`);
}

function currentMonth(ctx: BaseContext): ReviewMonth {
  return toMonth(periodOf('month', ctx.clock(), ctx.services.config.timezone));
}

function toMonth(p: { key: string; label: string }): ReviewMonth {
  return { key: p.key, label: p.label };
}
