/**
 * Takes a verified, parsed callback: records it (the de-duplication, in the database), then runs
 * the bot on it in the background. The promise of each run is kept so that shutdown and tests can
 * wait for in-flight work. Rows left 'received' by a crash are dispatched again by recover().
 */
import { createHash } from 'node:crypto';
import { EntityManager, LessThan } from 'typeorm';
import { isUniqueViolation } from '../data-source';
import { Employee, InboundCallback } from '../entities';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { dedupeKey, parseInbound } from '../wecom/envelope';
import type { OutboundMessage } from '../wecom/api-types';
import type { InboundMessage } from '../wecom/inbound';
import { BaseContext, BotServices, ReplyContent, toOutboundBody } from './context';
import { activeConversation, endConversation, updateConversation } from './conversations';
import { Bot, MatchedRoute, runRoute } from './router';

export interface DispatcherOptions {
  bot: Bot;
  services: BotServices;
  logger: Logger;
  metrics?: Metrics;
  /** A 'received' row older than this is taken as abandoned by a dead process. */
  abandonAfterMs?: number;
}

export class Dispatcher {
  private readonly inFlight = new Set<Promise<void>>();
  private intake = true;

  constructor(private readonly o: DispatcherOptions) {}

  get pending(): number {
    return this.inFlight.size;
  }

  /** Records the callback; 'duplicate' when WeCom already delivered it (a retry). */
  async accept(msg: InboundMessage, plaintext: string): Promise<'accepted' | 'duplicate' | 'closed'> {
    if (!this.intake) return 'closed';
    const row: InboundCallback = {
      dedupeKey: dedupeKey(msg),
      fromUser: msg.fromUser.slice(0, 64),
      kind: msg.kind === 'event' ? `event:${msg.event === 'other' ? msg.eventName : msg.event}`.slice(0, 64) : msg.kind,
      payload: plaintext,
      status: 'received',
      receivedAt: this.o.services.clock(),
      handledAt: null,
      error: null,
    };
    try {
      await this.o.services.ds.getRepository(InboundCallback).insert(row);
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
    this.track(this.handle(row.dedupeKey, msg));
    return 'accepted';
  }

  /** Stops taking callbacks (they are answered 503 so WeCom retries them elsewhere or later). */
  stopIntake(): void {
    this.intake = false;
  }

  /** Resolves when every dispatched handler has finished, including ones started meanwhile. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Dispatches callbacks that were recorded but never finished; returns how many. */
  async recover(): Promise<number> {
    const repo = this.o.services.ds.getRepository(InboundCallback);
    const now = this.o.services.clock();
    const cutoff = new Date(now.getTime() - (this.o.abandonAfterMs ?? 60_000));
    const rows = await repo.find({ where: { status: 'received', receivedAt: LessThan(cutoff) }, take: 500 });
    let n = 0;
    for (const row of rows) {
      // Claim it by moving receivedAt forward; another instance recovering at once matches nothing.
      const res = await repo
        .createQueryBuilder()
        .update()
        .set({ receivedAt: now })
        .where('dedupe_key = :k AND status = :s AND received_at = :at', { k: row.dedupeKey, s: 'received', at: row.receivedAt })
        .execute();
      if (res.affected !== 1) continue;
      this.o.logger.warn({ dedupeKey: row.dedupeKey }, 'dispatching a callback again that a previous run did not finish');
      this.track(this.handle(row.dedupeKey, parseInbound(row.payload)));
      n++;
    }
    return n;
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async handle(key: string, msg: InboundMessage): Promise<void> {
    const { services } = this.o;
    const repo = services.ds.getRepository(InboundCallback);
    let outcome: 'ok' | 'refused' | 'failed' | 'ignored' = 'ignored';
    let error: string | null = null;
    try {
      const route = (await this.conversationRoute(msg)) ?? this.o.bot.match(msg);
      if (route) {
        const ctx = await this.buildContext(msg, key);
        outcome = await runRoute(route, ctx, { metrics: this.o.metrics, logger: this.o.logger });
      }
    } catch (err) {
      outcome = 'failed';
      error = err instanceof Error ? err.message : String(err);
      this.o.logger.error({ err, dedupeKey: key }, 'dispatch failed');
    }
    await repo
      .update({ dedupeKey: key }, { status: outcome === 'failed' ? 'failed' : 'done', handledAt: services.clock(), error })
      .catch((err: unknown) => this.o.logger.error({ err, dedupeKey: key }, 'could not mark the callback handled'));
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
