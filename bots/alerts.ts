/**
 * 预警: the alert card's buttons (安排带教 / 安排培训 / 已沟通 / 暂不处理 + a reason as the next
 * message), `预警` (open alerts of my people, each rule's evidence, recovery per action; same
 * access as 查询: HR everyone, managers the people below them) and `预警规则` (HR edits the rules).
 */
import { buildAlertCard } from '../cards/alert-card';
import { ALERT_DIGEST_PREFIX } from '../cards/alert-digest-card';
import { ACTION_DONE, ALERT_KEY_PREFIX, parseAlertAction } from '../cards/alert-keys';
import { buildTaskId } from '../cards/keys';
import { AlertAction } from '../src/alerts/alert-action.entity';
import { AlertRule } from '../src/alerts/alert-rule.entity';
import { Alert, type AlertActionKind } from '../src/alerts/alert.entity';
import { suggestionsFor } from '../src/alerts/alert-store';
import { alertOverview, describeRuleEvidence, packMessages, rulesWithEvidence } from '../src/alerts/overview';
import { applyRuleCommand, parseRuleCommand } from '../src/alerts/rule-command';
import { applySuggestionCommand, listSuggestions } from '../src/alerts/suggestion-command';
import { describeRule } from '../src/alerts/types';
import { writeAudit } from '../src/audit';
import { startConversation } from '../src/bot/conversations';
import type { BaseContext, ButtonContext, CommandContext, ConversationContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { Employee, MetricDefinition } from '../src/entities';
import { hasRole, isManagerOf, managerView } from '../src/repositories/access';
import { UserError } from '../src/wecom/errors';

const REASON_TTL_MS = 30 * 60_000;
const isHr = (ctx: BaseContext) => hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds);

export function alertsBot(bot: Bot): void {
  bot.command(/^预警规则(?=$|\s)\s*([\s\S]*)$/, onRules, { name: '预警规则', usage: '预警规则 [新增|修改|停用|启用 …]', description: '查看和设置预警规则（HR）' });
  bot.command(/^预警建议(?=$|\s)\s*([\s\S]*)$/, onSuggestions, { name: '预警建议', usage: '预警建议 [新增 培训|沟通 内容 | 停用 编号]', description: '维护预警卡片上的建议（HR）' });
  bot.command(/^预警$/, onOverview, { name: '预警', usage: '预警', description: '下属的进行中预警、各规则的历史证据和处理效果（HR、主管）' });
  bot.button(ALERT_KEY_PREFIX, onAction);
  bot.button(ALERT_DIGEST_PREFIX, onDigest);
  bot.conversation('alert_skip', (ctx) => onSkipReason(bot, ctx));
}

async function onOverview(ctx: CommandContext): Promise<void> {
  const tz = ctx.services.config.timezone;
  let scope: string[] | null = null;
  if (!(await isHr(ctx))) {
    const view = await managerView(ctx.ds, ctx.userId);
    view.userIds.delete(ctx.userId);
    if (view.userIds.size === 0) throw new UserError('“预警”供 HR 和有下属的主管使用：您目前没有下属。');
    scope = [...view.userIds];
  }
  for (const markdown of await alertOverview(ctx.ds, scope, tz, ctx.clock())) await ctx.reply({ markdown });
}

async function onRules(ctx: CommandContext): Promise<void> {
  if (!(await isHr(ctx))) throw new UserError('只有 HR 可以查看和设置预警规则。主管可发送“预警”查看下属的预警。');
  const cmd = parseRuleCommand(ctx.match[1] ?? '');
  const tz = ctx.services.config.timezone;
  if (cmd.kind === 'list') {
    const all = await rulesWithEvidence(ctx.ds, tz, ctx.clock());
    const lines = all.length ? all.map(describeRuleEvidence) : ['还没有预警规则。'];
    for (const markdown of packMessages('**预警规则**', [...lines, '', '修改示例：预警规则 修改 1 低于 20% 连续 3 周'])) await ctx.reply({ markdown });
    return;
  }
  const rule = await applyRuleCommand(ctx.ds, cmd, `user:${ctx.userId}`, ctx.clock());
  const metric = await ctx.ds.getRepository(MetricDefinition).findOneBy({ code: rule.metricCode });
  const [r] = await rulesWithEvidence(ctx.ds, tz, ctx.clock(), [rule]);
  return ctx.reply({ markdown: `已保存预警规则 #${rule.id}：${describeRule(rule, metric?.name ?? rule.metricCode)}${rule.active ? '' : '（已停用）'}\n${describeRuleEvidence(r)}` });
}

async function onSuggestions(ctx: CommandContext): Promise<void> {
  if (!(await isHr(ctx))) throw new UserError('只有 HR 可以维护预警建议。');
  const rest = (ctx.match[1] ?? '').trim();
  return ctx.reply(rest ? await applySuggestionCommand(ctx.ds, rest, ctx.userId, ctx.clock()) : { markdown: await listSuggestions(ctx.ds) });
}

async function mayHandle(ctx: BaseContext, alert: Alert): Promise<boolean> {
  return (await isManagerOf(ctx.ds, ctx.userId, alert.userId)) || isHr(ctx);
}

async function onAction(ctx: ButtonContext): Promise<void> {
  const parsed = parseAlertAction(ctx.args);
  if (!parsed) throw new UserError('这张卡片已失效。');
  const alert = await ctx.ds.getRepository(Alert).findOneBy({ id: parsed.alertId });
  if (!alert) throw new UserError('没有找到这条预警，卡片可能已失效。');
  if (!(await mayHandle(ctx, alert))) throw new UserError('只有该员工的上级或 HR 可以处理这条预警。');
  const now = ctx.clock();
  await ctx.ds.transaction(async (m) => {
    await m.insert(AlertAction, { alertId: alert.id, actorId: ctx.userId, action: parsed.action, note: '', at: now });
    await m.update(Alert, { id: alert.id }, { action: parsed.action });
    await writeAudit(m, { actor: `user:${ctx.userId}`, action: `alert.${parsed.action}`, entity: 'alert', entityId: alert.id, subjectUserId: alert.userId, before: { action: alert.action }, after: { action: parsed.action }, reason: ACTION_DONE[parsed.action] }, now);
    await ctx.updateCard(await cardFor(ctx, alert, ctx.taskId, parsed.action), { manager: m });
  });
  const name = (await ctx.ds.getRepository(Employee).findOneBy({ userId: alert.userId }))?.name ?? alert.userId;
  if (parsed.action === 'skip') {
    await startConversation(ctx.ds, ctx.userId, 'alert_skip', { alertId: alert.id, cancelReply: '好的，暂不处理已记录（未填写原因）。' }, now, REASON_TTL_MS);
    return ctx.reply(`已记录：${name}的预警暂不处理。请直接回复原因（例如：休假、设备故障已知），发送“取消”则不填。`);
  }
  const status = alert.status === 'open' ? '指标回到基线时预警会自动结束。' : '该指标已回到基线，预警已结束。';
  return ctx.reply(`已记录：${name} —— ${ACTION_DONE[parsed.action]}。${status}处理效果可发送“预警”查看。`);
}

/** 逐条处理 on the weekly digest: the individual card of each alert of that week still open that the tapper may handle. */
async function onDigest(ctx: ButtonContext): Promise<void> {
  const weekKey = ctx.args[0] ?? '';
  const alerts = await ctx.ds.getRepository(Alert).find({ where: { firedWeekKey: weekKey, status: 'open' }, order: { id: 'ASC' } });
  const mine: Alert[] = [];
  for (const a of alerts) if (await mayHandle(ctx, a)) mine.push(a);
  if (mine.length === 0) return ctx.reply(`${weekKey} 的预警都已结束（指标已回到基线），或不在您的处理范围内。发送“预警”可查看进行中的预警。`);
  const stamp = ctx.clock().getTime();
  for (const a of mine) await ctx.reply({ card: await cardFor(ctx, a, buildTaskId('alert', `${a.id}-${ctx.userId}-${stamp}`), a.action ?? undefined) });
}

/** An alert's card; with `done`, showing what was done instead of buttons. */
async function cardFor(ctx: BaseContext, alert: Alert, taskId: string, done?: AlertActionKind) {
  const rule = await ctx.ds.getRepository(AlertRule).findOneBy({ id: alert.ruleId });
  const metric = rule ? await ctx.ds.getRepository(MetricDefinition).findOneBy({ code: rule.metricCode }) : null;
  const person = await ctx.ds.getRepository(Employee).findOneBy({ userId: alert.userId });
  const { courses, talks } = await suggestionsFor(ctx.ds, rule?.metricCode ?? '');
  return buildAlertCard({
    alertId: alert.id, taskId, employeeName: person?.name ?? alert.userId, metricName: metric?.name ?? '指标',
    unit: metric?.unit ?? '', ruleText: rule ? describeRule(rule, metric?.name ?? rule.metricCode) : '', baseline: alert.baseline,
    baselineSource: alert.baselineSource, weeks: alert.weekValues, evidence: alert.evidence, mentors: alert.mentors, courses, talks, done,
  });
}

async function onSkipReason(bot: Bot, ctx: ConversationContext): Promise<void> {
  const msg = ctx.message;
  if (msg.kind !== 'text') return ctx.reply('请用文字回复暂不处理的原因，或发送“取消”。');
  const route = bot.match(msg);
  // A command word typed instead of a reason is the command: the reason stays empty.
  if (route?.kind === 'command' && bot.commands().some((c) => msg.content.trim().startsWith(c.name))) {
    await ctx.endConversation();
    return route.run(ctx);
  }
  const reason = msg.content.trim().slice(0, 500);
  const alertId = Number(ctx.conversation.state.alertId);
  await ctx.endConversation();
  const action = await ctx.ds.getRepository(AlertAction).findOne({ where: { alertId, actorId: ctx.userId, action: 'skip' }, order: { id: 'DESC' } });
  if (!action) return;
  const now = ctx.clock();
  await ctx.ds.transaction(async (m) => {
    await m.update(AlertAction, { id: action.id }, { note: reason });
    await writeAudit(m, { actor: `user:${ctx.userId}`, action: 'alert.skip_reason', entity: 'alert', entityId: alertId, after: { reason }, reason: '暂不处理原因' }, now);
  });
  await ctx.reply(`已记录暂不处理的原因：${reason}`);
}
