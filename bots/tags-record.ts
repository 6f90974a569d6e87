/**
 * Recording a 表扬/提醒: who may, and the one transaction that writes the tag, its audit row, the
 * employee's card and the manager's confirmation (an in-place card update after a tap, a text
 * after a complete command). A 提醒 goes to the employee alone, never to a group.
 */
import { In } from 'typeorm';
import { buildTagNoticeCard } from '../cards/tag-notice-card';
import { buildTagRecordedCard, buildTagRecordedText } from '../cards/tag-recorded-card';
import { noticeTaskId } from '../cards/tag-keys';
import type { BaseContext, ButtonContext } from '../src/bot/context';
import { formatLocal } from '../src/domain/periods';
import { BehaviourTag, Department, Employee, TagType } from '../src/entities';
import { hasRole, isManagerOf } from '../src/repositories/access';
import type { PersonOption } from '../cards/tag-person-card';
import { loadScoringPolicy } from '../src/repositories/scoring-policy';
import { POLARITY_WORD, recordTag, type Polarity } from '../src/repositories/tags';
import { UserError } from '../src/wecom/errors';

/** Refuses (with a Chinese reason) unless the sender is one of the target's managers, or HR. */
export async function assertMayTag(ctx: BaseContext, target: Employee, polarity: Polarity): Promise<void> {
  const word = POLARITY_WORD[polarity];
  if (target.userId === ctx.userId) throw new UserError(`不能给自己记录${word}。`);
  if (await isManagerOf(ctx.ds, ctx.userId, target.userId)) return;
  if (await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds)) return;
  throw new UserError(`你不是${target.name}的上级，不能为其记录${word}。只有直属上级链上的管理者或 HR 可以记录。`);
}

export interface TagToRecord {
  target: Employee;
  tagType: TagType;
  note: string;
  /** Set for a card flow: the draft that must not record twice, and the card to update. */
  draft?: { id: number; taskId: string; ctx: ButtonContext };
}

export async function recordAndNotify(ctx: BaseContext, input: TagToRecord): Promise<void> {
  const { target, tagType, note, draft } = input;
  const now = ctx.clock();
  const tz = ctx.services.config.timezone;
  const polarity = tagType.polarity;
  const authorName = ctx.employee?.name ?? ctx.userId;
  const behaviourShare = (await loadScoringPolicy(ctx.ds)).behaviourWeight;
  const outcome = await ctx.ds.transaction(async (m) => {
    const result = await recordTag(
      m,
      { draftId: draft?.id, userId: target.userId, authorId: ctx.userId, polarity, tag: tagType.label, weight: tagType.weight, note },
      now,
    );
    if (result.kind === 'duplicate') return result;
    const tag = result.tag;
    const at = formatLocal(tag.createdAt, tz);
    const notice = buildTagNoticeCard({
      tagId: tag.id, taskId: noticeTaskId(tag.id, now), polarity, authorName, tag: tag.tag, weight: tag.weight, note, at, behaviourShare,
    });
    // Only the employee: a 提醒 is private, and a 表扬 card is the employee's own.
    await ctx.send([target.userId], { card: notice }, { manager: m, dedupeKey: `tag:notice:${tag.id}` });
    const view = { polarity, target, tag: tag.tag, weight: tag.weight, note, at, behaviourShare };
    if (draft) await draft.ctx.updateCard(buildTagRecordedCard({ ...view, draftId: draft.id, taskId: draft.taskId }), { manager: m });
    else await ctx.reply(buildTagRecordedText(view), { manager: m });
    return result;
  });
  if (outcome.kind === 'duplicate' && draft) await answerRecordedAgain(draft.ctx, draft.id, outcome.tag);
  if (outcome.kind === 'recorded') {
    ctx.log.info({ tagId: outcome.tag.id, polarity, subject: target.userId, via: draft ? 'card' : 'command' }, 'behaviour tag recorded');
  }
}

/** A tap on a card whose tag is already recorded: say so, and show the recorded state again. */
export async function answerRecordedAgain(ctx: ButtonContext, draftId: number, tag: BehaviourTag | null): Promise<void> {
  if (!tag) {
    await ctx.reply('这张卡片已经处理过，不会重复记录。');
    return;
  }
  const target = (await ctx.ds.getRepository(Employee).findOneBy({ userId: tag.userId })) ?? { userId: tag.userId, name: tag.userId };
  const view = { polarity: tag.polarity, target, tag: tag.tag, weight: tag.weight, note: tag.note, at: formatLocal(tag.createdAt, ctx.services.config.timezone) };
  await ctx.updateCard(buildTagRecordedCard({ ...view, draftId, taskId: ctx.taskId, again: true }));
  await ctx.reply(`这张卡片已记录过${POLARITY_WORD[tag.polarity]}：${target.name}「${tag.tag}」，不会重复记录。如需再记一条，请重新发送“${POLARITY_WORD[tag.polarity]}”。`);
}

/** Employees as the people card shows them: name, department · position. */
export async function toPersonOptions(ctx: BaseContext, people: Employee[]): Promise<PersonOption[]> {
  const deptIds = [...new Set(people.map((p) => p.mainDepartmentId).filter((d): d is number => d !== null))];
  const depts = deptIds.length ? await ctx.ds.getRepository(Department).findBy({ id: In(deptIds) }) : [];
  const names = new Map(depts.map((d) => [d.id, d.name]));
  return people.map((p) => ({
    userId: p.userId,
    name: p.name,
    detail: [p.mainDepartmentId !== null ? names.get(p.mainDepartmentId) : undefined, p.position].filter(Boolean).join(' · '),
  }));
}
