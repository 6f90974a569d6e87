/**
 * The callback record, the ack path's one write: records arriving together are each recorded or
 * recognised as a duplicate on their own (SQLite writes them in one transaction), and a record is
 * never part of another writer's transaction, so a rollback there cannot take an acknowledged
 * callback with it.
 */
import type { DataSource } from 'typeorm';
import { CallbackQueue, retryLockConflicts } from '../../src/bot/callback-queue';
import { InboundCallback } from '../../src/entities';
import { openTestDatabase } from '../helpers/db';

const row = (n: number) => ({ dedupeKey: `msg:${7400000000000000000n + BigInt(n)}`, fromUser: 'lihua', kind: 'text', payload: `<xml>${n}</xml>` });

describe('the callback record', () => {
  let ds: DataSource;
  let queue: CallbackQueue;
  beforeEach(async () => {
    ds = await openTestDatabase();
    queue = new CallbackQueue(ds, () => new Date(), 'cb-test', 60_000);
  });
  afterEach(() => ds.destroy());

  it('records callbacks that arrive together, each once, and tells a duplicate apart within the same moment', async () => {
    expect(await queue.record(row(0), false)).toBe('recorded');

    // Arrive in one turn of the event loop: a new one, a retry of the one already recorded, a
    // retry of one in this same group, and one claimed by this process.
    const outcomes = await Promise.all([queue.record(row(1), false), queue.record(row(0), false), queue.record(row(2), false), queue.record(row(1), false), queue.record(row(3), true)]);

    expect(outcomes).toEqual(['recorded', 'duplicate', 'recorded', 'duplicate', 'recorded']);
    const rows = await ds.getRepository(InboundCallback).find({ order: { dedupeKey: 'ASC' } });
    expect(rows.map((r) => [r.dedupeKey, r.status, r.payload])).toEqual([
      [row(0).dedupeKey, 'received', '<xml>0</xml>'],
      [row(1).dedupeKey, 'received', '<xml>1</xml>'],
      [row(2).dedupeKey, 'received', '<xml>2</xml>'],
      [row(3).dedupeKey, 'handling', '<xml>3</xml>'],
    ]);
    expect(rows[3].claimedBy).toBe('cb-test');
  });

  it('keeps a callback recorded while another writer holds a transaction open that then rolls back', async () => {
    let recorded: Promise<string> | null = null;
    const failed = ds
      .transaction(async (manager) => {
        await manager.query(`UPDATE inbound_callbacks SET error = 'x' WHERE 1 = 0`);
        // The writer waits on something outside the database (a WeCom call, a timer) mid-transaction,
        // while a callback arrives and is recorded.
        recorded = queue.record(row(10), false);
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error('the other writer fails');
      })
      .then(
        () => 'committed',
        (err: Error) => err.message,
      );

    expect(await failed).toBe('the other writer fails');
    expect(await recorded!).toBe('recorded');
    const kept = await ds.getRepository(InboundCallback).findOneBy({ dedupeKey: row(10).dedupeKey });
    expect(kept?.status).toBe('received');
  });
});

describe('claiming waiting callbacks', () => {
  let ds: DataSource;
  afterEach(() => ds.destroy());

  it('claims the oldest first, an abandoned claim among them, and leaves a live claim and finished rows alone', async () => {
    ds = await openTestDatabase();
    const now = new Date('2026-11-30T03:00:00Z');
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    const put = (n: number, status: string, receivedS: number, lease: Date | null, claimedBy: string | null) =>
      ds.getRepository(InboundCallback).insert({ ...row(n), status: status as InboundCallback['status'], receivedAt: at(receivedS), leaseUntil: lease, claimedBy });
    await put(1, 'received', -30, null, null);
    await put(2, 'handling', -50, at(-1), 'cb-dead'); // its process died: lease ran out
    await put(3, 'handling', -60, at(30), 'cb-alive'); // still being handled elsewhere
    await put(4, 'done', -70, null, 'cb-old');
    await put(5, 'received', -10, null, null);
    await put(6, 'received', -20, null, null);
    const queue = new CallbackQueue(ds, () => now, 'cb-me', 60_000);

    // The three oldest claimable rows (the newest waiting one, 5, is left for the next claim).
    const first = await queue.claim(3);
    expect(first.map((r) => r.dedupeKey).sort()).toEqual([row(1), row(2), row(6)].map((r) => r.dedupeKey));
    expect(first.find((r) => r.dedupeKey === row(2).dedupeKey)?.payload).toBe('<xml>2</xml>');
    const second = await queue.claim(3);
    expect(second.map((r) => r.dedupeKey)).toEqual([row(5).dedupeKey]);
    expect(await queue.claim(3)).toEqual([]);
    const mine = await ds.getRepository(InboundCallback).findBy({ claimedBy: 'cb-me' });
    expect(mine.map((r) => r.dedupeKey).sort()).toEqual([row(1), row(2), row(5), row(6)].map((r) => r.dedupeKey).sort());
  });
});

describe('a write InnoDB rolled back for a lock conflict', () => {
  const conflict = (code: string) => Object.assign(new Error(code), { driverError: { code } });

  it('is run again until it goes through, and any other error is not retried', async () => {
    let calls = 0;
    const finished = await retryLockConflicts(async () => {
      calls++;
      if (calls === 1) throw conflict('ER_LOCK_DEADLOCK');
      if (calls === 2) throw conflict('ER_LOCK_WAIT_TIMEOUT');
      return 'done';
    });
    expect([finished, calls]).toEqual(['done', 3]);

    let duplicateCalls = 0;
    await expect(
      retryLockConflicts(async () => {
        duplicateCalls++;
        throw conflict('ER_DUP_ENTRY');
      }),
    ).rejects.toThrow('ER_DUP_ENTRY');
    expect(duplicateCalls).toBe(1);
  });

  it('gives up after a bounded number of attempts', async () => {
    let calls = 0;
    await expect(
      retryLockConflicts(async () => {
        calls++;
        throw conflict('ER_LOCK_DEADLOCK');
      }, 3),
    ).rejects.toThrow('ER_LOCK_DEADLOCK');
    expect(calls).toBe(3);
  });
});
