/**
 * Delivers outbox rows through the WeCom client. Two instances never send the same row twice:
 * a sender claims only what it can send within its lease, renews the lease while it works, and
 * re-checks its claim (the claim token is a fencing token) right before each send, so a row whose
 * claim ran out and was taken by another sender is skipped. Every message/send carries WeCom's
 * duplicate check from its first attempt. Calls are spaced by the rate budget shared by all
 * instances (SharedRateLimiter). A time-out is not a failure: the call may have been delivered,
 * so it is repeated only where a second copy cannot reach anyone, else the row is 'unknown'.
 */
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, LessThan, LessThanOrEqual } from 'typeorm';
import { LoopHealth } from '../background';
import { OutboxMessage } from '../entities';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { OutboundMessage, UpdateTemplateCardInput as CardUpdateRequest } from '../wecom/api-types';
import { WeComApiError } from '../wecom/errors';
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

/** WeCom's longest duplicate-check window (§4.2): a re-send within it is dropped if the first landed. */
export const DUPLICATE_CHECK_INTERVAL_S = 4 * 3600;

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

  private async pass(): Promise<number> {
    const { token, rows } = await this.claimDue();
    if (rows.length === 0) return 0;
    const renewer = setInterval(() => void this.renew(token).catch(() => undefined), Math.max(50, Math.floor(this.leaseMs / 3)));
    try {
      const queue = [...rows];
      const workers = Array.from({ length: Math.min(this.o.concurrency ?? 4, queue.length) }, async () => {
        for (let row = queue.shift(); row; row = queue.shift()) await this.deliver(row, token);
      });
      await Promise.all(workers);
    } finally {
      clearInterval(renewer);
    }
    return rows.length;
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
    const repo = this.o.ds.getRepository(OutboxMessage);
    const now = this.clock();
    // A token per claim, not per sender: two passes of this sender (the loop and a drain) at the
    // same millisecond must not both read back the same rows as theirs.
    const token = `${this.id}-${++this.claimCount}`;
    const candidates = await repo.find({
      select: { id: true },
      where: [
        { status: 'pending', nextAttemptAt: LessThanOrEqual(now), lockedUntil: IsNull() },
        { status: 'pending', nextAttemptAt: LessThanOrEqual(now), lockedUntil: LessThan(now) },
      ],
      order: { id: 'ASC' },
      take: this.claimSize(),
    });
    if (candidates.length === 0) return { token, rows: [] };
    const until = new Date(now.getTime() + this.leaseMs);
    // One conditional update claims the batch: another sender's update matches none of the same rows.
    // A row still locked (its lease ran out) was claimed by a sender that never wrote an outcome:
    // that attempt may have reached WeCom, so it counts as unanswered.
    await repo
      .createQueryBuilder()
      .update()
      .set({
        lockedBy: token,
        lockedUntil: until,
        attempts: () => 'attempts + 1',
        timeouts: () => 'timeouts + (CASE WHEN locked_until IS NULL THEN 0 ELSE 1 END)',
      })
      .where('id IN (:...ids) AND status = :status', { ids: candidates.map((c) => c.id), status: 'pending' })
      .andWhere('(locked_until IS NULL OR locked_until < :now)', { now })
      .execute();
    const rows = await repo.find({ where: { id: In(candidates.map((c) => c.id)), lockedBy: token }, order: { id: 'ASC' } });
    return { token, rows };
  }

  /** Extends the lease of every row this claim still holds. */
  private async renew(token: string): Promise<void> {
    await this.o.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder()
      .update()
      .set({ lockedUntil: new Date(this.clock().getTime() + this.leaseMs) })
      .where("locked_by = :token AND status = 'pending'", { token })
      .execute();
  }

  /**
   * The fencing check right before a send: true while our claim on the row stands (and renews it).
   * False when the lease ran out and another sender took the row: it is theirs to send now.
   */
  private async stillMine(row: OutboxMessage, token: string): Promise<boolean> {
    const res = await this.o.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder()
      .update()
      .set({ lockedUntil: new Date(this.clock().getTime() + this.leaseMs) })
      .where("id = :id AND locked_by = :token AND status = 'pending'", { id: row.id, token })
      .execute();
    return res.affected === 1;
  }

  private async deliver(row: OutboxMessage, token: string): Promise<void> {
    const log = this.o.logger.child({ outboxId: row.id, kind: row.kind, attempt: row.attempts });
    await this.limiter.acquire();
    if (!(await this.stillMine(row, token))) {
      log.warn('outbox row taken over by another sender before it was sent; not sending it');
      return;
    }
    try {
      if (row.kind === 'message') {
        const res = await this.o.transport.sendMessage(withDuplicateCheck(row.payload as unknown as OutboundMessage));
        if (res.invalidUsers.length > 0) log.warn({ invalidUsers: res.invalidUsers }, 'WeCom did not deliver to some recipients');
        await this.finish(row, token, { status: 'sent', result: res, sentAt: this.clock(), errcode: null, lastError: null });
      } else {
        const res = await this.o.transport.updateTemplateCard(row.payload as unknown as CardUpdateRequest);
        await this.finish(row, token, { status: 'sent', result: { invalidUsers: res.invalidUsers }, sentAt: this.clock(), errcode: null, lastError: null });
      }
      this.o.metrics?.outboxDelivered.inc({ outcome: 'sent' });
    } catch (err) {
      await this.recordFailure(row, token, err, log);
    }
  }

  private async recordFailure(row: OutboxMessage, token: string, err: unknown, log: Logger): Promise<void> {
    const apiError = err instanceof WeComApiError ? err : null;
    const noAnswer = apiError?.outcomeUnknown ?? false;
    const timeouts = row.timeouts + (noAnswer ? 1 : 0);
    const message = err instanceof Error ? err.message : String(err);
    const base = { errcode: apiError?.errcode ?? null, lastError: message.slice(0, 2000), timeouts };
    const settle = async (status: 'unknown' | 'failed', why: string) => {
      (status === 'unknown' ? log.warn.bind(log) : log.error.bind(log))({ errcode: apiError?.errcode, err: message, timeouts }, why);
      await this.finish(row, token, { status, ...base });
      this.o.metrics?.outboxDelivered.inc({ outcome: status });
    };
    if (noAnswer && !safeToRepeat(row)) {
      return settle('unknown', 'outbox delivery got no answer and cannot be repeated safely (WeCom may have delivered it): result unknown');
    }
    // A card or card update refused after an attempt that may have landed: most likely refused
    // because it did land (task_id already used, response_code spent).
    if (!noAnswer && row.timeouts > 0 && !(apiError?.retryable ?? true) && !underDuplicateCheck(row)) {
      return settle('unknown', 'outbox delivery refused after an unanswered attempt: the first one probably landed; result unknown');
    }
    const transient = apiError ? apiError.retryable : true;
    if (transient && row.attempts < this.o.maxAttempts) {
      const delay = backoffMs(row.attempts, this.o.retryBaseMs ?? 2000);
      log.warn({ errcode: apiError?.errcode, err: message, retryInMs: delay }, 'outbox delivery failed; will retry');
      await this.finish(row, token, { status: 'pending', nextAttemptAt: new Date(this.clock().getTime() + delay), ...base });
      this.o.metrics?.outboxDelivered.inc({ outcome: 'retry' });
      return;
    }
    if (timeouts > 0 && transient) return settle('unknown', 'outbox delivery gave up after unanswered attempts: result unknown');
    return settle('failed', 'outbox delivery failed for good');
  }

  /** Writes the outcome only while our claim still stands, and releases it. */
  private async finish(row: OutboxMessage, token: string, changes: Partial<OutboxMessage>): Promise<void> {
    await this.o.ds
      .getRepository(OutboxMessage)
      .createQueryBuilder()
      .update()
      .set({ ...changes, lockedBy: null, lockedUntil: null } as Record<string, unknown>)
      .where('id = :id AND locked_by = :token', { id: row.id, token })
      .execute();
  }
}

/** Every message/send asks WeCom to drop a copy it delivered within the last 4 hours. */
export function withDuplicateCheck(message: OutboundMessage): OutboundMessage {
  return { ...message, enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_INTERVAL_S } as OutboundMessage;
}

function isTemplateCard(row: OutboxMessage): boolean {
  return row.kind === 'message' && (row.payload as { msgtype?: string }).msgtype === 'template_card';
}

/** A message WeCom's duplicate check covers. Template cards are left out: that the check covers them is not confirmed. */
function underDuplicateCheck(row: OutboxMessage): boolean {
  return row.kind === 'message' && !isTemplateCard(row);
}

/**
 * Whether a call that may have landed can be made again without a second copy reaching anyone:
 * a message under the duplicate check; a template card with a task_id (WeCom refuses a task_id
 * used before); a card update (replacing a card with the same card changes nothing).
 */
export function safeToRepeat(row: OutboxMessage): boolean {
  if (row.kind === 'card_update') return true;
  if (!isTemplateCard(row)) return true;
  const card = (row.payload as { template_card?: { task_id?: unknown } }).template_card;
  return typeof card?.task_id === 'string' && card.task_id !== '';
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
