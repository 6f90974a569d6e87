/**
 * Published scorecards are the record. The Friday push stores what it sent as the published total
 * and rank; every later computation of that period (a push, 查询, the detail page, rankings)
 * compares against it. A number that moved gets one audit row per change (two instances
 * recomputing at once write it once: the snapshot's revision decides) and the view a `changes`
 * list saying old → new and why.
 */
import { DataSource, In, IsNull, MoreThan, Not } from 'typeorm';
import { writeAudit } from '../audit';
import { changeReasons, describeChanges, figuresOf, sameFigures, sameTotal, type ChangeEvidence, type Figures, type ScoreChange } from '../domain/published';
import type { Period } from '../domain/periods';
import { AuditEntry, MetricRecord, ScoreSnapshot } from '../entities';

const CHUNK = 500;
/** The snapshot lookup runs on every computation: fewer, larger IN lists. */
const READ_CHUNK = 5000;

interface Reconcilable {
  userId: string;
  period: Period;
  total: number | null;
  peer: { rank: number; of: number } | null;
  changes?: ScoreChange[];
}

/** Stores what a push sends as the published record of the period (and the latest computation). */
export async function publishSnapshots(ds: DataSource, views: Iterable<Reconcilable & { totalDisplay: string }>, now: Date): Promise<void> {
  const rows = [...views].map((v) => {
    const f = figuresOf(v as never);
    return {
      userId: v.userId,
      periodKey: v.period.key,
      total: v.total,
      scorecard: v as never,
      computedAt: now,
      publishedAt: now,
      publishedTotal: f.total,
      publishedRank: f.rank,
      checkedTotal: f.total,
      checkedRank: f.rank,
    };
  });
  await upsertSnapshotRows(ds, rows);
}

/**
 * Inserts or overwrites snapshot rows (one per employee and period), 200 at a time. Not
 * `repository.upsert`: on SQLite TypeORM then derives each row's id from the connection's last
 * insert id, which an upsert that only updated rows does not move, and throws "entity id is not
 * set" whenever that id happens to be smaller than the batch (a resumed push re-publishing its week).
 */
export async function upsertSnapshotRows(ds: DataSource, rows: Array<Partial<ScoreSnapshot> & Pick<ScoreSnapshot, 'userId' | 'periodKey'>>): Promise<void> {
  if (rows.length === 0) return;
  const metadata = ds.getMetadata(ScoreSnapshot);
  const conflict = ['userId', 'periodKey'].map((p) => metadata.findColumnWithPropertyPath(p)!.databaseName);
  const overwrite = metadata.columns.filter((c) => c.propertyName in rows[0] && !conflict.includes(c.databaseName)).map((c) => c.databaseName);
  for (let i = 0; i < rows.length; i += 200) {
    await ds.createQueryBuilder().insert().into(ScoreSnapshot).values(rows.slice(i, i + 200) as never).orUpdate(overwrite, conflict).updateEntity(false).execute();
  }
}

/**
 * Compares freshly computed views of one period with what was published: sets each view's
 * `changes`, and audits every number that moved since it was last checked. With `record` false
 * (a dry run) the changes are described but nothing is written.
 */
export async function reconcilePublished(ds: DataSource, views: Reconcilable[], period: Period, now: Date, record = true): Promise<void> {
  const byUser = new Map(views.map((v) => [v.userId, v]));
  const snapshots: ScoreSnapshot[] = [];
  const ids = [...byUser.keys()];
  for (let i = 0; i < ids.length; i += READ_CHUNK) {
    snapshots.push(
      ...(await ds.getRepository(ScoreSnapshot).find({
        where: { userId: In(ids.slice(i, i + READ_CHUNK)), periodKey: period.key, publishedAt: Not(IsNull()) },
        select: { id: true, userId: true, publishedAt: true, publishedTotal: true, publishedRank: true, checkedTotal: true, checkedRank: true, revision: true },
      })),
    );
  }
  const moved = snapshots.filter((s) => {
    const current = figuresOf(byUser.get(s.userId)! as never);
    return !sameFigures(current, published(s)) || !sameFigures(current, checked(s));
  });
  if (moved.length === 0) return;
  const evidence = await loadEvidence(ds, moved, period);
  for (const s of moved) {
    const view = byUser.get(s.userId)!;
    const current = figuresOf(view as never);
    const why = evidence.get(s.userId) ?? { actions: [], lateRecords: 0 };
    view.changes = describeChanges(period, published(s), current, why);
    if (!record || sameFigures(current, checked(s))) continue;
    await ds.transaction(async (tx) => {
      const result = await tx
        .createQueryBuilder()
        .update(ScoreSnapshot)
        .set({ checkedTotal: current.total, checkedRank: current.rank as never, revision: () => 'revision + 1' })
        .where('id = :id AND revision = :revision', { id: s.id, revision: s.revision })
        .execute();
      if (!result.affected) return; // another instance recorded this change first
      const totalMoved = !sameTotal(current.total, s.checkedTotal);
      await writeAudit(
        tx,
        {
          actor: 'system',
          action: 'scorecard.changed',
          entity: 'score_snapshots',
          entityId: `${s.userId}:${period.key}`,
          subjectUserId: s.userId,
          before: { total: s.checkedTotal, rank: s.checkedRank, published: published(s) },
          after: { total: current.total, rank: current.rank },
          reason: `已发布的${period.label}成绩变动：${changeReasons(why, totalMoved).join('、')}`,
        },
        now,
      );
    });
  }
}

function published(s: ScoreSnapshot): Figures {
  return { total: s.publishedTotal, rank: s.publishedRank };
}

function checked(s: ScoreSnapshot): Figures {
  return { total: s.checkedTotal, rank: s.checkedRank };
}

/** Per person: the audit actions about them since publication, and the period's records that came after it. */
async function loadEvidence(ds: DataSource, snapshots: ScoreSnapshot[], period: Period): Promise<Map<string, ChangeEvidence>> {
  const out = new Map<string, ChangeEvidence>(snapshots.map((s) => [s.userId, { actions: [], lateRecords: 0 }]));
  // Snapshots of one push share their publication time: one pair of queries per distinct time.
  const byTime = new Map<number, string[]>();
  for (const s of snapshots) byTime.set(s.publishedAt!.getTime(), [...(byTime.get(s.publishedAt!.getTime()) ?? []), s.userId]);
  for (const [time, users] of byTime) {
    const since = new Date(time);
    for (let i = 0; i < users.length; i += CHUNK) {
      const chunk = users.slice(i, i + CHUNK);
      const audits = await ds.getRepository(AuditEntry).find({
        where: { subjectUserId: In(chunk), at: MoreThan(since) },
        select: { subjectUserId: true, action: true },
        order: { at: 'ASC', id: 'ASC' },
      });
      for (const a of audits) out.get(a.subjectUserId!)?.actions.push(a.action);
      const late = await ds
        .getRepository(MetricRecord)
        .createQueryBuilder('r')
        .select('r.user_id', 'userId')
        .addSelect('COUNT(*)', 'n')
        .where({ userId: In(chunk) })
        .andWhere('r.occurred_at >= :start AND r.occurred_at < :end', { start: period.start, end: period.end })
        .andWhere('r.created_at > :since', { since })
        .groupBy('r.user_id')
        .getRawMany<{ userId: string; n: string | number }>();
      for (const l of late) out.get(l.userId)!.lateRecords = Number(l.n);
    }
  }
  return out;
}
