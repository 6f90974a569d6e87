/**
 * HR's retry of messages that failed for good (e.g. 45009 after every attempt): each failed row of
 * a run, or the rows named, goes back to pending with exactly one attempt left, and is sent like
 * any other row (with WeCom's duplicate check). 'unknown' rows (no answer from WeCom: maybe
 * delivered) are not retried: a second copy could reach someone. Every retry is audited.
 */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { OutboxMessage } from '../entities';
import { runKeyPrefix } from '../jobs/runner-context';

export type RetryTarget = { job: string; periodKey: string } | { ids: number[] };

export interface RetryResult {
  ids: number[];
  recipients: string[];
}

export async function retryFailedRows(
  ds: DataSource,
  target: RetryTarget,
  o: { actor: string; now: Date; maxAttempts: number; reason: string },
): Promise<RetryResult> {
  return ds.manager.transaction(async (tx) => {
    const query = tx.getRepository(OutboxMessage).createQueryBuilder('o').where("o.status = 'failed'");
    if ('ids' in target) {
      if (target.ids.length === 0) return { ids: [], recipients: [] };
      query.andWhere('o.id IN (:...ids)', { ids: target.ids });
    } else {
      const prefix = runKeyPrefix(target.job, target.periodKey).replace(/[!%_]/g, '!$&');
      query.andWhere("o.dedupeKey LIKE :p ESCAPE '!'", { p: `${prefix}%` });
    }
    const rows = await query.orderBy('o.id', 'ASC').getMany();
    if (rows.length === 0) return { ids: [], recipients: [] };
    const ids = rows.map((r) => r.id);
    // One attempt left: the sender's claim counts it, and any failure is final again.
    const res = await tx
      .getRepository(OutboxMessage)
      .createQueryBuilder()
      .update()
      .set({ status: 'pending', attempts: Math.max(0, o.maxAttempts - 1), nextAttemptAt: o.now, lockedBy: null, lockedUntil: null })
      .where("id IN (:...ids) AND status = 'failed'", { ids })
      .execute();
    await writeAudit(
      tx,
      {
        actor: o.actor,
        action: 'outbox.retry',
        entity: 'outbox',
        entityId: 'ids' in target ? ids.join(',') : runKeyPrefix(target.job, target.periodKey),
        before: rows.map((r) => ({ id: r.id, status: r.status, errcode: r.errcode, attempts: r.attempts })),
        after: { status: 'pending', rows: res.affected ?? ids.length },
        reason: o.reason,
      },
      o.now,
    );
    return { ids, recipients: rows.flatMap((r) => r.recipients.split('|').filter(Boolean)) };
  });
}
