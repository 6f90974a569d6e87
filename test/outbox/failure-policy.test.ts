/** What a row becomes after a failed attempt: retry, failed, or 'unknown' (maybe delivered). */
import { decideAfterFailure, needsDuplicateCheck, safeToRepeat, withDuplicateCheck } from '../../src/outbox/failure-policy';

const text = { kind: 'message' as const, payload: { touser: ['lihua'], msgtype: 'text', text: { content: '你好' } } };
const cardWithTask = { kind: 'message' as const, payload: { touser: ['lihua'], msgtype: 'template_card', template_card: { card_type: 'button_interaction', task_id: 'score-1' } } };
const cardWithoutTask = { kind: 'message' as const, payload: { touser: ['lihua'], msgtype: 'template_card', template_card: { card_type: 'text_notice' } } };
const update = { kind: 'card_update' as const, payload: { userids: ['lihua'], response_code: 'rc' } };

const noAnswer = { errcode: -4, retryable: true, noAnswer: true };
const busy = { errcode: 45009, retryable: true, noAnswer: false };
const refused = { errcode: 40058, retryable: false, noAnswer: false };

describe('decideAfterFailure', () => {
  it.each([
    ['a text that timed out, attempts left: retried (under the duplicate check)', text, 1, 0, noAnswer, 'retry'],
    ['a text that timed out on its last attempt: unknown, not failed', text, 3, 0, noAnswer, 'unknown'],
    ['a text refused for good after a time-out: failed (the check would have dropped a repeat)', text, 2, 1, refused, 'failed'],
    ['a text with 45009 on every attempt: failed', text, 3, 0, busy, 'failed'],
    ['a card with a task_id that timed out: retried (WeCom refuses a repeated task_id)', cardWithTask, 1, 0, noAnswer, 'retry'],
    ['that card refused on the retry: unknown (the first one probably landed)', cardWithTask, 2, 1, refused, 'unknown'],
    ['a card refused at once: failed', cardWithTask, 1, 0, refused, 'failed'],
    ['a card without a task_id that timed out: unknown at once, never repeated', cardWithoutTask, 1, 0, noAnswer, 'unknown'],
    ['a card update that timed out: retried (the same card twice changes nothing)', update, 1, 0, noAnswer, 'retry'],
    ['a card update refused after a time-out: unknown (response_code spent)', update, 2, 1, refused, 'unknown'],
  ])('%s', (_name, row, attempts, timeouts, failure, expected) => {
    expect(decideAfterFailure({ ...row, attempts, timeouts } as never, failure, 3).kind).toBe(expected);
  });

  it('asks for the duplicate check on pushes from the first attempt, on every retry, not on a first reply', () => {
    const first = { dedupeKey: null, attempts: 1, timeouts: 0, lastError: null };
    expect(needsDuplicateCheck({ ...first, dedupeKey: 'job:weekly_scorecard:2026-W48:lihua' })).toBe(true);
    expect(needsDuplicateCheck({ ...first, dedupeKey: 'jobreport:weekly_scorecard:2026-W48:heping' })).toBe(true);
    expect(needsDuplicateCheck(first)).toBe(false);
    expect(needsDuplicateCheck({ ...first, dedupeKey: 'reply:msg:1' })).toBe(false);
    expect(needsDuplicateCheck({ ...first, attempts: 2 })).toBe(true);
    expect(needsDuplicateCheck({ ...first, timeouts: 1 })).toBe(true);
    expect(needsDuplicateCheck({ ...first, lastError: '45009' })).toBe(true);
  });

  it('builds the check fields and knows which rows are safe to repeat', () => {
    expect(withDuplicateCheck(text.payload as never)).toMatchObject({ enable_duplicate_check: 1, duplicate_check_interval: 14400 });
    expect([text, cardWithTask, cardWithoutTask, update].map((r) => safeToRepeat(r as never))).toEqual([true, true, false, true]);
  });
});
