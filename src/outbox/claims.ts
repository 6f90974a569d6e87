/**
 * Outbox rows as claims: a sender takes due rows with one conditional update under a token of its
 * own (the fencing token), renews the lease while it works, checks the claim right before each
 * send, and writes an outcome only while the claim stands. A row whose lease ran out can be taken
 * by another sender; the one that lost it then finds its claim gone and sends nothing.
 */
import { DataSource, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { OutboxMessage } from '../entities';

export async function claimDueRows(ds: DataSource, o: { token: string; now: Date; leaseMs: number; take: number }): Promise<OutboxMessage[]> {
  const repo = ds.getRepository(OutboxMessage);
  // One range of idx_outbox_due (status, next_attempt_at) in index order: no sort of every pending
  // row per claim (an OR of two conditions ordered by id sorted 60,000 rows, 25–85 ms each on SQLite,
  // where the driver blocks the event loop meanwhile).
  const candidates = await repo
    .createQueryBuilder('o')
    .select('o.id', 'id')
    .where('o.status = :status AND o.next_attempt_at <= :now', { status: 'pending', now: o.now })
    .andWhere('(o.locked_until IS NULL OR o.locked_until < :now)')
    .orderBy('o.next_attempt_at', 'ASC')
    .addOrderBy('o.id', 'ASC')
    .limit(o.take)
    .getRawMany<{ id: number | string }>();
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => Number(c.id));
  // One conditional update claims the batch: another sender's update matches none of the same rows.
  // A row still locked (its lease ran out) was claimed by a sender that never wrote an outcome:
  // that attempt may have reached WeCom, so it counts as unanswered.
  await repo
    .createQueryBuilder()
    .update()
    .set({
      // First: MySQL/MariaDB evaluate SET left to right, each seeing the columns set before it,
      // so this must read locked_until before the claim overwrites it (SQLite reads old values).
      timeouts: () => 'timeouts + (CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END)',
      attempts: () => 'attempts + 1',
      lockedBy: o.token,
      lockedUntil: new Date(o.now.getTime() + o.leaseMs),
    })
    .where('id IN (:...ids) AND status = :status', { ids, status: 'pending' })
    .andWhere('(locked_until IS NULL OR locked_until < :now)', { now: o.now })
    .execute();
  return repo.find({ where: { id: In(ids), lockedBy: o.token }, order: { id: 'ASC' } });
}

/** Extends the lease of the claim's rows not yet finished (by id: a scan by token read every pending row). */
export async function renewClaim(ds: DataSource, token: string, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return;
  await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder()
    .update()
    .set({ lockedUntil: until })
    .where("id IN (:...ids) AND locked_by = :token AND status = 'pending'", { ids, token })
    .execute();
}

/** The check right before a send: true (and the lease extended) while the claim on the row stands. */
export async function holdsClaim(ds: DataSource, id: number, token: string, until: Date): Promise<boolean> {
  const res = await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder()
    .update()
    .set({ lockedUntil: until })
    .where("id = :id AND locked_by = :token AND status = 'pending'", { id, token })
    .execute();
  return res.affected === 1;
}

/** Writes the outcome only while the claim still stands, and releases it. */
export async function finishClaimed(ds: DataSource, id: number, token: string, changes: Partial<OutboxMessage>): Promise<void> {
  await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder()
    .update()
    .set({ ...changes, lockedBy: null, lockedUntil: null } as Record<string, unknown>)
    .where('id = :id AND locked_by = :token', { id, token })
    .execute();
}
