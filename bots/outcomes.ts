/**
 * 成效 (效果验证): the outcome report for a period, before/after against HR's baseline.
 *   成效 [期间]                 HR: the company; managers: their people; others refused
 *   成效 基线 [2024-01..2024-12]  HR sets (or shows) the baseline period
 *   成效 核心岗位 [岗位、岗位]      HR sets (or shows) the core positions for turnover
 *   成效 建议 / 成效 采纳 编号 / 成效 取消采纳 编号   HR lists suggestions and marks them adopted
 *   成效 导出 [期间]             the same report as an .xlsx file
 */
import { writeAudit } from '../src/audit';
import type { CommandContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { Employee, Suggestion } from '../src/entities';
import { formatLocal } from '../src/domain/periods';
import { outcomeAudience } from '../src/outcomes/access';
import { outcomeWorkbook } from '../src/outcomes/outcome-export';
import { outcomeBundle } from '../src/outcomes/outcome-service';
import { spanFromText } from '../src/outcomes/period-text';
import { reportMarkdown } from '../src/outcomes/report';
import { loadSettings, markSuggestion, setBaseline, setCorePositions } from '../src/outcomes/settings';
import { XLSX_CONTENT_TYPE } from '../src/repositories/export';
import { UserError, WeComApiError } from '../src/wecom/errors';

export function outcomesBot(bot: Bot): void {
  bot.command(/^成效(?=$|\s)\s*([\s\S]*)$/, onOutcomes, { name: '成效', usage: '成效 [期间]', description: '效果验证：流失率、跨部门交付周期、建议数等改革前后对比（HR、主管）' });
}

async function onOutcomes(ctx: CommandContext): Promise<void> {
  const rest = (ctx.match[1] ?? '').trim();
  const [word, ...args] = rest.split(/\s+/);
  const arg = args.join(' ');
  switch (word) {
    case '基线': return onBaseline(ctx, arg);
    case '核心岗位': return onCorePositions(ctx, arg);
    case '建议': return onSuggestions(ctx);
    case '采纳': return onAdopt(ctx, arg, true);
    case '取消采纳': return onAdopt(ctx, arg, false);
    case '导出': return onExport(ctx, arg);
    default: return onReport(ctx, rest);
  }
}

async function requireHr(ctx: CommandContext, what: string) {
  const audience = await outcomeAudience(ctx.ds, ctx.userId, ctx.services.config.hrUserIds);
  if (!audience.isHr) throw new UserError(`只有 HR 可以${what}。`);
}

async function report(ctx: CommandContext, text: string, trendMonths = 0) {
  const audience = await outcomeAudience(ctx.ds, ctx.userId, ctx.services.config.hrUserIds);
  const tz = ctx.services.config.timezone;
  const now = ctx.clock();
  const span = spanFromText(text, now, tz);
  return outcomeBundle(ctx.ds, { now, tz, span, scope: audience.scope, scopeLabel: audience.label, trendMonths });
}

async function onReport(ctx: CommandContext, text: string): Promise<void> {
  const { report: r } = await report(ctx, text);
  for (const markdown of reportMarkdown(r)) await ctx.reply({ markdown });
}

async function onBaseline(ctx: CommandContext, text: string): Promise<void> {
  const tz = ctx.services.config.timezone;
  if (!text) {
    const s = await loadSettings(ctx.ds);
    return ctx.reply(s.baseline ? `当前基线期：${s.baseline.from} 至 ${s.baseline.to}。修改：成效 基线 2024-01..2024-12` : '尚未设置基线期。设置：成效 基线 2024-01..2024-12（改革前的期间）');
  }
  await requireHr(ctx, '设置基线期');
  const span = await setBaseline(ctx.ds, text, tz, `user:${ctx.userId}`, ctx.clock());
  return ctx.reply(`已设置基线期：${span.label}（${span.months.length} 个月）。发送“成效”查看改革前后对比。`);
}

async function onCorePositions(ctx: CommandContext, text: string): Promise<void> {
  if (!text) {
    const s = await loadSettings(ctx.ds);
    return ctx.reply(s.corePositions.length ? `核心岗位：${s.corePositions.join('、')}` : '尚未设置核心岗位。设置：成效 核心岗位 研发工程师、工艺工程师');
  }
  await requireHr(ctx, '设置核心岗位');
  const positions = await setCorePositions(ctx.ds, text, `user:${ctx.userId}`, ctx.clock());
  const known = new Set((await ctx.ds.getRepository(Employee).find({ select: { position: true } })).map((e) => e.position));
  const unknown = positions.filter((p) => !known.has(p));
  return ctx.reply(`已设置核心岗位：${positions.join('、')}。${unknown.length ? `注意：通讯录中没有岗位“${unknown.join('、')}”，请核对名称。` : ''}`);
}

async function onSuggestions(ctx: CommandContext): Promise<void> {
  await requireHr(ctx, '查看和采纳建议');
  const tz = ctx.services.config.timezone;
  const rows = await ctx.ds.getRepository(Suggestion).find({ order: { createdAt: 'DESC', id: 'DESC' }, take: 15 });
  if (rows.length === 0) return ctx.reply('还没有人提交建议。员工发送“建议 内容”即可提交。');
  const names = new Map((await ctx.ds.getRepository(Employee).find({ select: { userId: true, name: true } })).map((e) => [e.userId, e.name]));
  const word = { open: '待处理', adopted: '已采纳', closed: '已关闭' } as const;
  const lines = rows.map((s) => `#${s.id} ${formatLocal(s.createdAt, tz).slice(0, 10)} ${names.get(s.userId) ?? s.userId}【${word[s.status]}】${s.content.slice(0, 40)}`);
  return ctx.reply({ markdown: ['**最近的建议**', ...lines, '', '采纳：成效 采纳 编号；撤销：成效 取消采纳 编号'].join('\n') });
}

async function onAdopt(ctx: CommandContext, text: string, adopted: boolean): Promise<void> {
  await requireHr(ctx, adopted ? '采纳建议' : '取消采纳');
  const id = Number(text.replace(/^#/, ''));
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`用法：成效 ${adopted ? '' : '取消'}采纳 编号（如 成效 采纳 12）。发送“成效 建议”查看编号。`);
  const s = await markSuggestion(ctx.ds, id, adopted, `user:${ctx.userId}`, ctx.clock());
  return ctx.reply(adopted ? `已采纳建议 #${s.id}：${s.content.slice(0, 60)}` : `已将建议 #${s.id} 改回待处理。`);
}

async function onExport(ctx: CommandContext, text: string): Promise<void> {
  const bundle = await report(ctx, text, 12);
  const { buffer, filename } = await outcomeWorkbook(bundle);
  let mediaId: string;
  try {
    mediaId = (await ctx.wecom.uploadMedia('file', filename, buffer, XLSX_CONTENT_TYPE)).mediaId;
  } catch (err) {
    if (!(err instanceof WeComApiError)) throw err;
    ctx.log.error({ err, errcode: err.errcode }, 'outcome export upload failed');
    throw new UserError(`文件已生成，但上传到企业微信失败（错误码 ${err.errcode}）。请稍后重试。`);
  }
  const now = ctx.clock();
  await ctx.ds.transaction(async (m) => {
    await ctx.services.outbox.enqueue({ kind: 'message', message: { touser: [ctx.userId], msgtype: 'file', file: { media_id: mediaId } } }, m);
    await ctx.reply(`已导出${bundle.report.span.label}的效果验证（${bundle.report.scope}），文件“${filename}”见上一条消息。`, { manager: m });
    await writeAudit(m, { actor: `user:${ctx.userId}`, action: 'outcomes.export', entity: 'period', entityId: bundle.report.span.key, after: { filename, scope: bundle.report.scope }, reason: '导出效果验证 Excel' }, now);
  });
}
