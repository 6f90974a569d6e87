/**
 * Delivers outbox rows through the WeCom client. Two instances never send the same row twice:
 * a sender claims only what it can send within its lease, renews the lease while it works, and
 * re-checks its claim (the claim token is a fencing token) right before each send, so a row whose
 * claim ran out and was taken by another sender is skipped. Pushes carry WeCom's duplicate check
 * from their first attempt, every retry carries it (failure-policy.ts says why replies differ). Calls are spaced by the rate budget shared by all
 * instances (SharedRateLimiter). A time-out is not a failure: the call may have been delivered,
 * so it is repeated only where a second copy cannot reach anyone, else the row is 'unknown'.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { LoopHealth } from '../background';
import { OutboxMessage } from '../entities';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { OutboundMessage, UpdateTemplateCardInput as CardUpdateRequest } from '../wecom/api-types';
import { WeComApiError } from '../wecom/errors';
import { claimDueRows, finishClaimed, holdsClaim, renewClaim } from './claims';
import { decideAfterFailure, needsDuplicateCheck, withDuplicateCheck } from './failure-policy';
import { SharedRateLimiter } from './shared-rate';

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
  /** The app's budget per minute, across all instances. */
  ratePerMinute: number;
  maxAttempts: number;
  /** How long a claim lasts without renewal (default 60 s); renewed every third of it while sending. */
  leaseMs?: number;
  /** How often to look for due rows when nobody calls notify(). */
  pollMs?: number;
  concurrency?: number;
  retryBaseMs?: number;
  batchSize?: number;
  /** Wall time for the rate budget (tests and benches give a virtual one). */
  rateTime?: { now: () => number; sleep: (ms: number) => Promise<void> };
  /** The longest a send may take (the client's time-out), to size a claim (default 5 s). */
  sendTimeoutMs?: number;
}

export class OutboxSender {
  readonly id = `sender-${randomUUID().slice(0, 8)}`;
  private readonly clock: () => Date;
  private readonly limiter: SharedRateLimiter;
  private readonly health: LoopHealth;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private claimCount = 0;
  private readonly passes = new Set<Promise<number>>();
  private stopped = true;

  constructor(private readonly o: OutboxSenderOptions) {
    this.clock = o.clock ?? (() => new Date());
    this.limiter = new SharedRateLimiter({ ds: o.ds, ratePerMinute: o.ratePerMinute, ...o.rateTime });
    this.health = new LoopHealth(o.logger, 'outbox sender', this.clock);
  }

  private get leaseMs(): number {
    return this.o.leaseMs ?? 60_000;
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

  /**
   * How many rows one claim may take: what this sender can send within half its lease at the
   * budget's pace (slower sends, other instances sharing the budget and the renewal cover the rest).
   */
  claimSize(): number {
    const concurrency = this.o.concurrency ?? 4;
    const perSendMs = Math.max(this.limiter.intervalMs, (this.o.sendTimeoutMs ?? 5000) / concurrency);
    return Math.max(1, Math.min(this.o.batchSize ?? 50, Math.floor(this.leaseMs / 2 / perSendMs)));
  }

  /**
   * Claims due rows and delivers them with `concurrency` workers; when the queue runs dry a worker
   * claims the next batch while the others finish their sends, so the budget's slots are not lost
   * to a pause between batches. Resolves with how many rows were claimed.
   */
  private async pass(): Promise<number> {
    const queue: Array<{ row: OutboxMessage; token: string }> = [];
    // The rows of each claim not yet finished: only those need their lease renewed.
    const held = new Map<string, Set<number>>();
    let claimed = 0;
    let exhausted = false;
    let refilling: Promise<void> | null = null;
    const refill = async () => {
      const { token, rows } = await this.claimDue();
      if (rows.length === 0) exhausted = true;
      else held.set(token, new Set(rows.map((r) => r.id)));
      claimed += rows.length;
      for (const row of rows) queue.push({ row, token });
    };
    await refill();
    if (claimed === 0) return 0;
    const renewer = setInterval(() => {
      for (const [token, ids] of held) void renewClaim(this.o.ds, token, [...ids], this.leaseEnd()).catch(() => undefined);
    }, Math.max(50, Math.floor(this.leaseMs / 3)));
    try {
      const worker = async () => {
        for (;;) {
          const next = queue.shift();
          if (next) {
            try {
              await this.deliver(next.row, next.token);
            } finally {
              const ids = held.get(next.token);
              ids?.delete(next.row.id);
              if (ids?.size === 0) held.delete(next.token);
            }
            continue;
          }
          if (exhausted || this.stopped) return;
          refilling ??= refill().finally(() => {
            refilling = null;
          });
          await refilling;
        }
      };
      const results = await Promise.allSettled(Array.from({ length: this.o.concurrency ?? 4 }, worker));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    } finally {
      clearInterval(renewer);
    }
    return claimed;
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
    await this.health.run(async () => {
      do {
        this.wakeRequested = false;
        while (!this.stopped && (await this.runOnce()) > 0);
      } while (this.wakeRequested && !this.stopped);
    });
    this.schedule(this.o.pollMs ?? 1000);
  }

  private async claimDue(): Promise<{ token: string; rows: OutboxMessage[] }> {
    // A token per claim, not per sender: two passes of this sender (the loop and a drain) at the
    // same millisecond must not both read back the same rows as theirs.
    const token = `${this.id}-${++this.claimCount}`;
    const rows = await claimDueRows(this.o.ds, { token, now: this.clock(), leaseMs: this.leaseMs, take: this.claimSize() });
    return { token, rows };
  }

  private leaseEnd(): Date {
    return new Date(this.clock().getTime() + this.leaseMs);
  }

  private async deliver(row: OutboxMessage, token: string): Promise<void> {
    const log = this.o.logger.child({ outboxId: row.id, kind: row.kind, attempt: row.attempts });
    await this.limiter.acquire();
    if (!(await holdsClaim(this.o.ds, row.id, token, this.leaseEnd()))) {
      log.warn('outbox row taken over by another sender before it was sent; not sending it');
      return;
    }
    let result: OutboxMessage['result'];
    try {
      if (row.kind === 'message') {
        const message = row.payload as unknown as OutboundMessage;
        result = await this.o.transport.sendMessage(needsDuplicateCheck(row) ? withDuplicateCheck(message) : message);
        if (result.invalidUsers?.length) log.warn({ invalidUsers: result.invalidUsers }, 'WeCom did not deliver to some recipients');
      } else {
        result = { invalidUsers: (await this.o.transport.updateTemplateCard(row.payload as unknown as CardUpdateRequest)).invalidUsers };
      }
    } catch (err) {
      await this.recordFailure(row, token, err, log);
      return;
    }
    // Outside the try: if this write fails (the database went away), the row is not "failed":
    // its lease runs out and the sender that takes it over counts this attempt as unanswered.
    await finishClaimed(this.o.ds, row.id, token, { status: 'sent', result, sentAt: this.clock(), errcode: null, lastError: null });
    this.o.metrics?.outboxDelivered.inc({ outcome: 'sent' });
  }

  private async recordFailure(row: OutboxMessage, token: string, err: unknown, log: Logger): Promise<void> {
    const apiError = err instanceof WeComApiError ? err : null;
    // An error that is not WeCom's (a bug in a transport) is worth another attempt.
    const failure = { errcode: apiError?.errcode ?? null, retryable: apiError?.retryable ?? true, noAnswer: apiError?.outcomeUnknown ?? false };
    const message = err instanceof Error ? err.message : String(err);
    const timeouts = row.timeouts + (failure.noAnswer ? 1 : 0);
    const changes = { errcode: failure.errcode, lastError: message.slice(0, 2000), timeouts };
    const next = decideAfterFailure(row, failure, this.o.maxAttempts);
    if (next.kind === 'retry') {
      const delay = backoffMs(row.attempts, this.o.retryBaseMs ?? 2000);
      log.warn({ errcode: failure.errcode, err: message, retryInMs: delay, timeouts }, 'outbox delivery failed; will retry');
      await finishClaimed(this.o.ds, row.id, token, { status: 'pending', nextAttemptAt: new Date(this.clock().getTime() + delay), ...changes });
      this.o.metrics?.outboxDelivered.inc({ outcome: 'retry' });
      return;
    }
    if (next.kind === 'unknown') log.warn({ errcode: failure.errcode, err: message, timeouts }, `outbox delivery result unknown (WeCom may have delivered it): ${next.why}`);
    else log.error({ errcode: failure.errcode, err: message }, 'outbox delivery failed for good');
    await finishClaimed(this.o.ds, row.id, token, { status: next.kind, ...changes });
    this.o.metrics?.outboxDelivered.inc({ outcome: next.kind });
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
    .where({ status: In(['pending', 'sent', 'failed', 'unknown']) })
    .groupBy('o.status')
    .getRawMany();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
