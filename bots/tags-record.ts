/**
 * Recording a 表扬/提醒: who may, and the one transaction that writes the tag, its audit row, the
 * employee's card and the manager's confirmation (an in-place card update after a tap, a text
 * after a complete command). A 提醒 goes to the employee alone, never to a group.
 */
import { In } from 'typeorm';
import { buildTagNoticeCard } from '../cards/tag-notice-card';
import { buildTagRecordedCard, buildTagRecordedText } from '../cards/tag-recorded-card';
import { noticeTaskId, tagTaskId } from '../cards/tag-keys';
import { buildTagRepeatCard } from '../cards/tag-repeat-card';
import type { BaseContext, ButtonContext } from '../src/bot/context';
import { formatLocal } from '../src/domain/periods';
import { BehaviourTag, Department, Employee, TagDraft, TagType } from '../src/entities';
import { hasRole, isManagerOf } from '../src/repositories/access';
import { findReports } from '../src/jobs/org-sync';
import type { PersonOption } from '../cards/tag-person-card';
import { loadScoringPolicy } from '../src/repositories/scoring-policy';
import { createDraft, findRepeat, POLARITY_WORD, recordTag, type Polarity } from '../src/repositories/tags';
import { UserError } from '../src/wecom/errors';

/** Refuses (with a Chinese reason) unless the sender is one of the target's managers, or HR. */
export async function assertMayTag(ctx: BaseContext, target: Employee, polarity: Polarity): Promise<void> {
  const word = POLARITY_WORD[polarity];
  if (target.userId === ctx.userId) throw new UserError(`不能给自己记录${word}。`);
  if (await isManagerOf(ctx.ds, ctx.userId, target.userId)) return;
  if (await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds)) return;
  throw new UserError(`您不是${target.name}的上级，不能为其记录${word}。只有直属上级链上的管理者或 HR 可以记录。`);
}

/**
 * Before any syntax help: a member who manages no one and is not HR is told plainly that only
 * managers and HR record 表扬/提醒 (and what they can do instead).
 */
export async function assertMayTagAnyone(ctx: BaseContext, polarity: Polarity): Promise<void> {
  if (await hasRole(ctx.ds, ctx.userId, 'hr', ctx.services.config.hrUserIds)) return;
  if ((await findReports(ctx.ds, ctx.userId)).length > 0) return;
  const me = ctx.employee;
  if (me && me.leadsDepartmentIds.length > 0) return;
  const word = POLARITY_WORD[polarity];
  throw new UserError(`只有上级和 HR 可以记录${word}。想肯定同事的配合，可以用“协作”给其他部门的同事评分，例如：协作 @同事 5 来料检验及时；也可以发送“建议 …”提出改进建议。`);
}

export interface TagToRecord {
  target: Employee;
  tagType: TagType;
  note: string;
  /** Set for a card flow: the draft that must not record twice, and the card to update. */
  draft?: { id: number; taskId: string; ctx: ButtonContext };
  /** The manager already confirmed recording the same tag again (仍然记录). */
  confirmedRepeat?: boolean;
}

/**
 * The same tag for the same person within the configured window: ask before recording it again
 * (a card with 仍然记录 / 不记了, in place of the tapped card or as a new one). True when asked.
 */
async function askIfRepeat(ctx: BaseContext, input: TagToRecord): Promise<boolean> {
  const minutes = ctx.services.config.tagRepeatWindowMinutes;
  if (input.confirmedRepeat || minutes <= 0) return false;
  const now = ctx.clock();
  const { target, tagType, note, draft } = input;
  const earlier = await findRepeat(ctx.ds, { userId: target.userId, polarity: tagType.polarity, tag: tagType.label }, new Date(now.getTime() - minutes * 60_000));
  if (!earlier) return false;
  const view = {
    polarity: tagType.polarity, targetName: target.name, tag: tagType.label, note,
    earlierBy: earlier.authorId === ctx.userId ? '您' : await nameOf(ctx, earlier.authorId),
    earlierAt: formatLocal(earlier.createdAt, ctx.services.config.timezone),
  };
  if (draft) {
    await ctx.ds.getRepository(TagDraft).update({ id: draft.id }, { tag: tagType.label, people: [target.userId] });
    await draft.ctx.updateCard(buildTagRepeatCard({ ...view, draftId: draft.id, taskId: draft.taskId }));
  } else {
    const d = await createDraft(ctx.ds, { authorId: ctx.userId, polarity: tagType.polarity, tag: tagType.label, note, people: [target.userId] }, now);
    await ctx.reply({ card: buildTagRepeatCard({ ...view, draftId: d.id, taskId: tagTaskId(d.id, now) }) });
  }
  ctx.log.info({ subject: target.userId, tag: tagType.label, earlierTagId: earlier.id }, 'same tag recorded recently; asked before recording again');
  return true;
}

async function nameOf(ctx: BaseContext, userId: string): Promise<string> {
  return (await ctx.ds.getRepository(Employee).findOneBy({ userId }))?.name ?? userId;
}

export async function recordAndNotify(ctx: BaseContext, input: TagToRecord): Promise<void> {
  if (await askIfRepeat(ctx, input)) return;
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
