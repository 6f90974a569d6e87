/**
 * Deciding an appeal: the approver taps 更正数据, 调整得分 or 驳回, then writes in chat what to change
 * and why (their own note). 更正数据 goes through the same correction path as the ERP
 * (correctRecord, audited per record); 调整得分 stores an audited line adjustment the scorecard shows
 * as such; 驳回 needs a reason. The employee gets the decision, the reason and the score before → after.
 */
import { And, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { APPEAL_PREFIX } from '../cards/appeal-keys';
import { buildAppealOutcomeCard } from '../cards/appeal-outcome-card';
import { APPEAL_STATUS_LABEL, buildAppealRequestCard, outcomeSummary, type AppealDecisionView } from '../cards/appeal-request-card';
import { buildTaskId } from '../cards/keys';
import { applyLineOverrides } from '../src/appeals/line-overrides';
import { DECISION_EXAMPLES, parseDecisionText, type DecisionAction } from '../src/appeals/decision-text';
import { writeAudit } from '../src/audit';
import type { BaseContext, ButtonContext, ConversationContext } from '../src/bot/context';
import { startConversation } from '../src/bot/conversations';
import type { Bot } from '../src/bot/router';
import { matchMetric } from '../src/chat/metrics';
import { formatLocal, parsePeriod } from '../src/domain/periods';
import { Appeal, Employee, MetricAssignment, MetricDefinition, MetricRecord } from '../src/entities';
import type { AppealOutcome } from '../src/entities/appeal.entity';
import { correctRecord } from '../src/ingest/corrections';
import { decideAppeal, employeeName, mayDecide } from '../src/repositories/appeals';
import { saveLineOverride } from '../src/repositories/score-overrides';
import { computeEmployeeScorecard, saveSnapshots, type ScorecardView } from '../src/repositories/scorecards';
import { UserError } from '../src/wecom/errors';
import { requestView } from './appeals';

interface DecisionState {
  appealId: number;
  action: DecisionAction;
  /** The tap's response code and task id: the request card is updated once the decision is made. */
  responseCode: string;
  taskId: string;
}

const tz = (ctx: BaseContext) => ctx.services.config.timezone;
const ACTION_WORD: Record<DecisionAction, string> = { correct: '更正数据', adjust: '调整得分', reject: '驳回' };

async function openAppeal(ctx: BaseContext, appealId: number): Promise<{ appeal: Appeal; subject: Employee }> {
  const appeal = await ctx.ds.getRepository(Appeal).findOneBy({ id: appealId });
  if (!appeal) throw new UserError('没有找到这条申诉，卡片可能已失效。');
  if (appeal.status !== 'pending') {
    const who = (await employeeName(ctx.ds, appeal.handlerId)) || '他人';
    throw new UserError(`该申诉已由${who}处理（${APPEAL_STATUS_LABEL[appeal.status]}），无需重复操作。`);
  }
  const subject = await ctx.ds.getRepository(Employee).findOneBy({ userId: appeal.userId });
  if (!subject || !(await mayDecide(ctx.ds, ctx.userId, subject, ctx.services.config))) {
    throw new UserError('只有申诉人的直属上级或 HR 可以处理这条申诉。');
  }
  return { appeal, subject };
}

/** input name → "良品率·合格品数量" for the member's assigned metrics. */
async function inputLabels(ctx: BaseContext, userId: string): Promise<Map<string, string>> {
  const codes = (await ctx.ds.getRepository(MetricAssignment).findBy({ userId })).map((a) => a.metricCode);
  const defs = codes.length ? await ctx.ds.getRepository(MetricDefinition).findBy({ code: In(codes) }) : [];
  const out = new Map<string, string>();
  for (const d of defs) for (const i of d.inputs) if (!out.has(i.name)) out.set(i.name, `${d.name}·${i.label ?? i.name}`);
  return out;
}

async function recordsPrompt(ctx: BaseContext, appeal: Appeal, subject: Employee): Promise<string> {
  const period = parsePeriod(appeal.periodKey, tz(ctx));
  const rows = await ctx.ds.getRepository(MetricRecord).find({
    where: { userId: appeal.userId, occurredAt: And(MoreThanOrEqual(period.start), LessThan(period.end)) },
    order: { occurredAt: 'DESC', id: 'DESC' },
    take: 10,
  });
  const inPeriod = rows;
  const labels = await inputLabels(ctx, appeal.userId);
  const lines = inPeriod.map((r) => `#${r.id} ${labels.get(r.input) ?? r.input} ${r.value}（${formatLocal(r.occurredAt, tz(ctx)).slice(5)}${r.ref ? ` ${r.ref}` : ''}）`);
  const list = lines.length ? `${subject.name}${period.label}的数据（最近 ${lines.length} 条）：\n${lines.join('\n')}` : `${subject.name}${period.label}没有数据记录。`;
  return `${list}\n请回复要更正的记录编号和正确数值，可附说明，例如：${DECISION_EXAMPLES.correct}`;
}

async function linesPrompt(ctx: BaseContext, appeal: Appeal, subject: Employee): Promise<string> {
  const view = await computeEmployeeScorecard(ctx.ds, appeal.userId, parsePeriod(appeal.periodKey, tz(ctx)), tz(ctx));
  const lines = (view?.lines ?? []).filter((l) => l.kind === 'metric').map((l) => `${l.name} ${l.display}`);
  return `${subject.name}本期各项得分：${lines.join('、') || '暂无指标'}；总分 ${view?.totalDisplay ?? '—'}。\n请回复要调整的指标、调整后的得分和理由，例如：${DECISION_EXAMPLES.adjust}`;
}

async function startDecision(ctx: ButtonContext, action: DecisionAction): Promise<void> {
  const { appeal, subject } = await openAppeal(ctx, Number(ctx.args[0]) || 0);
  const minutes = ctx.services.config.appealWindowMinutes;
  const state: DecisionState & { cancelReply: string } = {
    appealId: appeal.id, action, responseCode: ctx.responseCode, taskId: ctx.taskId, cancelReply: `已取消，申诉 #${appeal.id} 仍待处理。`,
  };
  await startConversation(ctx.ds, ctx.userId, 'appeal-decision', state as unknown as Record<string, unknown>, ctx.clock(), minutes * 60_000);
  const until = formatLocal(new Date(ctx.clock().getTime() + minutes * 60_000), tz(ctx)).slice(11);
  const body =
    action === 'correct' ? await recordsPrompt(ctx, appeal, subject)
      : action === 'adjust' ? await linesPrompt(ctx, appeal, subject)
        : `请回复驳回理由（一条文字消息），${subject.name}会看到。例如：${DECISION_EXAMPLES.reject}`;
  await ctx.reply(`${ACTION_WORD[action]} · ${subject.name}的申诉 #${appeal.id}（${appeal.periodKey}）\n${body}\n请在 ${until} 前回复；发送“取消”放弃。`);
}

async function onDecisionText(bot: Bot, ctx: ConversationContext): Promise<void> {
  const st = ctx.conversation.state as unknown as DecisionState;
  const msg = ctx.message;
  if (msg.kind !== 'text') return ctx.reply(`请用文字回复${ACTION_WORD[st.action]}的内容，例如：${DECISION_EXAMPLES[st.action]}`);
  const route = bot.match(msg);
  if (route?.kind === 'command') {
    await ctx.endConversation();
    await ctx.reply(`申诉 #${st.appealId} 尚未处理（${ACTION_WORD[st.action]}已取消），可以重新点卡片上的按钮。`);
    return route.run(ctx);
  }
  const parsed = parseDecisionText(st.action, msg.content);
  if ('error' in parsed) return ctx.reply(parsed.error);
  const { appeal, subject } = await openAppeal(ctx, st.appealId).catch(async (err: unknown) => {
    await ctx.endConversation();
    throw err;
  });
  const period = parsePeriod(appeal.periodKey, tz(ctx));
  const before = await computeEmployeeScorecard(ctx.ds, appeal.userId, period, tz(ctx));
  if (!before) throw new UserError(`没有找到${subject.name}的绩效数据。`);
  const now = ctx.clock();
  let outcome: AppealOutcome;
  let override: Parameters<typeof saveLineOverride>[1] | null = null;
  if (parsed.action === 'correct') {
    const record = await ctx.ds.getRepository(MetricRecord).findOneBy({ id: parsed.recordId });
    const inPeriod = record && record.occurredAt.getTime() >= period.start.getTime() && record.occurredAt.getTime() < period.end.getTime();
    if (!record || record.userId !== appeal.userId || !inPeriod) throw new UserError(`#${parsed.recordId} 不是${subject.name}${period.label}的数据记录，请核对编号。`);
    if (parsed.value === record.value) throw new UserError(`#${record.id} 已经是 ${record.value}，无需更正。`);
    const label = (await inputLabels(ctx, appeal.userId)).get(record.input) ?? record.input;
    const reason = parsed.note || `申诉 #${appeal.id}：${appeal.reason.slice(0, 100)}`;
    await correctRecord(ctx.ds, { recordId: record.id, ...(parsed.value === null ? { void: true } : { value: parsed.value }), actor: `user:${ctx.userId}`, source: `appeal:${appeal.id}`, reason }, now);
    const after = await computeEmployeeScorecard(ctx.ds, appeal.userId, period, tz(ctx));
    outcome = { kind: 'corrected', reason, totalBefore: before.totalDisplay, totalAfter: after?.totalDisplay ?? '—', record: { id: record.id, label, before: record.value, after: parsed.value } };
  } else if (parsed.action === 'adjust') {
    const metricLines = before.lines.filter((l) => l.kind === 'metric' && l.code).map((l) => ({ code: l.code!, name: l.name, line: l }));
    const found = matchMetric(parsed.metric, metricLines);
    if (found.kind !== 'one') throw new UserError(`“${parsed.metric}”不是${subject.name}本期的指标。可调整：${metricLines.map((l) => l.name).join('、') || '（无）'}`);
    const preview: ScorecardView = applyLineOverrides(before, [{ metricCode: found.metric.code, score: parsed.score, reason: parsed.reason }]);
    const lineAfter = preview.lines.find((l) => l.code === found.metric.code)!.display;
    outcome = { kind: 'adjusted', reason: parsed.reason, totalBefore: before.totalDisplay, totalAfter: preview.totalDisplay, line: { code: found.metric.code, name: found.metric.name, before: found.metric.line.display, after: lineAfter } };
    override = { userId: appeal.userId, periodKey: appeal.periodKey, metricCode: found.metric.code, metricName: found.metric.name, score: parsed.score, reason: parsed.reason, appealId: appeal.id, actorId: ctx.userId, before: found.metric.line.display };
  } else {
    outcome = { kind: 'rejected', reason: parsed.reason, totalBefore: before.totalDisplay, totalAfter: before.totalDisplay };
  }
  await finish(ctx, st, appeal, subject, outcome, override);
}

async function finish(
  ctx: ConversationContext, st: DecisionState, appeal: Appeal, subject: Employee, outcome: AppealOutcome, override: Parameters<typeof saveLineOverride>[1] | null,
): Promise<void> {
  const now = ctx.clock();
  const period = parsePeriod(appeal.periodKey, tz(ctx));
  const status = outcome.kind === 'rejected' ? 'rejected' : 'accepted';
  const me = ctx.employee!.name;
  const decision: AppealDecisionView = { status, handlerName: me, decidedAt: formatLocal(now, tz(ctx)), outcome };
  const view = await requestView(ctx, appeal, subject);
  const done = await ctx.ds.transaction(async (m) => {
    if (!(await decideAppeal(m, appeal.id, { status, handlerId: ctx.userId, note: outcome.reason, now, outcome }))) return false;
    if (override) await saveLineOverride(m, override, now);
    await writeAudit(m, {
      actor: `user:${ctx.userId}`, action: `appeal.${outcome.kind === 'corrected' ? 'correct' : outcome.kind === 'adjusted' ? 'adjust' : 'reject'}`, entity: 'appeal',
      entityId: appeal.id, subjectUserId: appeal.userId, before: { status: 'pending', total: outcome.totalBefore }, after: { status, handlerId: ctx.userId, total: outcome.totalAfter, outcome },
      reason: `${me}${ACTION_WORD[st.action]}：${outcome.reason}；申诉理由：${appeal.reason}`,
    }, now);
    if (st.responseCode) {
      const card = buildAppealRequestCard(view, st.taskId, decision);
      await ctx.services.outbox.enqueue({ kind: 'card_update', update: { userids: [ctx.userId], responseCode: st.responseCode, templateCard: card }, dedupeKey: `card:${st.responseCode}`.slice(0, 191) }, m);
    }
    const card = buildAppealOutcomeCard({ ...decision, appealId: appeal.id, periodKey: period.key, periodLabel: period.label, reason: appeal.reason }, buildTaskId('appeal-done', `${appeal.id}-${now.getTime()}`));
    await ctx.send([appeal.userId], { card }, { manager: m });
    await ctx.reply(`申诉 #${appeal.id} ${ACTION_WORD[st.action]}完成：${outcomeSummary(outcome)}。已通知${subject.name}。`, { manager: m });
    return true;
  });
  await ctx.endConversation();
  if (!done) {
    const fresh = (await ctx.ds.getRepository(Appeal).findOneBy({ id: appeal.id }))!;
    if (outcome.kind === 'corrected') ctx.log.warn({ appealId: appeal.id }, 'record corrected while another approver decided the appeal; the correction stays (audited)');
    throw new UserError(`该申诉已由${(await employeeName(ctx.ds, fresh.handlerId)) || '他人'}处理（${APPEAL_STATUS_LABEL[fresh.status]}）。`);
  }
  const after = await computeEmployeeScorecard(ctx.ds, appeal.userId, period, tz(ctx));
  if (after) await saveSnapshots(ctx.ds, [after], now);
  ctx.log.info({ appealId: appeal.id, outcome: outcome.kind, before: outcome.totalBefore, after: outcome.totalAfter }, 'appeal decided');
}

export function appealDecisionsBot(bot: Bot): void {
  bot.button(APPEAL_PREFIX.correct, (ctx) => startDecision(ctx, 'correct'));
  bot.button(APPEAL_PREFIX.adjust, (ctx) => startDecision(ctx, 'adjust'));
  bot.button(APPEAL_PREFIX.reject, (ctx) => startDecision(ctx, 'reject'));
  // 同意 on cards sent before appeals had outcomes: what to accept is the data to correct.
  bot.button(APPEAL_PREFIX.accept, (ctx) => startDecision(ctx, 'correct'));
  bot.conversation('appeal-decision', (ctx) => onDecisionText(bot, ctx));
}
