/**
 * Who has had no feedback for three consecutive weeks (the 25th to-do's 已连续3周无反馈 flag).
 *
 * Definition, for a firing at instant T in time zone tz:
 *  - the window starts at local Monday 00:00 of the ISO week three weeks before the one holding T
 *    (for T = Wed 2026-11-25 09:00 Shanghai, in 2026-W48: Mon 2026-11-02 00:00, the start of W45)
 *    and ends at T (exclusive). It covers the last three COMPLETE ISO weeks (W45, W46, W47) plus
 *    the current week up to the firing: feedback given on Monday of this week breaks the streak,
 *    since flagging someone who was just praised would be wrong.
 *  - feedback is what the completeness figure counts (src/repositories/completeness.ts): any
 *    behaviour tag (表扬/提醒, with or without a note: the note is part of the tag), or a supervisor
 *    review with a non-blank comment, counted at the instant it was written or last changed (so an
 *    October review whose comment was edited on 10 November counts for W46). A stars-only review
 *    is no comment and does not count.
 *  - someone is flagged when nothing of the kind falls inside the window. Calendar weeks, not a
 *    rolling 21 days: a tag 22 days before a Wednesday firing still falls in the oldest week and
 *    counts; one on the Sunday before that week does not.
 * Weeks are the same ISO weeks HR's completeness report shows, so a flagged person is uncovered in
 * each of its three columns.
 */
import { DataSource, In, Raw } from 'typeorm';
import { type Period, recentWeeks } from '../domain/periods';
import { BehaviourTag, SupervisorReview } from '../entities';

export const SILENT_WEEKS = 3;

export interface FeedbackWindow {
  /** The complete ISO weeks before the firing's week, oldest first. */
  weeks: Period[];
  /** Inclusive: the start of the oldest week. */
  from: Date;
  /** Exclusive: the firing instant. */
  to: Date;
}

export function feedbackWindow(firedAt: Date, timeZone: string, weeks = SILENT_WEEKS): FeedbackWindow {
  const complete = recentWeeks(firedAt, weeks + 1, timeZone).slice(0, weeks);
  return { weeks: complete, from: complete[0]?.start ?? firedAt, to: firedAt };
}

const CHUNK = 500;

/** The subset of `userIds` that received any feedback inside the window. */
export async function usersWithFeedback(ds: DataSource, userIds: readonly string[], window: FeedbackWindow): Promise<Set<string>> {
  const reached = new Set<string>();
  const inRange = () => Raw((alias) => `${alias} >= :from AND ${alias} < :to`, { from: window.from, to: window.to });
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const chunk = userIds.slice(i, i + CHUNK);
    const tags = await ds.getRepository(BehaviourTag).find({ where: { userId: In(chunk), createdAt: inRange() }, select: { userId: true } });
    tags.forEach((t) => reached.add(t.userId));
    const reviews = await ds.getRepository(SupervisorReview).find({
      where: [
        { userId: In(chunk), createdAt: inRange() },
        { userId: In(chunk), updatedAt: inRange() },
      ],
      select: { userId: true, comment: true },
    });
    reviews.filter((r) => r.comment.trim() !== '').forEach((r) => reached.add(r.userId));
  }
  return reached;
}

/** The subset of `userIds` with no feedback inside the window (see the definition above). */
export async function findSilentUsers(ds: DataSource, userIds: readonly string[], window: FeedbackWindow): Promise<Set<string>> {
  const reached = await usersWithFeedback(ds, userIds, window);
  return new Set(userIds.filter((id) => !reached.has(id)));
}
