/** Button keys of the appeal flow (申诉). The weekly scorecard card carries the first two. */
import { buildKey } from './keys';

/** 发起申诉 on a scorecard card of `periodKey` (e.g. 2026-W48). */
export function appealStartKey(periodKey: string): string {
  return buildKey('appeal', 'start', periodKey);
}

/** 补充材料 on a scorecard card of `periodKey`: reopens the evidence window of the pending appeal. */
export function appealEvidenceKey(periodKey: string): string {
  return buildKey('appeal', 'evidence', periodKey);
}

/** Kept for cards sent before appeals had outcomes: a tap there starts 更正数据. */
export function appealAcceptKey(appealId: number): string {
  return buildKey('appeal', 'accept', appealId);
}

/** 更正数据: the approver names a record and its corrected value. */
export function appealCorrectKey(appealId: number): string {
  return buildKey('appeal', 'correct', appealId);
}

/** 调整得分: the approver sets a line's score with a written reason. */
export function appealAdjustKey(appealId: number): string {
  return buildKey('appeal', 'adjust', appealId);
}

export function appealRejectKey(appealId: number): string {
  return buildKey('appeal', 'reject', appealId);
}

/** 我的申诉 as a button (on the outcome card). */
export const APPEAL_LIST_KEY = buildKey('appeal', 'list');

/** Prefixes for bot.button: the remaining parts arrive as ctx.args. */
export const APPEAL_PREFIX = {
  start: 'appeal:start:',
  evidence: 'appeal:evidence:',
  accept: 'appeal:accept:',
  correct: 'appeal:correct:',
  adjust: 'appeal:adjust:',
  reject: 'appeal:reject:',
} as const;
