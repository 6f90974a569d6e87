/**
 * The card side of 表扬/提醒: a draft row holds the flow's state, the cards carry its id. Step 1 picks
 * the person (reports, or candidates for an ambiguous name), step 2 the preset tag; the second tap
 * records and the card turns into its recorded state in place.
 */
import { parseTagKey, tagTaskId } from '../cards/tag-keys';
import { ACK_DONE } from '../cards/tag-notice-card';
import { buildTagPersonCard } from '../cards/tag-person-card';
import { buildTagPickerCard } from '../cards/tag-picker-card';
import { SKIPPED_TEXT } from '../cards/tag-repeat-card';
import type { BaseContext, ButtonContext } from '../src/bot/context';
import { BehaviourTag, Employee, TagDraft, TagType } from '../src/entities';
import { activeCatalogue, createDraft, isDraftExpired, loadDraft, POLARITY_WORD, type Polarity } from '../src/repositories/tags';
import { UserError } from '../src/wecom/errors';
import { answerRecordedAgain, assertMayTag, recordAndNotify, toPersonOptions } from './tags-record';

export interface FlowStart {
  polarity: Polarity;
  tag: TagType | null;
  note: string;
}

/** Sends the people card: `reason` says whether these are the sender's reports or name candidates. */
export async function sendPersonCard(ctx: BaseContext, start: FlowStart, people: Employee[], reason: 'reports' | 'ambiguous', query?: string): Promise<void> {
  const now = ctx.clock();
  const draft = await createDraft(
    ctx.ds,
    { authorId: ctx.userId, polarity: start.polarity, tag: start.tag?.label ?? null, note: start.note, people: people.map((p) => p.userId) },
    now,
  );
  const card = buildTagPersonCard({
    draftId: draft.id, taskId: tagTaskId(draft.id, now), polarity: start.polarity, people: await toPersonOptions(ctx, people),
    offset: 0, reason, query, tag: draft.tag, note: draft.note,
  });
  await ctx.reply({ card });
}

/** Sends the tag card for a person already known (a command without a preset tag). */
export async function sendTagCard(ctx: BaseContext, start: FlowStart, target: Employee, unknownTag?: string): Promise<void> {
  const tags = await catalogueOrRefuse(ctx, start.polarity);
  const now = ctx.clock();
  const draft = await createDraft(ctx.ds, { authorId: ctx.userId, polarity: start.polarity, tag: null, note: start.note, people: [target.userId] }, now);
  await ctx.reply({
    card: buildTagPickerCard({ draftId: draft.id, taskId: tagTaskId(draft.id, now), polarity: start.polarity, target, tags, offset: 0, note: draft.note, unknownTag }),
  });
}

export async function onTagButton(ctx: ButtonContext): Promise<void> {
  const key = parseTagKey(ctx.args);
  if (!key) throw new UserError('这个按钮已失效，请重新发送“表扬”或“提醒”。');
  if (key.action === 'ack') {
    const tag = await ctx.ds.getRepository(BehaviourTag).findOneBy({ id: key.tagId });
    await ctx.replaceButton(tag ? ACK_DONE[tag.polarity] : ACK_DONE.praise);
    return;
  }
  const draft = await openDraft(ctx, key.draftId);
  if (draft.recordedAt) {
    const tag = draft.tagId ? await ctx.ds.getRepository(BehaviourTag).findOneBy({ id: draft.tagId }) : null;
    return answerRecordedAgain(ctx, draft.id, tag);
  }
  if (key.action === 'done') return answerRecordedAgain(ctx, draft.id, null);
  if (key.action === 'skip') {
    await ctx.replaceButton(SKIPPED_TEXT);
    return;
  }
  if (key.action === 'again') return recordRepeat(ctx, draft);
  if (key.action === 'page') return showTagPage(ctx, draft, key.offset, key.userId);
  if (key.action === 'more') return showPeoplePage(ctx, draft, key.offset, key.reason);

  const target = await targetOf(ctx, draft, key.userId);
  await assertMayTag(ctx, target, draft.polarity);
  const label = key.action === 'what' ? key.label : draft.tag;
  if (!label) {
    const tags = await catalogueOrRefuse(ctx, draft.polarity);
    await ctx.updateCard(buildTagPickerCard({ draftId: draft.id, taskId: ctx.taskId, polarity: draft.polarity, target, tags, offset: 0, note: draft.note }));
    return;
  }
  const tagType = await ctx.ds.getRepository(TagType).findOneBy({ label, polarity: draft.polarity, active: true });
  if (!tagType) throw new UserError(`标签“${label}”已停用或不存在，请重新发送“${POLARITY_WORD[draft.polarity]}”选择。`);
  await recordAndNotify(ctx, { target, tagType, note: draft.note, draft: { id: draft.id, taskId: ctx.taskId, ctx } });
}

/** 仍然记录 on the repeat card: the draft holds the person and the tag. */
async function recordRepeat(ctx: ButtonContext, draft: TagDraft): Promise<void> {
  const target = await targetOf(ctx, draft, draft.people[0] ?? '');
  await assertMayTag(ctx, target, draft.polarity);
  const tagType = draft.tag ? await ctx.ds.getRepository(TagType).findOneBy({ label: draft.tag, polarity: draft.polarity, active: true }) : null;
  if (!tagType) throw new UserError(`标签“${draft.tag ?? ''}”已停用或不存在，请重新发送“${POLARITY_WORD[draft.polarity]}”选择。`);
  await recordAndNotify(ctx, { target, tagType, note: draft.note, draft: { id: draft.id, taskId: ctx.taskId, ctx }, confirmedRepeat: true });
}

async function showTagPage(ctx: ButtonContext, draft: TagDraft, offset: number, userId: string): Promise<void> {
  const target = await targetOf(ctx, draft, userId);
  const tags = await catalogueOrRefuse(ctx, draft.polarity);
  await ctx.updateCard(buildTagPickerCard({ draftId: draft.id, taskId: ctx.taskId, polarity: draft.polarity, target, tags, offset, note: draft.note }));
}

async function showPeoplePage(ctx: ButtonContext, draft: TagDraft, offset: number, reason: 'reports' | 'ambiguous'): Promise<void> {
  const people = await toPersonOptions(ctx, await employeesInOrder(ctx, draft.people));
  if (people.length === 0) throw new UserError('这张卡片上的同事都已不在通讯录中。');
  await ctx.updateCard(
    buildTagPersonCard({ draftId: draft.id, taskId: ctx.taskId, polarity: draft.polarity, people, offset, reason, tag: draft.tag, note: draft.note }),
  );
}

/** The draft behind a tap, refused when it is someone else's, expired or unknown. */
async function openDraft(ctx: ButtonContext, id: number): Promise<TagDraft> {
  const draft = await loadDraft(ctx.ds, id);
  if (!draft || draft.authorId !== ctx.userId) throw new UserError('这张卡片已失效，请重新发送“表扬”或“提醒”。');
  if (!draft.recordedAt && isDraftExpired(draft, ctx.clock())) {
    throw new UserError(`这张卡片已过期（超过 72 小时），没有记录。请重新发送“${POLARITY_WORD[draft.polarity]}”。`);
  }
  return draft;
}

async function targetOf(ctx: ButtonContext, draft: TagDraft, userId: string): Promise<Employee> {
  // Only people the card offered: a forged key cannot reach anyone else.
  const target = draft.people.includes(userId) ? await ctx.ds.getRepository(Employee).findOneBy({ userId, active: true }) : null;
  if (!target) throw new UserError('这位同事已不在通讯录中，没有记录。');
  return target;
}

async function employeesInOrder(ctx: BaseContext, userIds: string[]): Promise<Employee[]> {
  const rows = await ctx.ds.getRepository(Employee).findBy({ active: true });
  const byId = new Map(rows.map((e) => [e.userId, e]));
  return userIds.map((id) => byId.get(id)).filter((e): e is Employee => e !== undefined);
}

async function catalogueOrRefuse(ctx: BaseContext, polarity: Polarity) {
  const tags = await activeCatalogue(ctx.ds, polarity);
  if (tags.length === 0) throw new UserError(`目前没有可用的${POLARITY_WORD[polarity]}标签，请联系 HR 在标签目录中添加。`);
  return tags;
}
