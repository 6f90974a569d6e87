/**
 * Takes a verified, parsed callback and records it: the inbound table is the de-duplication and
 * the handler queue. The ack waits only for that one INSERT; handlers run in the background at most
 * `concurrency` at once. A callback that finds every slot busy waits in the database (not in
 * memory) and is claimed when a slot frees, by this or another instance; a claim whose process
 * died is taken over once its lease runs out. So every recorded callback is handled once.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Employee } from '../entities';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { dedupeKey, parseInbound } from '../wecom/envelope';
import type { OutboundMessage } from '../wecom/api-types';
import type { InboundMessage } from '../wecom/inbound';
import { CallbackQueue, ClaimedRow } from './callback-queue';
import { BaseContext, BotServices, ReplyContent, toOutboundBody } from './context';
import { activeConversation, endConversation, updateConversation } from './conversations';
import { Bot, MatchedRoute, runRoute } from './router';

export interface DispatcherOptions {
  bot: Bot;
  services: BotServices;
  logger: Logger;
  metrics?: Metrics;
  /** A claim not renewed for this long is taken as abandoned by a dead process (default 60 s). */
  abandonAfterMs?: number;
  /** Handlers running at once in this process (default 4). */
  concurrency?: number;
  /** While callbacks keep arriving, handlers run at most this many at once, so acks come first (default 1). */
  busyConcurrency?: number;
  /** Callbacks being recorded at once; past it the answer is 'busy' (default 512). */
  maxPending?: number;
  /** A record not confirmed within this is answered 'busy', so WeCom retries (default 3 s). */
  recordTimeoutMs?: number;
}

/** busy: not recorded (or not known to be) in time; the caller answers non-200 so WeCom retries. */
export type AcceptOutcome = 'accepted' | 'duplicate' | 'closed' | 'busy';

const LATE = Symbol('late');
/** A callback within this long counts as "callbacks keep arriving". */
const PRESSURE_WINDOW_MS = 100;
/** Lets the I/O phase (other requests' acks) run between a handler's steps: SQLite queries never yield by themselves. */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Dispatcher {
  readonly queue: CallbackQueue;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly concurrency: number;
  private readonly busyConcurrency: number;
  private lastAcceptAt = -Infinity;
  private pressureTimer: NodeJS.Timeout | null = null;
  private readonly maxPending: number;
  private readonly recordTimeoutMs: number;
  private readonly leaseMs: number;
  /** Handler slots taken, including ones reserved while a record or claim is under way. */
  private slots = 0;
  private recording = 0;
  private intake = true;
  /** Rows may be waiting in the database; bumped on every waiting row we record. */
  private maybeWaiting = true;
  private waitingGeneration = 0;
  private pumping: Promise<number> | null = null;
  private pumpAgain = false;
  private pumpFailed = false;
  private lastPumpError: unknown = null;
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: DispatcherOptions) {
    this.concurrency = o.concurrency ?? 4;
    this.busyConcurrency = Math.min(this.concurrency, o.busyConcurrency ?? 1);
    this.maxPending = o.maxPending ?? 512;
    this.recordTimeoutMs = o.recordTimeoutMs ?? 3000;
    this.leaseMs = o.abandonAfterMs ?? 60_000;
    this.queue = new CallbackQueue(o.services.ds, o.services.clock, `cb-${randomUUID()}`, this.leaseMs);
  }

  /** Handlers in flight in this process. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Records the callback; 'duplicate' when WeCom already delivered it (a retry). */
  async accept(msg: InboundMessage, plaintext: string): Promise<AcceptOutcome> {
    if (!this.intake) return 'closed';
    if (this.recording >= this.maxPending) return 'busy';
    const key = dedupeKey(msg);
    this.lastAcceptAt = performance.now();
    const claim = this.slots < this.limit();
    if (claim) this.slots++;
    this.recording++;
    const recorded = this.queue
      .record(
        {
          dedupeKey: key,
          fromUser: msg.fromUser.slice(0, 64),
          kind: msg.kind === 'event' ? `event:${msg.event === 'other' ? msg.eventName : msg.event}`.slice(0, 64) : msg.kind,
          payload: plaintext,
        },
        claim,
      )
      .finally(() => this.recording--);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof LATE>((resolve) => {
      timer = setTimeout(() => resolve(LATE), this.recordTimeoutMs);
    });
    let outcome: Awaited<typeof recorded> | typeof LATE;
    try {
      outcome = await Promise.race([recorded, deadline]);
    } catch (err) {
      if (claim) this.release();
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (outcome === LATE) {
      // It may still land: then it is handled like any other, and WeCom's retry is a duplicate.
      recorded.then(
        (late) => this.afterRecord(late, claim, key, msg),
        (err: unknown) => {
          if (claim) this.release();
          this.o.logger.error({ err, dedupeKey: key }, 'a late callback record failed');
        },
      );
      return 'busy';
    }
    this.afterRecord(outcome, claim, key, msg);
    return outcome === 'duplicate' ? 'duplicate' : 'accepted';
  }

  private afterRecord(outcome: 'recorded' | 'duplicate', claimed: boolean, key: string, msg: InboundMessage): void {
    if (outcome === 'duplicate') {
      if (claimed) this.release();
    } else if (claimed) {
      this.run(key, msg);
    } else {
      this.maybeWaiting = true;
      this.waitingGeneration++;
      this.poke();
    }
  }

  /** Stops taking callbacks (answered 503 so WeCom retries them) and claiming waiting ones. */
  stopIntake(): void {
    this.intake = false;
  }

  /**
   * Resolves when no handler is in flight; while intake is open it also works off the rows
   * waiting in the database (tests and settle() rely on that), after stopIntake it leaves them.
   */
  async drain(): Promise<void> {
    for (;;) {
      if (this.intake && this.maybeWaiting && !this.pumpFailed) {
        this.poke();
        if (!this.pumping && this.inFlight.size === 0) {
          // Held back while callbacks were arriving: wait for the pause.
          await new Promise((resolve) => setTimeout(resolve, PRESSURE_WINDOW_MS));
          continue;
        }
      }
      if (this.pumping) {
        await this.pumping.catch(() => 0);
        continue;
      }
      if (this.inFlight.size === 0) return;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  /**
   * Claims what is waiting in the database (rows this or a previous process recorded, and claims
   * whose lease ran out) into the free handler slots; the rest is claimed as slots free. Returns
   * how many it claimed now. Rejects when the database fails (the caller logs and tries later).
   */
  async recover(): Promise<number> {
    if (this.pumping) await this.pumping.catch(() => 0);
    this.maybeWaiting = true;
    if (!this.intake) return 0;
    const p = this.pump(true);
    this.pumping = p;
    void p.finally(() => this.afterPump(p)).catch(() => undefined);
    return p;
  }

  /** Handler slots usable now: fewer while acks are arriving (the rest of the queue waits in the database). */
  private limit(): number {
    return performance.now() - this.lastAcceptAt < PRESSURE_WINDOW_MS ? this.busyConcurrency : this.concurrency;
  }

  private poke(): void {
    if (!this.intake || !this.maybeWaiting) return;
    if (this.slots >= this.limit()) {
      // Held back by the burst: look again once it has paused.
      if (this.slots < this.concurrency && !this.pressureTimer) {
        this.pressureTimer = setTimeout(() => {
          this.pressureTimer = null;
          this.poke();
        }, PRESSURE_WINDOW_MS);
        this.pressureTimer.unref();
      }
      return;
    }
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    const p = this.pump(false);
    this.pumping = p;
    // pump(false) reports its own errors; the catch keeps a surprise from ending the process.
    p.finally(() => this.afterPump(p)).catch((err: unknown) => this.o.logger.error({ err }, 'callback queue pump failed'));
  }

  private afterPump(p: Promise<number>): void {
    if (this.pumping !== p) return;
    this.pumping = null;
    if (this.pumpAgain) {
      this.pumpAgain = false;
      this.poke();
    }
  }

  private async pump(rethrow: boolean): Promise<number> {
    let claimed = 0;
    while (this.intake && this.maybeWaiting && this.slots < this.limit()) {
      this.pumpAgain = false;
      const free = this.limit() - this.slots;
      const generation = this.waitingGeneration;
      this.slots += free;
      let rows: ClaimedRow[];
      try {
        rows = await this.queue.claim(free);
        this.pumpFailed = false;
      } catch (err) {
        this.slots -= free;
        this.lastPumpError = err;
        if (!this.pumpFailed) this.o.logger.error({ err }, 'could not claim waiting callbacks; retrying when a slot frees or at the next recovery');
        this.pumpFailed = true;
        if (rethrow) throw err;
        return claimed;
      }
      this.slots -= free - rows.length;
      if (rows.length < free && generation === this.waitingGeneration) this.maybeWaiting = false;
      for (const row of rows) this.runClaimed(row);
      claimed += rows.length;
    }
    // No slot was free, so nothing was asked of the database: the recovery loop must not take
    // that as "works again" while the last claim failed (it would log the outage twice).
    if (rethrow && this.pumpFailed) throw this.lastPumpError;
    return claimed;
  }

  private runClaimed(row: ClaimedRow): void {
    let msg: InboundMessage;
    try {
      msg = parseInbound(row.payload);
    } catch (err) {
      this.o.logger.error({ err, dedupeKey: row.dedupeKey }, 'a recorded callback no longer parses');
      const p = this.queue
        .finish(row.dedupeKey, 'failed', 'unparseable payload')
        .then(() => undefined)
        .catch(() => undefined)
        .finally(() => this.release());
      this.track(p);
      return;
    }
    this.run(row.dedupeKey, msg);
  }

  /** Runs a handler in a slot already reserved. */
  private run(key: string, msg: InboundMessage): void {
    this.startRenewal();
    this.track(this.handle(key, msg).finally(() => this.release()));
  }

  private release(): void {
    this.slots--;
    if (this.slots === 0) this.stopRenewal();
    this.poke();
  }

  private startRenewal(): void {
    if (this.renewTimer) return;
    this.renewTimer = setInterval(() => {
      this.queue.renew().catch((err: unknown) => this.o.logger.warn({ err }, 'could not renew the callback claims'));
    }, Math.max(1000, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  private stopRenewal(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    p.finally(() => this.inFlight.delete(p)).catch((err: unknown) => this.o.logger.error({ err }, 'callback handler failed outside its own error handling'));
  }

  private async handle(key: string, msg: InboundMessage): Promise<void> {
    let outcome: 'ok' | 'refused' | 'failed' | 'ignored' = 'ignored';
    let error: string | null = null;
    try {
      await yieldToIo();
      const route = (await this.conversationRoute(msg)) ?? this.o.bot.match(msg);
      if (route) {
        await yieldToIo();
        const ctx = await this.buildContext(msg, key);
        await yieldToIo();
        outcome = await runRoute(route, ctx, { metrics: this.o.metrics, logger: this.o.logger });
      }
    } catch (err) {
      outcome = 'failed';
      error = err instanceof Error ? err.message : String(err);
      this.o.logger.error({ err, dedupeKey: key }, 'dispatch failed');
    }
    try {
      await yieldToIo();
      const ours = await this.queue.finish(key, outcome === 'failed' ? 'failed' : 'done', error);
      if (!ours) this.o.logger.warn({ dedupeKey: key }, 'finished a callback whose claim another process had taken over');
    } catch (err) {
      this.o.logger.error({ err, dedupeKey: key }, 'could not mark the callback handled');
    }
  }

  /** A member's message that belongs to their conversation in progress, bound to its handler. */
  private async conversationRoute(msg: InboundMessage): Promise<MatchedRoute | null> {
    if (msg.kind === 'event' || msg.kind === 'unknown') return null;
    const { ds, clock } = this.o.services;
    const conversation = await activeConversation(ds, msg.fromUser, clock());
    const handler = conversation && this.o.bot.conversationHandler(conversation.kind);
    if (!conversation || !handler) return null;
    if (msg.kind === 'text' && /^(取消|退出|cancel)$/i.test(msg.content.trim())) {
      return {
        kind: 'message',
        name: `conversation:${conversation.kind}:cancel`,
        options: {},
        run: async (ctx) => {
          await endConversation(ds, msg.fromUser);
          // A flow may say what 取消 means at its step (e.g. an appeal already sent stays pending).
          const said = conversation.state.cancelReply;
          await ctx.reply(typeof said === 'string' && said ? said : '已取消。');
        },
      };
    }
    return {
      kind: 'message',
      name: `conversation:${conversation.kind}`,
      options: {},
      run: (ctx) =>
        handler({
          ...ctx,
          conversation,
          updateConversation: (state, ttlMs) => updateConversation(ds, msg.fromUser, state, clock(), ttlMs),
          endConversation: () => endConversation(ds, msg.fromUser),
        }),
    };
  }

  private async buildContext(msg: InboundMessage, key: string): Promise<BaseContext> {
    const { services } = this.o;
    const employee = await services.ds.getRepository(Employee).findOneBy({ userId: msg.fromUser });
    // Each send of this callback gets a key from the callback and its order, so a callback that is
    // dispatched again after a crash does not enqueue the replies it had already written.
    const callbackHash = createHash('sha1').update(key).digest('hex').slice(0, 24);
    let seq = 0;
    const send = async (userIds: string[], content: ReplyContent, opts: { manager?: EntityManager; dedupeKey?: string } = {}) => {
      seq += 1;
      await services.outbox.enqueue(
        {
          kind: 'message',
          message: { touser: userIds, ...toOutboundBody(content) } as OutboundMessage,
          dedupeKey: opts.dedupeKey ?? `cb:${callbackHash}:${seq}`,
        },
        opts.manager,
      );
    };
    return {
      userId: msg.fromUser,
      message: msg,
      employee,
      log: this.o.logger.child({ dedupeKey: key, userId: msg.fromUser }),
      services,
      ds: services.ds,
      wecom: services.wecom,
      clock: services.clock,
      reply: (content, opts) => send([msg.fromUser], content, opts),
      send,
    };
  }
}
