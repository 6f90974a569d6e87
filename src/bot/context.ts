/**
 * The per-message context handed to a handler: who sent it, a child logger, the WeCom client,
 * the database, the clock, and reply helpers that go through the outbox. Handlers never import
 * singletons; everything they touch arrives here.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../config';
import type { Employee } from '../entities';
import type { Logger } from '../logger';
import type { Outbox } from '../outbox/outbox-service';
import type { TemplateCard, UpdateTemplateCardInput } from '../wecom/api-types';
import type { WeComClient } from '../wecom/client';
import type { InboundEvent, InboundMessage, TemplateCardEvent, TextMessage } from '../wecom/inbound';

/** A reply: plain text, markdown, a template card, or an uploaded picture (media/upload, type image). */
export type ReplyContent = string | { markdown: string } | { card: TemplateCard } | { image: { mediaId: string } };

/** What the app gives every context; built once in main.ts. */
export interface BotServices {
  ds: DataSource;
  wecom: WeComClient;
  outbox: Outbox;
  config: Config;
  clock: () => Date;
}

export interface BaseContext {
  userId: string;
  message: InboundMessage;
  /** The sender in the org mirror; null for someone we do not know (or WeCom's 'sys'). */
  employee: Employee | null;
  log: Logger;
  services: BotServices;
  ds: DataSource;
  wecom: WeComClient;
  clock: () => Date;
  /** Sends to the sender, through the outbox (inside `manager`'s transaction when given). */
  reply(content: ReplyContent, opts?: { manager?: EntityManager; dedupeKey?: string }): Promise<void>;
  /** Sends to others, through the outbox. */
  send(userIds: string[], content: ReplyContent, opts?: { manager?: EntityManager; dedupeKey?: string }): Promise<void>;
}

export interface CommandContext extends BaseContext {
  message: TextMessage;
  text: string;
  match: RegExpMatchArray;
}

export interface ButtonContext extends BaseContext {
  message: TemplateCardEvent;
  key: string;
  /** The key's parts after the matched prefix, split on ':'. */
  args: string[];
  responseCode: string;
  taskId: string;
  /** Replaces the tapped card for the tapper (update_template_card, through the outbox). */
  updateCard(card: TemplateCard, opts?: { manager?: EntityManager }): Promise<void>;
  /** Greys out the tapped button with a new label. */
  replaceButton(label: string, opts?: { manager?: EntityManager }): Promise<void>;
}

export interface EventContext extends BaseContext {
  message: InboundEvent;
}

export interface MessageContext extends BaseContext {}

/** A message that belongs to a conversation in progress (text, image, file …). */
export interface ConversationContext extends BaseContext {
  conversation: import('./conversations').ActiveConversation;
  /** Keeps the conversation going with new state (and, optionally, a fresh expiry). */
  updateConversation(state: Record<string, unknown>, ttlMs?: number): Promise<void>;
  endConversation(): Promise<void>;
}

export function toOutboundBody(content: ReplyContent): Record<string, unknown> {
  if (typeof content === 'string') return { msgtype: 'text', text: { content } };
  if ('markdown' in content) return { msgtype: 'markdown', markdown: { content: content.markdown } };
  if ('image' in content) return { msgtype: 'image', image: { media_id: content.image.mediaId } };
  return { msgtype: 'template_card', template_card: content.card };
}

/** Narrows a context for a card tap; card changes go through the outbox like every other send. */
export function toButtonContext(
  ctx: BaseContext,
  message: TemplateCardEvent,
  args: string[],
): ButtonContext {
  const responseCode = message.responseCode ?? '';
  const update = async (change: { templateCard: TemplateCard } | { button: { replaceName: string } }, manager?: EntityManager) => {
    if (!responseCode) {
      ctx.log.warn('card tap without a ResponseCode; the card cannot be updated');
      return;
    }
    await ctx.services.outbox
      .enqueue(
        {
          kind: 'card_update',
          update: { userids: [ctx.userId], responseCode, ...change } as UpdateTemplateCardInput,
          // One response_code can be used once: a second update for the same tap is dropped.
          dedupeKey: `card:${responseCode}`.slice(0, 191),
        },
        manager,
      );
  };
  return {
    ...ctx,
    message,
    key: message.eventKey,
    args,
    responseCode,
    taskId: message.taskId,
    updateCard: (card, opts) => update({ templateCard: card }, opts?.manager),
    replaceButton: (label, opts) => update({ button: { replaceName: label } }, opts?.manager),
  };
}
