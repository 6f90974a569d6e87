/**
 * 储备干部 [规则名] (HR): runs the screen on today's data, keeps the run, and answers with the list,
 * the near misses, the page and the Excel file. 储备干部 增加|移除 @姓名 原因 changes the latest run's
 * list by hand, only with a reason. Installed by talentBot.
 */
import type { CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { formatLocal } from '../src/domain/periods';
import { CadreScreenRun, Employee } from '../src/entities';
import { XLSX_CONTENT_TYPE } from '../src/repositories/export';
import { h5PageLink } from '../src/http/h5-auth';
import { requirePerson } from '../src/repositories/chat-lookup';
import { adjustRun, finalList, findScreen, runScreen } from '../src/talent/cadre-screens';
import { exportScreenRun } from '../src/talent/cadre-export';
import { UserError, WeComApiError } from '../src/wecom/errors';
import { isHr } from './talent';

export const CADRE_PAGE_PATH = '/h5/talent/cadres';
const USAGE = '用法：储备干部 [规则名]（运行筛选）\n储备干部 增加 @姓名 原因、储备干部 移除 @姓名 原因（手工调整最近一次结果，必须写原因）';

export function cadreBot(bot: Bot): void {
  bot.command(/^储备干部(?=$|\s)\s*([\s\S]*)$/, cadres, { name: '储备干部', usage: '储备干部 [规则名]', description: '按数据初筛储备干部候选人（HR）' });
}

async function cadres(ctx: CommandContext): Promise<void> {
  if (!(await isHr(ctx))) throw new UserError('储备干部筛选仅限 HR 使用。');
  const arg = ctx.match[1].trim();
  const adjust = /^(增加|移除)\s+(\S+)\s*([\s\S]*)$/.exec(arg);
  if (adjust) return adjustLatest(ctx, adjust[1] === '增加' ? 'add' : 'remove', adjust[2], adjust[3]);
  if (/^(增加|移除)/.test(arg)) throw new UserError(USAGE);
  const tz = ctx.services.config.timezone;
  const now = ctx.clock();
  const screen = await findScreen(ctx.ds, arg || undefined, now);
  const run = await runScreen(ctx.ds, screen, `user:${ctx.userId}`, tz, now);
  const link = h5PageLink(ctx.services.config, ctx.userId, CADRE_PAGE_PATH, { run: String(run.id) }, now);
  const names = (list: typeof run.result.candidates) => (list.length === 0 ? '无' : list.slice(0, 20).map((c) => `${c.name}（${c.department}）`).join('、') + (list.length > 20 ? ` 等 ${list.length} 人` : ''));
  await ctx.reply({
    markdown: [
      `**储备干部初筛：${screen.name}**（第 ${run.id} 次运行，${run.result.evaluated} 人参与）`,
      `候选人 ${run.result.candidates.length} 人：${names(run.result.candidates)}`,
      `差一条 ${run.result.nearMisses.length} 人：${names(run.result.nearMisses)}`,
      ...(run.result.pending.length > 0 ? [`待补入职日期 ${run.result.pending.length} 人（其他规则都满足，司龄未知，不算入选也不算落选）：${names(run.result.pending)}`] : []),
      `规则、每个人每条规则的证据：[打开筛选结果](${link})`,
      '结果已存档，任何人都可以按存档数据复核；手工增减请发送：储备干部 增加 @姓名 原因',
    ].join('\n'),
  });
  await sendExcel(ctx, run);
}

async function sendExcel(ctx: CommandContext, run: CadreScreenRun): Promise<void> {
  const { adjustments } = await finalList(ctx.ds, run);
  const names = new Map((await ctx.ds.getRepository(Employee).find({ select: { userId: true, name: true } })).map((e) => [e.userId, e.name]));
  const { buffer, filename } = await exportScreenRun(run, adjustments, names, formatLocal(run.ranAt, ctx.services.config.timezone));
  try {
    const { mediaId } = await ctx.wecom.uploadMedia('file', filename, buffer, XLSX_CONTENT_TYPE);
    await ctx.services.outbox.enqueue({ kind: 'message', message: { touser: [ctx.userId], msgtype: 'file', file: { media_id: mediaId } } });
  } catch (err) {
    if (!(err instanceof WeComApiError)) throw err;
    ctx.log.error({ err, errcode: err.errcode }, 'cadre export upload failed');
    await ctx.reply(`Excel 文件上传到企业微信失败（错误码 ${err.errcode}），可以在筛选结果页面查看同样的内容。`);
  }
}

async function adjustLatest(ctx: CommandContext, action: 'add' | 'remove', mention: string, reason: string): Promise<void> {
  const run = (await ctx.ds.getRepository(CadreScreenRun).find({ order: { id: 'DESC' }, take: 1 }))[0];
  if (!run) throw new UserError('还没有运行过储备干部筛选。请先发送“储备干部”。');
  const person = await requirePerson(ctx.ds, mention, (id) => `储备干部 ${action === 'add' ? '增加' : '移除'} @${id} ${reason}`.trim());
  await adjustRun(ctx.ds, { runId: run.id, userId: person.userId, action, reason, actor: `user:${ctx.userId}` }, ctx.clock());
  await ctx.reply(`已${action === 'add' ? '增加' : '移除'}：${person.name}（第 ${run.id} 次筛选“${run.screenName}”）。原因：${reason.trim()}\n这条手工调整已记录，筛选结果页面和 Excel 会单独列出。`);
}

