/**
 * The idempotency key under which a callback is recorded, so WeCom's retries are recognised.
 */
import { createHash } from 'node:crypto';
import type { InboundMessage } from './inbound';

/** Fits an indexed utf8mb4 VARCHAR(191) even on old MySQL/MariaDB row formats. */
export const DEDUPE_KEY_MAX_LENGTH = 191;

/**
 * The idempotency key of a callback: `msg:<MsgId>` for messages;
 * `evt:<FromUserName>:<CreateTime>:<Event>:<EventKey>:<TaskId>` for events (WeCom keys events by
 * user and second; event, key and task keep two different taps in one second apart). For
 * change_contact the last two parts are ChangeType and the changed user, party or tag, so a bulk
 * import within one second is not collapsed. Parts are percent-escaped (`%`, `:`) so that button
 * keys like `score:set:5` cannot collide. Longer keys keep a head and end in a SHA-1 of the whole.
 */
export function dedupeKey(msg: InboundMessage): string {
  const key = rawDedupeKey(msg);
  const codePoints = Array.from(key);
  if (codePoints.length <= DEDUPE_KEY_MAX_LENGTH) return key;
  const digest = createHash('sha1').update(key, 'utf8').digest('hex');
  return `${codePoints.slice(0, DEDUPE_KEY_MAX_LENGTH - digest.length - 1).join('')}#${digest}`;
}

function rawDedupeKey(msg: InboundMessage): string {
  const join = (...parts: (string | number | undefined)[]) =>
    parts.map((part) => String(part ?? '').replace(/%/g, '%25').replace(/:/g, '%3A')).join(':');
  if (msg.kind === 'unknown') {
    return msg.msgId ? `msg:${join(msg.msgId)}` : `unk:${join(msg.fromUser, msg.createTime, msg.msgType)}`;
  }
  if (msg.kind !== 'event') return `msg:${join(msg.msgId)}`;
  const head = [msg.fromUser, msg.createTime] as const;
  switch (msg.event) {
    case 'template_card_event':
    case 'template_card_menu_event':
      return `evt:${join(...head, msg.event, msg.eventKey, msg.taskId)}`;
    case 'change_contact': {
      const subject = 'user' in msg ? msg.user.userId : 'party' in msg ? msg.party.id : msg.tag.tagId;
      return `evt:${join(...head, msg.event, msg.changeType, subject)}`;
    }
    case 'other':
      return `evt:${join(...head, msg.eventName, msg.eventKey, '')}`;
    default:
      return `evt:${join(...head, msg.event, msg.eventKey, '')}`;
  }
}
