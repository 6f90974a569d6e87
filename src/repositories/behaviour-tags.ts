/** The tags behind the 行为分 (docs/scoring.md §9), for many people at once. */
import type { DataSource } from 'typeorm';
import { type Period } from '../domain/periods';
import { scoringMonthOf } from '../domain/scoring';
import { BehaviourTag } from '../entities';
import { rawColumns, readForScope, userScope, type UserScope } from './user-scope';

/**
 * The weights of the tags each user received in the period's scoring month (a week: the month of
 * its Thursday; a quarter: the quarter), createdAt in [start, end). Users without tags are absent.
 */
export async function loadBehaviourTags(ds: DataSource, users: string[] | UserScope, period: Period, timeZone: string): Promise<Map<string, Array<{ weight: number }>>> {
  const range = scoringMonthOf(period, timeZone) ?? period;
  const scope = Array.isArray(users) ? await userScope(ds, users) : users;
  const rows = await readForScope(
    scope,
    (ids) => {
      const q = ds
        .getRepository(BehaviourTag)
        .createQueryBuilder('t')
        .where('t.created_at >= :start AND t.created_at < :end', { start: range.start, end: range.end });
      if (ids) q.andWhere('t.user_id IN (:...ids)', { ids });
      return rawColumns(ds, BehaviourTag, q.orderBy('t.id', 'ASC'), ['userId', 'weight']);
    },
    (r) => r.userId,
  );
  const out = new Map<string, Array<{ weight: number }>>();
  for (const r of rows) {
    const mine = out.get(r.userId);
    if (mine) mine.push({ weight: r.weight });
    else out.set(r.userId, [{ weight: r.weight }]);
  }
  return out;
}
