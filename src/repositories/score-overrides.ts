/** Line adjustments decided on appeals: loaded per period for the scorecards, written with an audit row. */
import { DataSource, EntityManager, In } from 'typeorm';
import type { LineOverride } from '../appeals/line-overrides';
import { writeAudit } from '../audit';
import { ScoreOverride } from '../entities';

export async function loadLineOverrides(ds: DataSource, userIds: string[], periodKey: string): Promise<Map<string, LineOverride[]>> {
  const out = new Map<string, LineOverride[]>();
  for (let i = 0; i < userIds.length; i += 500) {
    const rows = await ds.getRepository(ScoreOverride).findBy({ userId: In(userIds.slice(i, i + 500)), periodKey });
    for (const r of rows) out.set(r.userId, [...(out.get(r.userId) ?? []), { metricCode: r.metricCode, score: r.score, reason: r.reason }]);
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
