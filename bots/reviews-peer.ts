/**
 * 协作: a colleague from another department rates how well someone worked with them, once per
 * month; 建议: a member's improvement suggestion. Installed by reviewsBot.
 */
import { parseStars, splitRatingArgs, starText } from '../cards/review-keys';
import type { Bot } from '../src/bot/router';
import { formatLocal, periodOf } from '../src/domain/periods';
import type { Employee } from '../src/entities';
import { isManagerOf } from '../src/repositories/access';
import { departmentNames, requirePerson } from '../src/repositories/chat-lookup';
import { saveCollaborationRating, saveSuggestion } from '../src/repositories/reviews';
import { UserError } from '../src/wecom/errors';

export const COLLAB_USAGE =
  '用法：协作 @姓名 星级(1–5) 说明\n例如：协作 @吴昊 5 来料检验及时，配合换线\n给其他部门一起工作过的同事评价，每人每月一次。';
export const SUGGEST_USAGE = '用法：建议 改进建议的内容\n例如：建议 二号线换模时增加定位销，缩短调机时间';
const SUGGESTION_MAX = 1000;

export function collaborationBot(bot: Bot): void {
  bot.command(
    /^协作(?=$|\s|[@＠])\s*([\s\S]*)$/,
    async (ctx) => {
      const parts = splitRatingArgs(ctx.match[1]);
      const stars = parts ? parseStars(parts.starsToken) : null;
      if (!parts || stars === null) throw new UserError(ctx.match[1].trim() ? `请写明 1–5 的星级。\n${COLLAB_USAGE}` : COLLAB_USAGE);
      const target = await requirePerson(ctx.ds, parts.mention, (id) => `协作 @${id} ${stars} ${parts.rest}`.trim());
      const me = ctx.employee!;
      if (target.userId === me.userId) throw new UserError('不能给自己评价协作。');
      if (sharesDepartment(me, target)) {
        const names = await departmentNames(ctx.ds);
        const dept = names.get(target.mainDepartmentId ?? -1) ?? '同一部门';
        throw new UserError(`协作评价只能给其他部门的同事。${target.name}和您同在${dept}，TA的表现请由主管在“评价”中体现。`);
      }
      if (await isManagerOf(ctx.ds, me.userId, target.userId)) {
        throw new UserError(`您是${target.name}的上级，请用“评价 @${target.userId} 星级 评语”给主管评价；协作评价留给其他部门的同事。`);
      }
      const tz = ctx.services.config.timezone;
      const month = periodOf('month', ctx.clock(), tz);
      const result = await saveCollaborationRating(
        ctx.ds,
        { userId: target.userId, raterId: me.userId, periodKey: month.key, stars, note: parts.rest },
        ctx.clock(),
        (m, rating) =>
          ctx.reply(`已记录：您对${target.name}${month.label}的跨部门协作评价 ${starText(rating.stars)} ${rating.stars} 星。感谢反馈！`, { manager: m }),
      );
      if (result.kind === 'duplicate') {
        const when = formatLocal(result.existing.createdAt, tz).slice(5, 10);
        throw new UserError(`本月已评价过${target.name}的协作（${result.existing.stars} 星，${when}），每人每月只能评价一次。`);
      }
    },
    { name: '协作', usage: '协作 @姓名 星级 说明', description: '给其他部门的同事评价协作（每月一次）' },
  );

  bot.command(
    /^建议[\s:：]*([\s\S]*)$/,
    async (ctx) => {
      const content = (ctx.match[1] ?? '').trim();
      if (!content) throw new UserError(SUGGEST_USAGE);
      if ([...content].length > SUGGESTION_MAX) throw new UserError(`建议内容请控制在 ${SUGGESTION_MAX} 字以内，可以分几条发送。`);
      const month = periodOf('month', ctx.clock(), ctx.services.config.timezone);
      const saved = await saveSuggestion(ctx.ds, ctx.userId, content, ctx.clock(), month);
      await ctx.reply(`感谢您的改进建议！已记录（编号 ${saved.id}）。这是您${month.label}提交的第 ${saved.monthCount} 条建议。`);
    },
    { name: '建议', usage: '建议 内容', description: '提交改进建议' },
  );
}

/** Same department: the same main department, or any department in common. */
function sharesDepartment(a: Employee, b: Employee): boolean {
  if (a.mainDepartmentId !== null && a.mainDepartmentId === b.mainDepartmentId) return true;
  return a.departmentIds.some((d) => b.departmentIds.includes(d));
}
