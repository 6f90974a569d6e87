/**
 * The outbox writer. Every outbound WeCom call is a row first, written with the EntityManager of
 * the transaction that caused it, so a rolled-back change sends nothing and a crash loses nothing.
 */
import { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../data-source';
import { OutboxMessage } from '../entities';
import type { OutboundMessage, UpdateTemplateCardInput as CardUpdateRequest } from '../wecom/api-types';

export type OutboxItem =
  | { kind: 'message'; message: OutboundMessage; dedupeKey?: string; notBefore?: Date }
  | { kind: 'card_update'; update: CardUpdateRequest; dedupeKey?: string };

/**
 * Adds an item; with a dedupeKey that is already present it adds nothing and returns null
 * (so a job re-run or a repeated tap cannot enqueue the same message twice).
 */
export async function enqueueOutbox(manager: EntityManager, item: OutboxItem, now: Date): Promise<number | null> {
  const recipients = item.kind === 'message' ? item.message.touser : item.update.userids;
  const payload = (item.kind === 'message' ? item.message : item.update) as unknown as Record<string, unknown>;
  if (item.dedupeKey !== undefined && (await manager.existsBy(OutboxMessage, { dedupeKey: item.dedupeKey }))) {
    return null;
  }
  try {
    const result = await manager.insert(OutboxMessage, {
      kind: item.kind,
      dedupeKey: item.dedupeKey ?? null,
      recipients: recipients.join('|').slice(0, 1024),
      payload: payload as never, // simple-json column: TypeORM's deep-partial type does not fit a JSON object
      status: 'pending',
      attempts: 0,
      // A message held back (quiet hours) waits in the outbox until then; the sender's claim skips it.
      nextAttemptAt: item.kind === 'message' && item.notBefore && item.notBefore > now ? item.notBefore : now,
      createdAt: now,
    });
    return result.identifiers[0].id as number;
  } catch (err) {
    // Two writers raced on the same key: the other one won, which is the point of the key.
    if (item.dedupeKey !== undefined && isUniqueViolation(err)) return null;
    throw err;
  }
}
