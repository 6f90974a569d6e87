/**
 * 异常申报: `申报 <类型> <时间段> [指标:…] <说明>`, then optional photos within the window; the
 * leader approves (批准 / 驳回); on approval the affected periods are rescored and both sides are
 * told the total before → after. `我的申报` lists the member's claims.
 */
import { buildExceptionListText, buildExceptionUsageText } from '../cards/exception-list-card';
import { EXCEPTION_LIST_KEY, EXCEPTION_PREFIX } from '../cards/exception-keys';
import { buildExceptionOutcomeCard } from '../cards/exception-outcome-card';
import { buildExceptionRequestCard, CLAIM_STATUS_LABEL, type ExceptionDecisionView, type ExceptionRequestView, type ScoreChange } from '../cards/exception-request-card';
import { buildTaskId } from '../cards/keys';
import { startConversation } from '../src/bot/conversations';
import type { BaseContext, ButtonContext, ConversationContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { writeAudit } from '../src/audit';
import { formatLocal } from '../src/domain/periods';
import { Employee, ExceptionClaim, MetricDefinition } from '../src/entities';
import { departmentNameOf, employeeName, findApprovers, mayDecide, namesOf, requestRecipients } from '../src/repositories/appeals';
import { attachEvidence, isMediaMessage } from '../src/repositories/evidence';
import {
  affectedPeriods, CLAIM_KINDS, createClaim, decideClaim, findSameClaim, formatWindow, listClaims, parseClaimText, resolveClaimMetrics, scorecardsFor,
} from '../src/repositories/exception-claims';
import { saveSnapshots } from '../src/repositories/scorecards';
import { UserError } from '../src/wecom/errors';
import { In } from 'typeorm';

const DONE = /^(完成|提交|好了|结束|没有了)$/;
const tz = (ctx: BaseContext) => ctx.services.config.timezone;
const windowMin = (ctx: BaseContext) => ctx.services.config.appealWindowMinutes;

/** Opens (or reopens) the window in which the member's photos and files attach to the claim. */
export async function openClaimEvidence(ctx: BaseContext, claim: ExceptionClaim, intro = ''): Promise<void> {
  await startConversation(ctx.ds, ctx.userId, 'exception', { claimId: claim.id, cancelReply: '已结束补充材料。异常申报已提交，仍在等待审批，可发送“我的申报”查看。' }, ctx.clock(), windowMin(ctx) * 60_000);
  await ctx.reply(`${intro}请在 ${formatLocal(new Date(ctx.clock().getTime() + windowMin(ctx) * 60_000), tz(ctx)).slice(11)} 前（${windowMin(ctx)} 分钟内）发送现场照片或文件（可选），作为异常申报 #${claim.id} 的证据；发完请发送「完成」。`);
}

async function approverIds(ctx: BaseContext, subject: Employee): Promise<string[]> {
  return requestRecipients(await findApprovers(ctx.ds, subject, ctx.services.config), false);
}

async function requestView(ctx: BaseContext, c: ExceptionClaim, subject: Employee): Promise<ExceptionRequestView> {
  const defs = await ctx.ds.getRepository(MetricDefinition).findBy({ code: In(c.metricCodes) });
  const names = c.metricCodes.map((code) => defs.find((d) => d.code === code)?.name ?? code);
  return {
    claimId: c.id, employeeName: subject.name, departmentName: await departmentNameOf(ctx.ds, subject), kind: c.kind,
    window: formatWindow(c.startAt, c.endAt, tz(ctx)), metricNames: names, note: c.note, photoCount: c.evidence.length,
    submittedAt: formatLocal(c.createdAt, tz(ctx)),
  };
}

async function declare(ctx: BaseContext, body: string): Promise<void> {
  if (!body) throw new UserError(buildExceptionUsageText(CLAIM_KINDS));
  const me = ctx.employee!;
  const now = ctx.clock();
  const parsed = parseClaimText(body, tz(ctx), now);
  const metrics = await resolveClaimMetrics(ctx.ds, ctx.userId, parsed.metrics);
  const same = await findSameClaim(ctx.ds, ctx.userId, parsed);
  if (same) throw new UserError(`您已申报过相同的异常（#${same.id}，${CLAIM_STATUS_LABEL[same.status]}），无需重复提交。`);
  const to = await approverIds(ctx, me);
  if (to.length === 0) throw new UserError('未找到您的直属上级，暂时无法提交异常申报，请联系 HR。');
  const claim = await ctx.ds.transaction(async (m) => {
    const c = await createClaim(m, ctx.userId, parsed, metrics.map((d) => d.code), now);
    const card = buildExceptionRequestCard(await requestView(ctx, c, me), buildTaskId('exception', `${c.id}-${now.getTime()}`));
    await ctx.send(to, { card }, { manager: m });
    return c;
  });
  const summary = `${parsed.kind} ${formatWindow(parsed.start, parsed.end, tz(ctx))}，影响指标：${metrics.map((d) => d.name).join('、')}`;
  await openClaimEvidence(ctx, claim, `异常申报 #${claim.id} 已提交给${await namesOf(ctx.ds, to)}审批：${summary}。\n`);
}

async function onConversation(bot: Bot, ctx: ConversationContext): Promise<void> {
  const claimId = Number(ctx.conversation.state.claimId);
  const msg = ctx.message;
  if (msg.kind === 'text') {
    const route = bot.match(msg);
    if (DONE.test(msg.content.trim())) {
      await ctx.endConversation();
      const c = await ctx.ds.getRepository(ExceptionClaim).findOneBy({ id: claimId });
      return ctx.reply(`好的。异常申报 #${claimId} 共有 ${c?.evidence.length ?? 0} 份照片或文件，审批结果会通知您。`);
    }
    if (route?.kind === 'command') {
      await ctx.endConversation();
      const c = await ctx.ds.getRepository(ExceptionClaim).findOneBy({ id: claimId });
      await ctx.reply(`异常申报 #${claimId} 的补充材料已结束（共 ${c?.evidence.length ?? 0} 份照片或文件）。需要时可发送「补充材料」重新开始。`);
      return route.run(ctx);
    }
    return ctx.reply(`异常申报 #${claimId} 已提交。如需补充照片，请直接发送图片或文件；发完请发送「完成」。`);
  }
  if (!isMediaMessage(msg)) return ctx.reply('暂不支持这种消息作为证据，请发送图片或文件。');
  const deps = { ds: ctx.ds, dataDir: ctx.services.config.dataDir, log: ctx.log, getMedia: (id: string) => ctx.wecom.getMedia(id) };
  const res = await attachEvidence(deps, { entity: ExceptionClaim, id: claimId, folder: 'exceptions' }, msg);
  if (res.status === 'closed') {
    await ctx.endConversation();
    throw new UserError('该异常申报已审批完毕，不能再补充照片。');
  }
  if (res.status === 'duplicate') return ctx.reply(`这个文件已经保存过了（共 ${res.count} 份）。`);
  const to = await approverIds(ctx, ctx.employee!);
  if (to.length) await ctx.send(to, `${ctx.employee!.name}的异常申报 #${claimId} 补充照片 +1：${res.file.filename}（共 ${res.count} 份）`);
  await ctx.reply(`已保存：${res.file.filename}（共 ${res.count} 份）。可继续发送，发完请发送「完成」。`);
}

async function alreadyHandled(ctx: BaseContext, c: ExceptionClaim): Promise<UserError> {
  const who = (await employeeName(ctx.ds, c.approverId)) || '他人';
  return new UserError(`该异常申报已由${who}处理（${CLAIM_STATUS_LABEL[c.status]}），无需重复操作。`);
}

async function decide(ctx: ButtonContext, status: 'approved' | 'rejected'): Promise<void> {
  const repo = ctx.ds.getRepository(ExceptionClaim);
  const claim = await repo.findOneBy({ id: Number(ctx.args[0]) || 0 });
  if (!claim) throw new UserError('没有找到这条异常申报，卡片可能已失效。');
  if (claim.status !== 'pending') throw await alreadyHandled(ctx, claim);
  const subject = await ctx.ds.getRepository(Employee).findOneBy({ userId: claim.userId });
  if (!subject || !(await mayDecide(ctx.ds, ctx.userId, subject, ctx.services.config))) {
    throw new UserError('只有申报人的直属上级或 HR 可以审批这条异常申报。');
  }
  const now = ctx.clock();
  const periods = affectedPeriods(claim.startAt, claim.endAt, tz(ctx));
  const before = status === 'approved' ? await scorecardsFor(ctx.ds, claim.userId, periods, tz(ctx)) : [];
  const ok = await ctx.ds.transaction(async (m) => {
    if (!(await decideClaim(m, claim.id, { status, approverId: ctx.userId, now }))) return false;
    await writeAudit(m, {
      actor: `user:${ctx.userId}`, action: status === 'approved' ? 'exception.approve' : 'exception.reject', entity: 'exception_claim',
      entityId: claim.id, subjectUserId: claim.userId,
      before: { status: 'pending', totals: Object.fromEntries(before.map((b) => [b.period.key, b.view?.total ?? null])) },
      after: { status, approverId: ctx.userId }, reason: `${claim.kind} ${formatWindow(claim.startAt, claim.endAt, tz(ctx))}：${claim.note}`,
    }, now);
    return true;
  });
  if (!ok) throw await alreadyHandled(ctx, (await repo.findOneBy({ id: claim.id }))!);

  let scores: ScoreChange[] | undefined;
  if (status === 'approved') {
    const after = await scorecardsFor(ctx.ds, claim.userId, periods, tz(ctx));
    await saveSnapshots(ctx.ds, after.flatMap((a) => (a.view ? [a.view] : [])), now);
    scores = periods.map((p, i) => {
      const listed = after[i].view?.exceptionsApplied.find((e) => String(e.id) === String(claim.id));
      const why = listed && listed.effect !== 'used' ? listed.why : undefined;
      return { periodKey: p.key, before: before[i].view?.totalDisplay ?? '—', after: after[i].view?.totalDisplay ?? '—', ...(why ? { why } : {}) };
    });
  }
  const decision: ExceptionDecisionView = { status, approverName: ctx.employee!.name, decidedAt: formatLocal(now, tz(ctx)), scores };
  const view = await requestView(ctx, claim, subject);
  await ctx.updateCard(buildExceptionRequestCard(view, ctx.taskId, decision));
  const outcome = { ...decision, claimId: claim.id, kind: claim.kind, window: view.window };
  await ctx.send([claim.userId], { card: buildExceptionOutcomeCard(outcome, buildTaskId('exception-done', `${claim.id}-${now.getTime()}`)) });
}

async function listMine(ctx: BaseContext): Promise<void> {
  const rows = [];
  for (const c of await listClaims(ctx.ds, ctx.userId)) {
    rows.push({
      claimId: c.id, kind: c.kind, window: formatWindow(c.startAt, c.endAt, tz(ctx)), status: c.status, photoCount: c.evidence.length,
      note: c.note, approverName: (await employeeName(ctx.ds, c.approverId)) || undefined,
    });
  }
  await ctx.reply(buildExceptionListText(rows));
}

export function exceptionsBot(bot: Bot): void {
  bot.command(/^申报(?:[\s:：]+(.*))?$/s, (ctx) => declare(ctx, (ctx.match[1] ?? '').trim()), {
    name: '申报', usage: '申报 <类型> <时间段> <说明>', description: '申报设备故障、物料延迟等异常，获批后剔除该时段',
  });
  bot.command(/^我的申报$/, listMine, { name: '我的申报', usage: '我的申报', description: '查看我的异常申报及审批结果' });
  bot.button(EXCEPTION_PREFIX.approve, (ctx) => decide(ctx, 'approved'));
  bot.button(EXCEPTION_PREFIX.reject, (ctx) => decide(ctx, 'rejected'));
  bot.button(EXCEPTION_LIST_KEY, listMine);
  bot.conversation('exception', (ctx) => onConversation(bot, ctx));
}
