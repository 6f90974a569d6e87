/**
 * The monthly supervisor review (one per employee and month; a new rating replaces the old one),
 * cross-department collaboration ratings (once per rater, person and month) and suggestions. Every
 * change that moves a score is audited in the same transaction as the write and its notifications.
 */
import { Between, DataSource, EntityManager, In } from 'typeorm';
import { writeAudit } from '../audit';
import { isUniqueViolation } from '../data-source';
import type { Period } from '../domain/periods';
import { computeBehaviourScore, sumTagWeights } from '../domain/behaviour';
import { BehaviourTag, CollaborationRating, Employee, Suggestion, SupervisorReview } from '../entities';
import { loadScoringPolicy } from './scoring-policy';
import { findReports } from '../jobs/org-sync';

export interface ReviewInput {
  userId: string;
  reviewerId: string;
  periodKey: string;
  stars: number;
  comment: string;
}

type ReviewState = Pick<SupervisorReview, 'stars' | 'comment' | 'reviewerId'>;

export type SaveReviewResult =
  | { kind: 'created' | 'updated'; review: SupervisorReview; before: ReviewState | null }
  | { kind: 'exists'; review: SupervisorReview };

/** Called inside the write's transaction, e.g. to enqueue the notifications with it. */
type AfterWrite<R> = (manager: EntityManager, result: R) => Promise<void>;

/**
 * Creates or replaces the month's review. With `onlyIfNew` (a card tap) an existing review is
 * left alone and returned as 'exists', so a repeated tap cannot record twice.
 */
export async function saveSupervisorReview(
  ds: DataSource,
  input: ReviewInput,
  now: Date,
  opts: { onlyIfNew?: boolean; afterWrite?: AfterWrite<SaveReviewResult> } = {},
): Promise<SaveReviewResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ds.transaction(async (m) => {
        const existing = await m.findOneBy(SupervisorReview, { userId: input.userId, periodKey: input.periodKey });
        if (existing && opts.onlyIfNew) return { kind: 'exists', review: existing } as const;
        const before = existing ? { stars: existing.stars, comment: existing.comment, reviewerId: existing.reviewerId } : null;
        const review = await m.save(SupervisorReview, {
          ...(existing ?? { createdAt: now }),
          userId: input.userId,
          periodKey: input.periodKey,
          reviewerId: input.reviewerId,
          stars: input.stars,
          comment: input.comment,
          updatedAt: now,
        });
        const after = { stars: review.stars, comment: review.comment, reviewerId: review.reviewerId };
        await writeAudit(
          m,
          {
            actor: `user:${input.reviewerId}`,
            action: existing ? 'review.update' : 'review.create',
            entity: 'supervisor_review',
            entityId: review.id,
            subjectUserId: input.userId,
            before,
            after,
            reason: `${input.periodKey} 主管评价`,
          },
          now,
        );
        const result: SaveReviewResult = { kind: existing ? 'updated' : 'created', review, before };
        await opts.afterWrite?.(m, result);
        return result;
      });
    } catch (err) {
      // Two first reviews raced on the unique (user, month): the next attempt sees the winner's row.
      if (attempt === 0 && isUniqueViolation(err)) continue;
      throw err;
    }
  }
}

export interface CollaborationInput {
  userId: string;
  raterId: string;
  periodKey: string;
  stars: number;
  note: string;
}

export type SaveCollaborationResult = { kind: 'created'; rating: CollaborationRating } | { kind: 'duplicate'; existing: CollaborationRating };

/** Records a collaboration rating unless this rater already rated this person this month. */
export async function saveCollaborationRating(
  ds: DataSource,
  input: CollaborationInput,
  now: Date,
  afterWrite?: AfterWrite<CollaborationRating>,
): Promise<SaveCollaborationResult> {
  const key = { userId: input.userId, raterId: input.raterId, periodKey: input.periodKey };
  const existing = await ds.getRepository(CollaborationRating).findOneBy(key);
  if (existing) return { kind: 'duplicate', existing };
  try {
    const rating = await ds.transaction(async (m) => {
      const saved = await m.save(CollaborationRating, { ...key, stars: input.stars, note: input.note, createdAt: now });
      await writeAudit(
        m,
        {
          actor: `user:${input.raterId}`,
          action: 'collaboration.create',
          entity: 'collaboration_rating',
          entityId: saved.id,
          subjectUserId: input.userId,
          before: null,
          after: { stars: saved.stars, note: saved.note, raterId: saved.raterId },
          reason: `${input.periodKey} 跨部门协作评价`,
        },
        now,
      );
      await afterWrite?.(m, saved);
      return saved;
    });
    return { kind: 'created', rating };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return { kind: 'duplicate', existing: await ds.getRepository(CollaborationRating).findOneByOrFail(key) };
  }
}

/** Stores a suggestion; returns its id and how many the member has made this month. */
export async function saveSuggestion(ds: DataSource, userId: string, content: string, now: Date, month: Period): Promise<{ id: number; monthCount: number }> {
  const saved = await ds.getRepository(Suggestion).save({ userId, content, status: 'open', createdAt: now });
  const monthCount = await ds.getRepository(Suggestion).countBy({ userId, createdAt: Between(month.start, new Date(month.end.getTime() - 1)) });
  return { id: saved.id, monthCount };
}

/** The manager's direct reports who have no review for the month, by name. */
export async function reportsWithoutReview(ds: DataSource, managerId: string, periodKey: string): Promise<Employee[]> {
  const reports = await findReports(ds, managerId);
  if (reports.length === 0) return [];
  const reviewed = await ds.getRepository(SupervisorReview).find({
    where: { periodKey, userId: In(reports.map((r) => r.userId)) },
    select: { userId: true },
  });
  const done = new Set(reviewed.map((r) => r.userId));
  return reports.filter((r) => !done.has(r.userId)).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
}

/**
 * Praise and remind counts in a period and the 行为分 they make (docs/scoring.md §9, with its share
 * of the total): the manager's reference when choosing stars.
 */
export async function tagCounts(
  ds: DataSource,
  userId: string,
  period: Period,
): Promise<{ praise: number; remind: number; behaviour: { score: number; tagSum: number; share: number } }> {
  const rows = await ds.getRepository(BehaviourTag).find({
    where: { userId, createdAt: Between(period.start, new Date(period.end.getTime() - 1)) },
    select: { polarity: true, weight: true },
  });
  const share = (await loadScoringPolicy(ds)).behaviourWeight;
  return {
    praise: rows.filter((r) => r.polarity === 'praise').length,
    remind: rows.filter((r) => r.polarity === 'remind').length,
    behaviour: { score: computeBehaviourScore(rows), tagSum: sumTagWeights(rows), share },
  };
}
