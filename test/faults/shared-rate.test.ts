/**
 * The configured send rate is the app's budget across instances (issue 9, item 14): two senders
 * on one database, each configured at 60/min, together send 60 in a minute, not 120. Counted on
 * a virtual clock (each send is stamped with the virtual instant it was made at), so the figure
 * is exact and cannot flake; bench/rate.ts measures the same in real time.
 */
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../src/entities';
import { enqueueOutbox } from '../../src/outbox/outbox';
import { OutboxSender, type OutboxTransport } from '../../src/outbox/sender';
import { SharedRateLimiter } from '../../src/outbox/shared-rate';
import { openTestDatabase } from '../helpers/db';

jest.setTimeout(120_000);

/**
 * A clock shared by both senders: a sleep moves it to the end of the sleep at once. A send is
 * stamped at most one slot late (the other sender's sleep may have moved the clock on), since
 * each sender runs one delivery at a time here.
 */
function virtualTime(start: number) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now = Math.max(now, now + ms);
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('the rate budget shared by two instances', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('gives two limiters one series of slots, evenly spaced at the configured rate', async () => {
    const time = virtualTime(1_000_000);
    const a = new SharedRateLimiter({ ds, ratePerMinute: 120, name: 'slots', now: time.now });
    const b = new SharedRateLimiter({ ds, ratePerMinute: 120, name: 'slots', now: time.now });
    const slots = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).claimSlots(1)));
    const sorted = [...slots].sort((x, y) => x - y);
    expect(new Set(slots).size).toBe(60);
    expect(sorted.slice(1).map((s, i) => s - sorted[i])).toEqual(Array(59).fill(500));
  });

  /** Queues `count` messages and has two senders on one database drain them at `ratePerMinute`; the virtual send times. */
  async function twoSendersDrain(time: ReturnType<typeof virtualTime>, o: { count: number; ratePerMinute: number; prefix: string }): Promise<number[]> {
    const sentAt: number[] = [];
    const transport: OutboxTransport = {
      async sendMessage() {
        sentAt.push(time.now());
        return { invalidUsers: [] };
      },
      async updateTemplateCard() {
        return { invalidUsers: [] };
      },
    };
    const now = new Date();
    for (let i = 0; i < o.count; i++) {
      await enqueueOutbox(ds.manager, { kind: 'message', message: { touser: [`${o.prefix}${i}`], msgtype: 'text', text: { content: `第 ${i} 条` } } }, now);
    }
    const senders = [0, 1].map(
      () => new OutboxSender({ ds, transport, logger: pino({ level: 'silent' }), ratePerMinute: o.ratePerMinute, maxAttempts: 3, concurrency: 1, rateTime: time }),
    );
    await Promise.all(senders.map((s) => s.drain()));
    return sentAt;
  }

  it('keeps two senders together to the configured 60/min (counted on a virtual clock)', async () => {
    const time = virtualTime(Date.now());
    const start = time.now();
    const sentAt = await twoSendersDrain(time, { count: 150, ratePerMinute: 60, prefix: 'u' });

    expect(sentAt).toHaveLength(150);
    expect(await ds.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBe(150);
    const inMinute = (m: number) => sentAt.filter((t) => t >= start + m * 60_000 && t < start + (m + 1) * 60_000).length;
    // Each of the first two whole minutes: 60 sends, within 5 % (alone, each sender would send 60).
    for (const minute of [0, 1]) {
      expect(inMinute(minute)).toBeGreaterThanOrEqual(57);
      expect(inMinute(minute)).toBeLessThanOrEqual(63);
    }
    const perMinute = ((sentAt.length - 1) * 60_000) / (Math.max(...sentAt) - start);
    expect(Math.abs(perMinute - 60) / 60).toBeLessThan(0.05);
  });

  it('keeps two senders together to the configured 1200/min when slots are claimed in blocks', async () => {
    await ds.getRepository(OutboxMessage).clear();
    const time = virtualTime(Date.now() + 3_600_000);
    const sentAt = await twoSendersDrain(time, { count: 400, ratePerMinute: 1200, prefix: 'v' });
    expect(sentAt).toHaveLength(400);
    const sorted = [...sentAt].sort((a, b) => a - b);
    // Never faster than the budget: any 20 consecutive sends span at least 19 slots (50 ms each), less
    // the one block (250 ms) a sender that fell behind may send at once (SharedRateLimiter.acquire);
    // asking for the full 19 slots failed on MariaDB whenever one sender's wait moved the shared clock
    // past the other's block.
    for (let i = 0; i + 19 < sorted.length; i++) expect(sorted[i + 19] - sorted[i]).toBeGreaterThanOrEqual(19 * 50 - 250);
    const perMinute = ((sorted.length - 1) * 60_000) / (sorted[sorted.length - 1] - sorted[0]);
    expect(Math.abs(perMinute - 1200) / 1200).toBeLessThan(0.05);
  });
});
