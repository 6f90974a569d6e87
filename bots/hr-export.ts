/**
 * 导出 <周期> (HR only): the period's scores of every active employee as an .xlsx, uploaded with
 * media/upload and sent to the asker as a file message. Installed by hrCommandsBot.
 */
import { writeAudit } from '../src/audit';
import type { CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { hasRole } from '../src/repositories/access';
import { resolvePeriod } from '../src/repositories/chat-lookup';
import { exportScores, XLSX_CONTENT_TYPE } from '../src/repositories/export';
import { UserError, WeComApiError } from '../src/wecom/errors';

const EXPORT_USAGE = '用法：导出 周期\n例如：导出 本月、导出 上月、导出 2026-11、导出 2026-W48、导出 2026-Q4';

export function exportBot(bot: Bot): void {
  bot.command(/^导出(?=$|\s)\s*([\s\S]*)$/, exportPeriod, { name: '导出', usage: '导出 周期', description: '导出该周期全员绩效 Excel（仅 HR）' });
}

async function exportPeriod(ctx: CommandContext): Promise<void> {
  if (!(await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds))) throw new UserError('导出仅限 HR 使用。');
  const when = ctx.match[1].trim();
  if (!when || /\s/.test(when)) throw new UserError(EXPORT_USAGE);
  const tz = ctx.services.config.timezone;
  const period = resolvePeriod(when, ctx.clock(), tz);
  const { rows, buffer, filename } = await exportScores(ctx.ds, period, tz);
  if (rows.length === 0) throw new UserError('没有在职员工，无可导出的数据。');

  let mediaId: string;
  try {
    mediaId = (await ctx.wecom.uploadMedia('file', filename, buffer, XLSX_CONTENT_TYPE)).mediaId;
  } catch (err) {
    if (!(err instanceof WeComApiError)) throw err;
    ctx.log.error({ err, errcode: err.errcode }, 'export upload failed');
    throw new UserError(`导出文件已生成，但上传到企业微信失败（错误码 ${err.errcode}）。请稍后重试；多次失败请联系 IT。`);
  }
  const now = ctx.clock();
  await ctx.ds.transaction(async (m) => {
    await ctx.services.outbox.enqueue({ kind: 'message', message: { touser: [ctx.userId], msgtype: 'file', file: { media_id: mediaId } } }, m);
    await ctx.reply(`已导出${period.label}的绩效：${rows.length} 人，文件“${filename}”见上一条消息（3 天内可下载）。`, { manager: m });
    await writeAudit(m, { actor: `user:${ctx.userId}`, action: 'scores.export', entity: 'period', entityId: period.key, after: { rows: rows.length, filename }, reason: '导出绩效 Excel' }, now);
  });
}
