/**
 * Delivers outbox rows through the WeCom client: claims due rows with a lease (so two instances
 * never send the same row at once), spaces calls with the rate limiter, retries transient errors
 * with backoff and records permanent ones. A row claimed by a sender that died is taken over when
 * its lease runs out; that re-send asks WeCom's duplicate check to drop it if the first one landed.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { OutboxMessage } from '../entities';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { OutboundMessage, UpdateTemplateCardInput as CardUpdateRequest } from '../wecom/api-types';
import { WeComApiError } from '../wecom/errors';
import { RateLimiter } from './rate-limiter';

export interface OutboxTransport {
  sendMessage(msg: OutboundMessage): Promise<{ msgId?: string; responseCode?: string; invalidUsers: string[] }>;
  updateTemplateCard(req: CardUpdateRequest): Promise<{ invalidUsers: string[] }>;
}

export interface OutboxSenderOptions {
  ds: DataSource;
  transport: OutboxTransport;
  logger: Logger;
  metrics?: Metrics;
  clock?: () => Date;
  ratePerMinute: number;
  maxAttempts: number;
  /** How long a claim lasts; a send takes far less. */
  leaseMs?: number;
  /** How often to look for due rows when nobody calls notify(). */
  pollMs?: number;
  concurrency?: number;
  retryBaseMs?: number;
  batchSize?: number;
}

const DUPLICATE_CHECK_INTERVAL_S = 4 * 3600;

/** A claimed row; takenOver when an earlier claim ran out without an outcome (its sender died). */
type Claimed = OutboxMessage & { takenOver: boolean };

export class OutboxSender {
  readonly id = `sender-${randomUUID().slice(0, 8)}`;
  private readonly clock: () => Date;
  private readonly limiter: RateLimiter;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private claimCount = 0;
  private readonly passes = new Set<Promise<number>>();
  private stopped = true;

  constructor(private readonly o: OutboxSenderOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.limiter = new RateLimiter(o.ratePerMinute);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops polling and waits for the deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** A producer just committed rows: deliver them now rather than at the next poll. */
  notify(): void {
    if (this.stopped) return;
    if (this.running) this.wakeRequested = true;
    else this.schedule(0);
  }

  /** Delivers every row that is due now; resolves with how many were attempted. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  /** Resolves when no pass of this sender is under way (rows claimed by it are finished). */
  async idle(): Promise<void> {
    while (this.running || this.passes.size > 0) {
      await Promise.allSettled([this.running, ...this.passes]);
    }
  }

  async runOnce(): Promise<number> {
    const pass = this.pass();
    this.passes.add(pass);
    try {
      return await pass;
    } finally {
      this.passes.delete(pass);
    }
  }

  private async pass(): Promise<number> {
    const claimed = await this.claimDue();
    const queue = [...claimed];
    const workers = Array.from({ length: Math.min(this.o.concurrency ?? 4, queue.length) }, async () => {
      for (let row = queue.shift(); row; row = queue.shift()) await this.deliver(row);
    });
    await Promise.all(workers);
    return claimed.length;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.loop().finally(() => {
        this.running = null;
      });
    }, ms);
  }

  private async loop(): Promise<void> {
    try {
      do {
        this.wakeRequested = false;
        while (!this.stopped && (await this.runOnce()) > 0);
      } while (this.wakeRequested && !this.stopped);
    } catch (err) {
      this.o.logger.error({ err }, 'outbox sender pass failed; will retry');
    }
    this.schedule(this.o.pollMs ?? 1000);
  }

  private async claimDue(): Promise<Claimed[]> {
    const repo = this.o.ds.getRepository(OutboxMessage);
    const now = this.clock();
    const candidates = await repo.find({
      where: [
        { status: 'pending', nextAttemptAt: LessThanOrEqual(now), lockedUntil: IsNull() },
        { status: 'pending', nextAttemptAt: LessThanOrEqual(now), lockedUntil: LessThan(now) },
      ],
      order: { id: 'ASC' },
      take: this.o.batchSize ?? 50,
    });
    if (candidates.length === 0) return [];
    const until = new Date(now.getTime() + (this.o.leaseMs ?? 60_000));
    // A token per claim, not per sender: two passes of this sender (the loop and a drain) at the
    // same millisecond must not both read back the same rows as theirs.
    const token = `${this.id}-${++this.claimCount}`;
    // One conditional update claims the batch: another sender's update matches none of the same rows.
    // (A round trip per row left the rate limiter idle between batches on MariaDB.)
    await repo
      .createQueryBuilder()
      .update()
      .set({ lockedBy: token, lockedUntil: until, attempts: () => 'attempts + 1' })
      .where('id IN (:...ids) AND status = :status', { ids: candidates.map((c) => c.id), status: 'pending' })
      .andWhere('(locked_until IS NULL OR locked_until < :now)', { now })
      .execute();
    const mine = await repo.find({ where: { id: In(candidates.map((c) => c.id)), lockedBy: token }, order: { id: 'ASC' } });
    const before = new Map(candidates.map((c) => [c.id, c]));
    const claimed: Claimed[] = mine.map((row) => ({ ...row, takenOver: before.get(row.id)?.lockedUntil != null }));
    return claimed;
  }

  private async deliver(row: Claimed): Promise<void> {
    const log = this.o.logger.child({ outboxId: row.id, kind: row.kind, attempt: row.attempts });
    await this.limiter.acquire();
    try {
      if (row.kind === 'message') {
        const message = { ...(row.payload as unknown as OutboundMessage) };
        // A row that was claimed before and never finished may have reached WeCom already.
        if (row.takenOver) {
          Object.assign(message, { enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_INTERVAL_S });
        }
        const res = await this.o.transport.sendMessage(message);
        if (res.invalidUsers.length > 0) log.warn({ invalidUsers: res.invalidUsers }, 'WeCom did not deliver to some recipients');
        await this.finish(row, { status: 'sent', result: res, sentAt: this.clock(), errcode: null, lastError: null });
      } else {
        const res = await this.o.transport.updateTemplateCard(row.payload as unknown as CardUpdateRequest);
        await this.finish(row, { status: 'sent', result: { invalidUsers: res.invalidUsers }, sentAt: this.clock(), errcode: null, lastError: null });
      }
      this.o.metrics?.outboxDelivered.inc({ outcome: 'sent' });
    } catch (err) {
      await this.recordFailure(row, err, log);
    }
  }

  private async recordFailure(row: OutboxMessage, err: unknown, log: Logger): Promise<void> {
    const apiError = err instanceof WeComApiError ? err : null;
    const transient = apiError ? apiError.retryable : true;
    const message = err instanceof Error ? err.message : String(err);
    if (transient && row.attempts < this.o.maxAttempts) {
      const delay = backoffMs(row.attempts, this.o.retryBaseMs ?? 2000);
      log.warn({ errcode: apiError?.errcode, err: message, retryInMs: delay }, 'outbox delivery failed; will retry');
      await this.finish(row, {
        status: 'pending',
        nextAttemptAt: new Date(this.clock().getTime() + delay),
        errcode: apiError?.errcode ?? null,
        lastError: message.slice(0, 2000),
      });
      this.o.metrics?.outboxDelivered.inc({ outcome: 'retry' });
      return;
    }
    log.error({ errcode: apiError?.errcode, err: message }, 'outbox delivery failed for good');
    await this.finish(row, { status: 'failed', errcode: apiError?.errcode ?? null, lastError: message.slice(0, 2000) });
    this.o.metrics?.outboxDelivered.inc({ outcome: 'failed' });
  }

  /** Writes the outcome only while our claim still stands, and releases it. */
  private async finish(row: OutboxMessage, changes: Partial<OutboxMessage>): Promise<void> {
    await this.o.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder()
      .update()
      .set({ ...changes, lockedBy: null, lockedUntil: null } as Record<string, unknown>)
      .where('id = :id AND locked_by = :token', { id: row.id, token: row.lockedBy })
      .execute();
  }
}

export function backoffMs(attempt: number, baseMs: number): number {
  const exp = Math.min(baseMs * 2 ** (attempt - 1), 15 * 60_000);
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

/** Outbox rows by status, for /metrics and `perfbot outbox`. */
export async function countOutbox(ds: DataSource): Promise<Record<string, number>> {
  const rows: { status: string; n: string | number }[] = await ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .select('o.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .where({ status: In(['pending', 'sent', 'failed']) })
    .groupBy('o.status')
    .getRawMany();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
