/**
 * 申诉: 发起申诉 (a tap, then the reason as the next text) or `申诉 [周期] <理由>`; images and files
 * sent within the window are evidence; the leader (and HR when configured) decides with 同意 / 驳回;
 * `我的申诉` lists them; `补充材料` reopens the evidence window.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { APPEAL_LIST_KEY, APPEAL_PREFIX } from '../cards/appeal-keys';
import { buildAppealListText } from '../cards/appeal-list-card';
import { buildAppealRequestCard, type AppealRequestView } from '../cards/appeal-request-card';
import { buildTaskId } from '../cards/keys';
import { startConversation } from '../src/bot/conversations';

import type { BaseContext, ConversationContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { formatLocal, parsePeriod, periodOf, type Period } from '../src/domain/periods';
import { Appeal, Employee } from '../src/entities';
import {
  createAppeal, departmentNameOf, employeeName, findApprovers, findPendingAppeal, listAppeals, namesOf,
  requestRecipients,
} from '../src/repositories/appeals';
import { attachEvidence, attachTextEvidence, evidenceAbsolutePath, isMediaMessage, type MediaMessage } from '../src/repositories/evidence';
import { findPendingClaim } from '../src/repositories/exception-claims';
import { UserError } from '../src/wecom/errors';
import { assertStarted, takePeriod } from '../src/chat/periods';
import { openClaimEvidence } from './exceptions';

/** 取消 while adding evidence ends the window only: the appeal was already sent. */
const EVIDENCE_CANCEL_REPLY = '已结束补充材料。申诉已提交，仍在等待处理，可发送“我的申诉”查看。';

type AppealState = { step: 'reason'; periodKey: string } | { step: 'evidence'; appealId: number };

const USAGE = '申诉用法：申诉 [周期] <理由>，不写周期默认本周。例如：申诉 上周 周三的良品率漏记了 20 件合格品；申诉 本月 夜班工单没有计入。提交后可继续发送图片、文件或文字说明作为证据。';
const DONE = /^(完成|提交|好了|结束|没有了)$/;

const tz = (ctx: BaseContext) => ctx.services.config.timezone;
const windowMin = (ctx: BaseContext) => ctx.services.config.appealWindowMinutes;

function periodFor(ctx: BaseContext, key: string): Period {
  let period: Period;
  try {
    period = parsePeriod(key, tz(ctx));
  } catch (err) {
    throw new UserError(err instanceof Error ? err.message : '周期无效');
  }
  assertStarted(period, ctx.clock(), '申诉'); // the button says what the command says
  return period;
}

export async function requestView(ctx: BaseContext, a: Appeal, subject: Employee): Promise<AppealRequestView> {
  const period = parsePeriod(a.periodKey, tz(ctx));
  return {
    appealId: a.id, employeeName: subject.name, departmentName: await departmentNameOf(ctx.ds, subject), periodKey: a.periodKey,
    periodLabel: period.label, reason: a.reason, evidenceCount: a.evidence.length, submittedAt: formatLocal(a.createdAt, tz(ctx)),
  };
}

async function submitAppeal(ctx: BaseContext, period: Period, reason: string): Promise<void> {
  const me = ctx.employee!;
  const now = ctx.clock();
  if (!reason) throw new UserError(USAGE);
  if (await findPendingAppeal(ctx.ds, ctx.userId, period.key)) {
    throw new UserError(`您对 ${period.key} 已有待处理的申诉。需要补充证据请发送「补充材料」。`);
  }
  const to = requestRecipients(await findApprovers(ctx.ds, me, ctx.services.config), ctx.services.config.appealsToHr);
  if (to.length === 0) throw new UserError('未找到您的直属上级，暂时无法提交申诉，请联系 HR。');
  const appeal = await ctx.ds.transaction(async (m) => {
    const a = await createAppeal(m, { userId: ctx.userId, periodKey: period.key, reason: reason.slice(0, 2000), now });
    const card = buildAppealRequestCard(await requestView(ctx, a, me), buildTaskId('appeal', `${a.id}-${now.getTime()}`));
    await ctx.send(to, { card }, { manager: m });
    await ctx.reply(
      `申诉 #${a.id} 已提交给${await namesOf(ctx.ds, to)}（${period.label}）。${closesAt(ctx)} 前（${windowMin(ctx)} 分钟内）可继续发送文字说明、图片或文件作为证据，发完请发送「完成」。`,
      { manager: m },
    );
    return a;
  });
  await startConversation(ctx.ds, ctx.userId, 'appeal', { step: 'evidence', appealId: appeal.id, cancelReply: EVIDENCE_CANCEL_REPLY }, now, windowMin(ctx) * 60_000);
}

async function reopenEvidence(ctx: BaseContext, periodKey?: string): Promise<void> {
  const appeal = await findPendingAppeal(ctx.ds, ctx.userId, periodKey);
  const claim = periodKey ? null : await findPendingClaim(ctx.ds, ctx.userId);
  if (claim && (!appeal || claim.createdAt.getTime() > appeal.createdAt.getTime())) return openClaimEvidence(ctx, claim);
  if (!appeal) {
    throw new UserError(periodKey
      ? `您对 ${periodKey} 没有待处理的申诉。如需申诉，请点击「发起申诉」。`
      : '您没有待处理的申诉或异常申报。如需申诉，请发送：申诉 <理由>');
  }
  await startConversation(ctx.ds, ctx.userId, 'appeal', { step: 'evidence', appealId: appeal.id, cancelReply: EVIDENCE_CANCEL_REPLY }, ctx.clock(), windowMin(ctx) * 60_000);
  await ctx.reply(`请在 ${closesAt(ctx)} 前（${windowMin(ctx)} 分钟内）发送文字说明、图片或文件，作为申诉 #${appeal.id}（${appeal.periodKey}）的证据；发完请发送「完成」。`);
}

/**
 * The approvers see the evidence itself, not only a count: the stored file is uploaded again
 * (a received MediaId is not documented as sendable) and sent as an image or file message.
 * A failure here is logged and does not undo the saved evidence.
 */
async function forwardEvidence(ctx: ConversationContext, to: string[], file: { filename: string; storedPath: string; contentType?: string }): Promise<void> {
  try {
    const data = await fs.readFile(evidenceAbsolutePath(ctx.services.config.dataDir, file));
    const contentType = file.contentType ?? 'application/octet-stream';
    const type = contentType.startsWith('image/') ? 'image' : 'file';
    const { mediaId } = await ctx.wecom.uploadMedia(type, file.filename, data, contentType);
    const message = type === 'image' ? { msgtype: 'image' as const, image: { media_id: mediaId } } : { msgtype: 'file' as const, file: { media_id: mediaId } };
    await ctx.services.outbox.enqueue({ kind: 'message', message: { touser: to, ...message } });
  } catch (err) {
    ctx.log.warn({ err, file: file.storedPath }, 'could not forward evidence to the approvers; it stays stored');
  }
}

async function addEvidence(ctx: ConversationContext, appealId: number, msg: MediaMessage): Promise<void> {
  const { dataDir } = ctx.services.config;
  const res = await attachEvidence({ ds: ctx.ds, dataDir, log: ctx.log, getMedia: (id) => ctx.wecom.getMedia(id) }, { entity: Appeal, id: appealId, folder: 'appeals' }, msg);
  if (res.status === 'closed') {
    await ctx.endConversation();
    throw new UserError('该申诉已处理完毕，不能再补充材料。如有新的问题，请重新发起申诉。');
  }
  if (res.status === 'duplicate') return ctx.reply(`这个文件已经保存过了（共 ${res.count} 份）。`);
  const appeal = (await ctx.ds.getRepository(Appeal).findOneBy({ id: appealId }))!;
  const to = requestRecipients(await findApprovers(ctx.ds, ctx.employee!, ctx.services.config), ctx.services.config.appealsToHr);
  if (to.length) {
    await ctx.send(to, `${ctx.employee!.name}的申诉 #${appealId}（${appeal.periodKey}）补充材料 +1：${res.file.filename}（共 ${res.count} 份）`);
    await forwardEvidence(ctx, to, res.file);
  }
  await ctx.reply(`已保存证据：${res.file.filename}（共 ${res.count} 份）。${closesAt(ctx, ctx.conversation.expiresAt)} 前可继续发送，发完请发送「完成」。`);
}

/** "（17:30 前可继续发送）": when the evidence window closes. */
function closesAt(ctx: ConversationContext | BaseContext, expiresAt?: Date): string {
  const at = expiresAt ?? new Date(ctx.clock().getTime() + windowMin(ctx) * 60_000);
  return formatLocal(at, tz(ctx)).slice(11);
}

async function addTextEvidence(ctx: ConversationContext, appealId: number, text: string): Promise<void> {
  const count = await attachTextEvidence(ctx.ds, { entity: Appeal, id: appealId, folder: 'appeals' }, { msgId: ctx.message.kind === 'text' ? ctx.message.msgId : String(Date.now()), text });
  if (count === null) {
    await ctx.endConversation();
    throw new UserError('该申诉已处理完毕，不能再补充材料。如有新的问题，请重新发起申诉。');
  }
  const appeal = (await ctx.ds.getRepository(Appeal).findOneBy({ id: appealId }))!;
  const to = requestRecipients(await findApprovers(ctx.ds, ctx.employee!, ctx.services.config), ctx.services.config.appealsToHr);
  if (to.length) await ctx.send(to, `${ctx.employee!.name}的申诉 #${appealId}（${appeal.periodKey}）补充说明：${text.slice(0, 600)}`);
  await ctx.reply(`已保存文字说明（共 ${count} 份证据）。${closesAt(ctx, ctx.conversation.expiresAt)} 前可继续发送文字、图片或文件，发完请发送「完成」。`);
}

async function onConversation(bot: Bot, ctx: ConversationContext): Promise<void> {
  const st = ctx.conversation.state as AppealState;
  const msg = ctx.message;
  if (msg.kind === 'text') {
    const text = msg.content.trim();
    const route = bot.match(msg);
    const isCommand = route?.kind === 'command' && (st.step === 'evidence' || bot.commands().some((c) => c.name === text));
    if (isCommand) {
      await ctx.endConversation();
      if (st.step === 'evidence') {
        const a = await ctx.ds.getRepository(Appeal).findOneBy({ id: st.appealId });
        await ctx.reply(`申诉 #${st.appealId} 的补充材料已结束（共 ${a?.evidence.length ?? 0} 份证据）。需要时可发送「补充材料」重新开始。`);
      }
      return route.run(ctx);
    }
    if (st.step === 'reason') {
      await ctx.endConversation();
      // "申诉 <理由>" typed after tapping 发起申诉 is the reason for the tapped period
      return submitAppeal(ctx, periodFor(ctx, st.periodKey), text.replace(/^申诉[\s:：]+(?=\S)/, ''));
    }
    if (DONE.test(text)) {
      await ctx.endConversation();
      const a = await ctx.ds.getRepository(Appeal).findOneBy({ id: st.appealId });
      return ctx.reply(`好的。申诉 #${st.appealId} 共有 ${a?.evidence.length ?? 0} 份证据，处理结果会通知您。`);
    }
    return addTextEvidence(ctx, st.appealId, text);
  }
  if (!isMediaMessage(msg)) return ctx.reply('暂不支持这种消息作为证据，请发送文字、图片或文件。');
  if (st.step === 'reason') return ctx.reply('请先用一条文字消息说明申诉理由，再发送图片或文件。');
  return addEvidence(ctx, st.appealId, msg);
}

async function listMine(ctx: BaseContext): Promise<void> {
  const rows = await listAppeals(ctx.ds, ctx.userId);
  const view = [];
  for (const a of rows) {
    view.push({
      appealId: a.id, periodKey: a.periodKey, status: a.status, evidenceCount: a.evidence.length, submittedAt: formatLocal(a.createdAt, tz(ctx)),
      reason: a.reason, handlerName: (await employeeName(ctx.ds, a.handlerId)) || undefined, decidedAt: a.decidedAt ? formatLocal(a.decidedAt, tz(ctx)) : undefined,
    });
  }
  await ctx.reply(buildAppealListText(view));
}

async function strayMedia(ctx: BaseContext): Promise<void> {
  if (await findPendingAppeal(ctx.ds, ctx.userId)) {
    return ctx.reply('申诉补充材料的时间已过，请点击卡片上的「补充材料」（或发送“补充材料”）重新开始，再发送图片或文件。');
  }
  await ctx.reply((await findPendingClaim(ctx.ds, ctx.userId))
    ? '异常申报补充照片的时间已过，请发送“补充材料”重新开始，再发送图片或文件。'
    : '收到文件，但您目前没有进行中的申诉或异常申报。请先发送“申诉 <理由>”或“申报 …”，再发送图片或文件。');
}

export function appealsBot(bot: Bot): void {
  bot.command(/^申诉(?:[\s:：]*(.*))?$/s, async (ctx) => {
    const body = (ctx.match[1] ?? '').trim();
    if (!body) throw new UserError(USAGE);
    const [first, ...more] = body.split(/\s+/);
    const { period } = takePeriod([first], ctx.clock(), tz(ctx), 'first');
    if (period) assertStarted(period, ctx.clock(), '申诉');
    await submitAppeal(ctx, period ?? periodOf('week', ctx.clock(), tz(ctx)), (period ? more.join(' ') : body).trim());
  }, { name: '申诉', usage: '申诉 [周期] <理由>', description: '对得分提出申诉，随后可发送图片、文件或文字说明作为证据' });
  bot.command(/^补充材料$/, (ctx) => reopenEvidence(ctx), { name: '补充材料', usage: '补充材料', description: '为待处理的申诉或异常申报补充图片、文件' });
  bot.command(/^我的申诉$/, listMine, { name: '我的申诉', usage: '我的申诉', description: '查看我的申诉及处理结果' });

  bot.button(APPEAL_PREFIX.start, async (ctx) => {
    const period = periodFor(ctx, ctx.args[0] ?? '');
    if (await findPendingAppeal(ctx.ds, ctx.userId, period.key)) {
      throw new UserError(`您对 ${period.key} 已有待处理的申诉，可点击「补充材料」补充证据。`);
    }
    await startConversation(ctx.ds, ctx.userId, 'appeal', { step: 'reason', periodKey: period.key }, ctx.clock(), windowMin(ctx) * 60_000);
    await ctx.reply(`对 ${period.label} 的得分发起申诉：请在 ${windowMin(ctx)} 分钟内直接回复申诉理由（一条文字消息），之后可发送图片或文件作为证据。发送「取消」可放弃。`);
  });
  bot.button(APPEAL_PREFIX.evidence, (ctx) => reopenEvidence(ctx, ctx.args[0]));
  bot.button(APPEAL_LIST_KEY, listMine);
  bot.conversation('appeal', (ctx) => onConversation(bot, ctx));
  for (const kind of ['image', 'file', 'voice', 'video']) bot.on(kind, strayMedia);
}
