/**
 * Behaviour tags (表扬/提醒): the catalogue, the drafts behind a card flow, and recording a tag with
 * its audit row. Recording through a draft is a compare-and-set on the draft's recorded_at, so two
 * taps on one card (even racing on two connections) leave one tag.
 */
import { Between, DataSource, EntityManager, IsNull, MoreThanOrEqual } from 'typeorm';
import { writeAudit } from '../audit';
import { BehaviourTag, TagDraft, TagType } from '../entities';

export type Polarity = 'praise' | 'remind';

export const POLARITY_WORD: Record<Polarity, string> = { praise: '表扬', remind: '提醒' };

/** A draft lives as long as WeCom's ResponseCode for the card that carries it (72 h). */
export const DRAFT_TTL_MS = 72 * 3600 * 1000;

const byOrder = (a: TagType, b: TagType) => a.sortOrder - b.sortOrder || a.label.localeCompare(b.label);

/** The active tags of one polarity in catalogue order. */
export async function activeCatalogue(ds: DataSource | EntityManager, polarity: Polarity): Promise<TagType[]> {
  const rows = await repoOf(ds, TagType).findBy({ polarity, active: true });
  return rows.sort(byOrder);
}

export async function fullCatalogue(ds: DataSource): Promise<TagType[]> {
  return (await ds.getRepository(TagType).find()).sort(byOrder);
}

export interface DraftInput {
  authorId: string;
  polarity: Polarity;
  tag: string | null;
  note: string;
  people: string[];
}

export async function createDraft(ds: DataSource, input: DraftInput, now: Date): Promise<TagDraft> {
  const result = await ds.getRepository(TagDraft).insert({ ...input, createdAt: now, recordedAt: null, tagId: null });
  return ds.getRepository(TagDraft).findOneByOrFail({ id: result.identifiers[0].id as number });
}

export async function loadDraft(ds: DataSource, id: number): Promise<TagDraft | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return ds.getRepository(TagDraft).findOneBy({ id });
}

export function isDraftExpired(draft: TagDraft, now: Date): boolean {
  return now.getTime() - draft.createdAt.getTime() > DRAFT_TTL_MS;
}

export interface RecordTagInput {
  /** The card flow's draft; omitted for a complete command recorded at once. */
  draftId?: number;
  userId: string;
  authorId: string;
  polarity: Polarity;
  tag: string;
  weight: number;
  note: string;
}

export type RecordResult = { kind: 'recorded'; tag: BehaviourTag } | { kind: 'duplicate'; tag: BehaviourTag | null };

/**
 * Writes the tag and its audit row with `manager` (the caller's transaction, which also enqueues
 * the messages). With a draft, only the first caller wins: the others get 'duplicate' and the
 * tag that was recorded, and must write nothing.
 */
export async function recordTag(manager: EntityManager, input: RecordTagInput, now: Date): Promise<RecordResult> {
  if (input.draftId !== undefined) {
    // A current read with a row lock on MariaDB; serialised writers on SQLite.
    const claimed = await manager.update(TagDraft, { id: input.draftId, recordedAt: IsNull() }, { recordedAt: now });
    if (!claimed.affected) {
      const draft = await manager.findOneBy(TagDraft, { id: input.draftId });
      const tag = draft?.tagId ? await manager.findOneBy(BehaviourTag, { id: draft.tagId }) : null;
      return { kind: 'duplicate', tag };
    }
  }
  const row = { userId: input.userId, authorId: input.authorId, polarity: input.polarity, tag: input.tag, weight: input.weight, note: input.note, createdAt: now };
  const inserted = await manager.insert(BehaviourTag, row);
  const id = inserted.identifiers[0].id as number;
  if (input.draftId !== undefined) await manager.update(TagDraft, { id: input.draftId }, { tagId: id });
  await writeAudit(
    manager,
    {
      actor: `user:${input.authorId}`,
      action: `behaviour_tag.${input.polarity}`,
      entity: 'behaviour_tag',
      entityId: id,
      subjectUserId: input.userId,
      before: null,
      after: { polarity: input.polarity, tag: input.tag, weight: input.weight, note: input.note },
      reason: `${POLARITY_WORD[input.polarity]}：${input.tag}${input.note ? `（${input.note.slice(0, 200)}）` : ''}`,
    },
    now,
  );
  return { kind: 'recorded', tag: { id, ...row } as BehaviourTag };
}

/** The latest tag with this label for this person since `since` (by any author), or null. */
export async function findRepeat(ds: DataSource, input: { userId: string; polarity: Polarity; tag: string }, since: Date): Promise<BehaviourTag | null> {
  return ds.getRepository(BehaviourTag).findOne({
    where: { userId: input.userId, polarity: input.polarity, tag: input.tag, createdAt: MoreThanOrEqual(since) },
    order: { createdAt: 'DESC', id: 'DESC' },
  });
}

export async function recentTags(ds: DataSource, userId: string, limit: number): Promise<BehaviourTag[]> {
  return ds.getRepository(BehaviourTag).find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
}

/** Tags in [start, end): the input of the behaviour score for a period. */
export async function tagsBetween(ds: DataSource, userId: string, start: Date, end: Date): Promise<BehaviourTag[]> {
  const rows = await ds.getRepository(BehaviourTag).find({ where: { userId, createdAt: Between(start, end) } });
  return rows.filter((r) => r.createdAt.getTime() < end.getTime());
}

export interface TagTypeChange {
  actorId: string;
  label: string;
  polarity?: Polarity;
  weight?: number;
  active?: boolean;
}

/**
 * Adds a catalogue entry or changes one (weight, polarity, active), audited: a weight decides how
 * every later tag moves the behaviour score. Returns the entry before and after.
 */
export async function saveTagType(ds: DataSource, change: TagTypeChange, now: Date): Promise<{ before: TagType | null; after: TagType }> {
  return ds.transaction(async (m) => {
    const before = await m.findOneBy(TagType, { label: change.label });
    let after: TagType;
    if (before) {
      after = { ...before, ...definedOnly(change) } as TagType;
      await m.update(TagType, { label: change.label }, { polarity: after.polarity, weight: after.weight, active: after.active });
    } else {
      if (!change.polarity || change.weight === undefined) throw new Error('a new tag type needs a polarity and a weight');
      const last = (await m.find(TagType)).reduce((max, t) => Math.max(max, t.sortOrder), -1);
      after = { label: change.label, polarity: change.polarity, weight: change.weight, sortOrder: last + 1, active: change.active ?? true };
      await m.insert(TagType, after);
    }
    await writeAudit(
      m,
      {
        actor: `user:${change.actorId}`,
        action: before ? 'tag_type.update' : 'tag_type.create',
        entity: 'tag_type',
        entityId: change.label,
        before: before ? { ...before } : null,
        after: { ...after },
        reason: '标签目录变更',
      },
      now,
    );
    return { before: before ? { ...before } : null, after };
  });
}

function definedOnly(change: TagTypeChange): Partial<TagType> {
  const out: Partial<TagType> = {};
  if (change.polarity !== undefined) out.polarity = change.polarity;
  if (change.weight !== undefined) out.weight = change.weight;
  if (change.active !== undefined) out.active = change.active;
  return out;
}

function repoOf<T extends object>(ds: DataSource | EntityManager, entity: new () => T) {
  return ds.getRepository(entity);
}
