/**
 * The bot: feature modules register commands, buttons, events and message kinds; the first match
 * wins. A handler's error is caught here, logged, counted, and the user gets a short Chinese
 * answer, never silence.
 */
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { UserError } from '../wecom/errors';
import { AnswerError } from './answer-error';
import type { InboundMessage } from '../wecom/inbound';
import { toButtonContext } from './context';
import type { BaseContext, ButtonContext, CommandContext, ConversationContext, EventContext, MessageContext } from './context';

type Handler<C> = (ctx: C) => Promise<void> | void;

export interface CommandInfo {
  /** The command word users type, e.g. 表扬. */
  name: string;
  usage: string;
  description: string;
  /** Shown in 帮助 only to people with this role check passing; omitted = everyone. */
  hidden?: boolean;
}

export interface RouteOptions {
  /** Allow senders who are not (active) members of the org mirror, e.g. WeCom's 'sys'. */
  allowNonMembers?: boolean;
}

type Route =
  | { kind: 'command'; name: string; pattern: RegExp; handler: Handler<CommandContext>; options: RouteOptions }
  | { kind: 'button'; name: string; prefix: string; handler: Handler<ButtonContext>; options: RouteOptions }
  | { kind: 'event'; name: string; event: string; handler: Handler<EventContext>; options: RouteOptions }
  | { kind: 'message'; name: string; msgKind: string; handler: Handler<MessageContext>; options: RouteOptions };

export type MatchedRoute =
  | { kind: 'command'; name: string; options: RouteOptions; run: (ctx: BaseContext) => Promise<void> | void }
  | { kind: 'button' | 'event' | 'message' | 'fallback'; name: string; options: RouteOptions; run: (ctx: BaseContext) => Promise<void> | void };

export const APOLOGY = '抱歉，处理您的请求时出错了，请稍后再试。如果问题持续，请联系 HR 或 IT。';
export const NOT_A_MEMBER =
  '未在通讯录中找到您的账号，暂时无法使用绩效助手。请联系 HR 确认您已在企业微信通讯录和本应用的可见范围内。';

export class Bot {
  private readonly routes: Route[] = [];
  private readonly infos: CommandInfo[] = [];
  private fallbackHandler: Handler<MessageContext> | null = null;
  private readonly conversationHandlers = new Map<string, Handler<ConversationContext>>();

  /**
   * Handles members' messages while a conversation of this kind is in progress (see
   * bot/conversations.ts). Such messages go here before any command, except 取消 which ends it.
   */
  conversation(kind: string, handler: Handler<ConversationContext>): this {
    this.conversationHandlers.set(kind, handler);
    return this;
  }

  conversationHandler(kind: string): Handler<ConversationContext> | undefined {
    return this.conversationHandlers.get(kind);
  }

  command(pattern: RegExp, handler: Handler<CommandContext>, info?: CommandInfo, options: RouteOptions = {}): this {
    this.routes.push({ kind: 'command', name: info?.name ?? pattern.source, pattern, handler, options });
    if (info) this.infos.push(info);
    return this;
  }

  button(prefix: string, handler: Handler<ButtonContext>, options: RouteOptions = {}): this {
    this.routes.push({ kind: 'button', name: `button:${prefix}`, prefix, handler, options });
    return this;
  }

  event(event: string, handler: Handler<EventContext>, options: RouteOptions = {}): this {
    this.routes.push({ kind: 'event', name: `event:${event}`, event, handler, options });
    return this;
  }

  /** Non-text messages: image, voice, video, file. */
  on(msgKind: string, handler: Handler<MessageContext>, options: RouteOptions = {}): this {
    this.routes.push({ kind: 'message', name: `message:${msgKind}`, msgKind, handler, options });
    return this;
  }

  fallback(handler: Handler<MessageContext>): this {
    this.fallbackHandler = handler;
    return this;
  }

  commands(): readonly CommandInfo[] {
    return this.infos;
  }

  /** The first route that takes this message, with the handler bound to its narrowed context. */
  match(msg: InboundMessage): MatchedRoute | null {
    for (const r of this.routes) {
      if (r.kind === 'command' && msg.kind === 'text') {
        const match = msg.content.trim().match(r.pattern);
        if (match) {
          return {
            kind: 'command',
            name: r.name,
            options: r.options,
            run: (ctx) => r.handler({ ...ctx, message: msg, text: msg.content.trim(), match } as CommandContext),
          };
        }
      } else if (r.kind === 'button' && msg.kind === 'event' && msg.event === 'template_card_event') {
        if (msg.eventKey.startsWith(r.prefix)) {
          const args = msg.eventKey.slice(r.prefix.length).split(':').filter((a) => a !== '');
          return { kind: 'button', name: r.name, options: r.options, run: (ctx) => r.handler(toButtonContext(ctx, msg, args)) };
        }
      } else if (r.kind === 'event' && msg.kind === 'event' && (msg.event === 'other' ? msg.eventName : msg.event) === r.event) {
        return { kind: 'event', name: r.name, options: r.options, run: (ctx) => r.handler(ctx as EventContext) };
      } else if (r.kind === 'message' && msg.kind === r.msgKind) {
        return { kind: 'message', name: r.name, options: r.options, run: (ctx) => r.handler(ctx as MessageContext) };
      }
    }
    const fb = this.fallbackHandler;
    // Events nobody registered for (e.g. enter_agent without a handler) are not answered.
    if (fb && (msg.kind === 'text' || msg.kind === 'image' || msg.kind === 'unknown')) {
      return { kind: 'fallback', name: 'fallback', options: {}, run: (ctx) => fb(ctx as MessageContext) };
    }
    return null;
  }
}

/** Runs the matched handler with timing, metrics and the error funnel. */
export async function runRoute(
  route: MatchedRoute,
  ctx: BaseContext,
  deps: { metrics?: Metrics; logger: Logger },
): Promise<'ok' | 'refused' | 'failed'> {
  if (!route.options.allowNonMembers && !(ctx.employee && ctx.employee.active)) {
    ctx.log.info({ route: route.name }, 'message from a user not in the org; refused');
    await ctx.reply(NOT_A_MEMBER);
    return 'refused';
  }
  const end = deps.metrics?.handlerSeconds.startTimer({ route: route.name });
  try {
    await route.run(ctx);
    return 'ok';
  } catch (err) {
    if (err instanceof UserError) {
      await ctx.reply(err instanceof AnswerError ? err.answer : err.message);
      return 'refused';
    }
    deps.metrics?.handlerErrors.inc({ route: route.name });
    ctx.log.error({ err, route: route.name }, 'handler failed');
    await ctx.reply(APOLOGY).catch((replyErr: unknown) => ctx.log.error({ err: replyErr }, 'could not send the apology'));
    return 'failed';
  } finally {
    end?.();
  }
}
