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
  const candidates = await repo.find({
    select: { id: true },
    where: [
      { status: 'pending', nextAttemptAt: LessThanOrEqual(o.now), lockedUntil: IsNull() },
      { status: 'pending', nextAttemptAt: LessThanOrEqual(o.now), lockedUntil: LessThan(o.now) },
    ],
    order: { id: 'ASC' },
    take: o.take,
  });
  if (candidates.length === 0) return [];
  const ids = candidates.map((c) => c.id);
  // One conditional update claims the batch: another sender's update matches none of the same rows.
  // A row still locked (its lease ran out) was claimed by a sender that never wrote an outcome:
  // that attempt may have reached WeCom, so it counts as unanswered.
  await repo
    .createQueryBuilder()
    .update()
    .set({
      // First: MySQL/MariaDB evaluate SET assignments left to right, so after `locked_until = …`
      // this CASE would see the new lease and count every claim as unanswered.
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

/** Extends the lease of every row the claim still holds. */
export async function renewClaim(ds: DataSource, token: string, until: Date): Promise<void> {
  await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder()
    .update()
    .set({ lockedUntil: until })
    .where("locked_by = :token AND status = 'pending'", { token })
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
