/**
 * Outbox claims under a backlog: a claim takes the due rows in order (earliest due first) without
 * touching rows held for later or still leased, and a lease renewal touches only the rows of the
 * claim that are not finished. A burst once left 60,000 pending rows; every renewal read them all
 * (by token) and the claim sorted them all, blocking SQLite's event loop until callback handling
 * stalled (bench:callback's burst drain fell from 1,100/s to 0).
 */
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../src/entities';
import { claimDueRows, renewClaim } from '../../src/outbox/claims';
import { openTestDatabase } from '../helpers/db';

const NOW = new Date('2026-11-27T09:00:00Z');
const at = (s: number) => new Date(NOW.getTime() + s * 1000);

describe('outbox claims', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await openTestDatabase();
  });
  afterEach(() => ds.destroy());

  const add = (key: string, nextAttemptAt: Date, extra: Partial<OutboxMessage> = {}) =>
    ds.getRepository(OutboxMessage).save({ kind: 'message', dedupeKey: key, recipients: 'wuhao', payload: { msgtype: 'text' }, status: 'pending', attempts: 0, nextAttemptAt, createdAt: NOW, ...extra });

  it('takes due rows earliest first, skipping rows held for later and rows another sender still leases', async () => {
    const retryLater = await add('retry', at(-10));
    const first = await add('first', at(-60));
    await add('held', at(3600)); // quiet hours: not before then
    await add('leased', at(-120), { lockedBy: 'other', lockedUntil: at(30) });
    const abandoned = await add('abandoned', at(-90), { lockedBy: 'dead', lockedUntil: at(-1) });
    const second = await add('second', at(-30));

    const rows = await claimDueRows(ds, { token: 'mine', now: NOW, leaseMs: 60_000, take: 3 });

    // The three due earliest (the retry, due last, waits), delivered in the order they were queued.
    expect(rows.map((r) => r.dedupeKey)).toEqual(['first', 'abandoned', 'second']);
    expect(rows.every((r) => r.lockedBy === 'mine')).toBe(true);
    // The abandoned claim's attempt may have reached WeCom: it counts as unanswered.
    expect(rows.find((r) => r.id === abandoned.id)?.timeouts).toBe(1);
    const rest = await claimDueRows(ds, { token: 'mine2', now: NOW, leaseMs: 60_000, take: 10 });
    expect(rest.map((r) => r.id)).toEqual([retryLater.id]);
    expect([first.id, second.id].every((id) => !rest.some((r) => r.id === id))).toBe(true);
  });

  it('renews only the rows it is given of its own claim', async () => {
    const a = await add('a', at(-10));
    const b = await add('b', at(-5));
    await claimDueRows(ds, { token: 'mine', now: NOW, leaseMs: 60_000, take: 10 });
    await ds.getRepository(OutboxMessage).update({ id: b.id }, { status: 'sent' });

    await renewClaim(ds, 'mine', [a.id], at(600));
    await renewClaim(ds, 'someone-else', [a.id], at(9999));

    const after = await ds.getRepository(OutboxMessage).findOneByOrFail({ id: a.id });
    expect(after.lockedUntil?.getTime()).toBe(at(600).getTime());
    const finished = await ds.getRepository(OutboxMessage).findOneByOrFail({ id: b.id });
    expect(finished.lockedUntil?.getTime()).toBe(at(60).getTime());
  });
});
