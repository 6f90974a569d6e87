/**
 * Conversations: a member's next messages belong to a flow in progress (an appeal's reason, then its
 * evidence) until it ends or expires. Stored in the database so they survive restarts and instances.
 */
import type { DataSource } from 'typeorm';
import { Conversation } from '../entities';

export interface ActiveConversation {
  kind: string;
  state: Record<string, unknown>;
  expiresAt: Date;
}

export async function startConversation(ds: DataSource, userId: string, kind: string, state: Record<string, unknown>, now: Date, ttlMs: number): Promise<void> {
  await ds.getRepository(Conversation).save({ userId, kind, state, expiresAt: new Date(now.getTime() + ttlMs), updatedAt: now });
}

/** The member's conversation if one is in progress; an expired one is removed and not returned. */
export async function activeConversation(ds: DataSource, userId: string, now: Date): Promise<ActiveConversation | null> {
  const row = await ds.getRepository(Conversation).findOneBy({ userId });
  if (!row) return null;
  if (row.expiresAt.getTime() <= now.getTime()) {
    await ds.getRepository(Conversation).delete({ userId, updatedAt: row.updatedAt });
    return null;
  }
  return { kind: row.kind, state: row.state, expiresAt: row.expiresAt };
}

export async function updateConversation(ds: DataSource, userId: string, state: Record<string, unknown>, now: Date, ttlMs?: number): Promise<void> {
  const changes: Partial<Conversation> = { state, updatedAt: now };
  if (ttlMs !== undefined) changes.expiresAt = new Date(now.getTime() + ttlMs);
  await ds.getRepository(Conversation).update({ userId }, changes as never);
}

export async function endConversation(ds: DataSource, userId: string): Promise<void> {
  await ds.getRepository(Conversation).delete({ userId });
}
