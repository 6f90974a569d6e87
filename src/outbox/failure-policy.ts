/**
 * What an outbox row becomes after a failed attempt (pure). A time-out is not a failure: WeCom
 * may have carried the call out, so it is repeated only where a second copy cannot reach anyone,
 * and otherwise recorded as 'unknown' ("maybe delivered"), which HR's report counts apart.
 */
import type { OutboxMessage } from '../entities';
import type { OutboundMessage } from '../wecom/api-types';

/** WeCom's longest duplicate-check window (§4.2): a re-send within it is dropped if the first landed. */
export const DUPLICATE_CHECK_INTERVAL_S = 4 * 3600;

export type AttemptFailure = { errcode: number | null; retryable: boolean; noAnswer: boolean };

export type NextStep = { kind: 'retry' } | { kind: 'unknown'; why: string } | { kind: 'failed' };

type Row = Pick<OutboxMessage, 'kind' | 'payload' | 'attempts' | 'timeouts'>;

/** Rows of a scheduled run (its messages, HR's report and retry offer) carry keys starting with 'job'. */
const PUSH_KEY = /^job/;

/**
 * Whether this attempt asks WeCom to drop a copy it delivered within the last 4 hours.
 * - Pushes: always, from the first attempt: one message per member per run, so an identical
 *   one within 4 h is never wanted, and the first copy may be the one that lands second.
 * - Every attempt after the first (a retry, a take-over, HR's retry), whatever the message.
 * - Not the first attempt of a reply in a chat: WeCom compares content, so the check would also
 *   drop the same answer to the same question asked again (二次输入同一条命令), which is wanted.
 *   Such a first attempt can only land after its own retry if WeCom carries it out long after the
 *   client gave up (5 s, then a back-off); two instances never both send it (claims and fencing).
 */
export function needsDuplicateCheck(row: Pick<OutboxMessage, 'dedupeKey' | 'attempts' | 'timeouts' | 'lastError'>): boolean {
  return PUSH_KEY.test(row.dedupeKey ?? '') || row.attempts > 1 || row.timeouts > 0 || row.lastError !== null;
}

export function withDuplicateCheck(message: OutboundMessage): OutboundMessage {
  return { ...message, enable_duplicate_check: 1, duplicate_check_interval: DUPLICATE_CHECK_INTERVAL_S } as OutboundMessage;
}

function isTemplateCard(row: Row): boolean {
  return row.kind === 'message' && (row.payload as { msgtype?: string }).msgtype === 'template_card';
}

/** A message WeCom's duplicate check covers. Template cards are left out: that the check covers them is not confirmed. */
export function underDuplicateCheck(row: Row): boolean {
  return row.kind === 'message' && !isTemplateCard(row);
}

/**
 * Whether a call that may have landed can be made again without a second copy reaching anyone:
 * a message under the duplicate check; a template card with a task_id (WeCom refuses a task_id
 * used before); a card update (replacing a card with the same card changes nothing).
 */
export function safeToRepeat(row: Row): boolean {
  if (row.kind === 'card_update' || !isTemplateCard(row)) return true;
  const card = (row.payload as { template_card?: { task_id?: unknown } }).template_card;
  return typeof card?.task_id === 'string' && card.task_id !== '';
}

/** `row.attempts` counts the attempt that just failed; `row.timeouts` the unanswered ones before it. */
export function decideAfterFailure(row: Row, failure: AttemptFailure, maxAttempts: number): NextStep {
  if (failure.noAnswer && !safeToRepeat(row)) {
    return { kind: 'unknown', why: 'no answer, and repeating it could deliver a second copy' };
  }
  // A card or card update refused after an attempt that may have landed was most likely refused
  // because it did land (task_id already used, response_code spent).
  if (!failure.noAnswer && row.timeouts > 0 && !failure.retryable && !underDuplicateCheck(row)) {
    return { kind: 'unknown', why: 'refused after an unanswered attempt: the first one probably landed' };
  }
  if (failure.retryable && row.attempts < maxAttempts) return { kind: 'retry' };
  if (failure.retryable && row.timeouts + (failure.noAnswer ? 1 : 0) > 0) {
    return { kind: 'unknown', why: 'gave up after unanswered attempts' };
  }
  return { kind: 'failed' };
}
