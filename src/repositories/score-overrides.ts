/** Line adjustments decided on appeals: loaded per period for the scorecards, written with an audit row. */
import type { DataSource, EntityManager } from 'typeorm';
import type { LineOverride } from '../appeals/line-overrides';
import { writeAudit } from '../audit';
import { ScoreOverride } from '../entities';
import { rawColumns, readForScope, userScope, type UserScope } from './user-scope';

export async function loadLineOverrides(ds: DataSource, users: string[] | UserScope, periodKey: string): Promise<Map<string, LineOverride[]>> {
  const scope = Array.isArray(users) ? await userScope(ds, users) : users;
  const rows = await readForScope(
    scope,
    (ids) => {
      const q = ds.getRepository(ScoreOverride).createQueryBuilder('o').where('o.period_key = :periodKey', { periodKey });
      if (ids) q.andWhere('o.user_id IN (:...ids)', { ids });
      return rawColumns(ds, ScoreOverride, q.orderBy('o.id', 'ASC'), ['userId', 'metricCode', 'score', 'reason']);
    },
    (r) => r.userId,
  );
  const out = new Map<string, LineOverride[]>();
  for (const r of rows) {
    const o = { metricCode: r.metricCode, score: r.score, reason: r.reason };
    const mine = out.get(r.userId);
    if (mine) mine.push(o);
    else out.set(r.userId, [o]);
  }
  return out;
}

export interface OverrideInput {
  userId: string;
  periodKey: string;
  metricCode: string;
  metricName: string;
  score: number;
  reason: string;
  appealId: number;
  actorId: string;
  /** The line's score before, as shown ('60.0'). */
  before: string;
}

/** Sets (or replaces) a line's adjusted score, audited as score.override, inside the caller's transaction. */
export async function saveLineOverride(m: EntityManager, o: OverrideInput, now: Date): Promise<void> {
  const existing = await m.findOneBy(ScoreOverride, { userId: o.userId, periodKey: o.periodKey, metricCode: o.metricCode });
  const row = { userId: o.userId, periodKey: o.periodKey, metricCode: o.metricCode, score: o.score, reason: o.reason, appealId: o.appealId, actorId: o.actorId, createdAt: now };
  if (existing) await m.update(ScoreOverride, { id: existing.id }, row);
  else await m.insert(ScoreOverride, row);
  await writeAudit(m, {
    actor: `user:${o.actorId}`, action: 'score.override', entity: 'score_override', entityId: `${o.userId}:${o.periodKey}:${o.metricCode}`,
    subjectUserId: o.userId, before: { line: o.metricName, score: o.before }, after: { line: o.metricName, score: o.score },
    reason: `申诉 #${o.appealId} 调整「${o.metricName}」：${o.reason}`,
  }, now);
}
