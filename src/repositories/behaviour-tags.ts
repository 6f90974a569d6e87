/** The tags behind the 行为分 (docs/scoring.md §9), for many people at once. */
import { DataSource, In } from 'typeorm';
import { type Period } from '../domain/periods';
import { scoringMonthOf } from '../domain/scoring';
import { BehaviourTag } from '../entities';

const CHUNK = 500;

/**
 * The weights of the tags each user received in the period's scoring month (a week: the month of
 * its Thursday; a quarter: the quarter), createdAt in [start, end). Users without tags are absent.
 */
export async function loadBehaviourTags(ds: DataSource, userIds: string[], period: Period, timeZone: string): Promise<Map<string, Array<{ weight: number }>>> {
  const range = scoringMonthOf(period, timeZone) ?? period;
  const out = new Map<string, Array<{ weight: number }>>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const rows = await ds
      .getRepository(BehaviourTag)
      .createQueryBuilder('t')
      .select(['t.userId', 't.weight'])
      .where({ userId: In(userIds.slice(i, i + CHUNK)) })
      .andWhere('t.created_at >= :start AND t.created_at < :end', { start: range.start, end: range.end })
      .getMany();
    for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { weight: r.weight }]);
  }
  return out;
}
