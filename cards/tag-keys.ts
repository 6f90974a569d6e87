/**
 * Button keys and task ids of the 表扬/提醒 cards. A key carries the draft id (where the card's state
 * lives) plus the choice the button stands for, so keys stay short whatever the note holds:
 *   tag:who:<draft>:<userid>            a person picked
 *   tag:what:<draft>:<userid>:<label>   a tag picked (label escaped, see escapePart)
 *   tag:more:<draft>:<offset>:<r|a>     next page of people (r: reports, a: name candidates)
 *   tag:page:<draft>:<offset>:<userid>  next page of tags for that person
 *   tag:ack:<tagId>                     the employee acknowledges a notice
 *   tag:done:<draft>                    the greyed button of a recorded card
 *   tag:again:<draft>                   record a repeat anyway (the same tag for the same person, recently)
 *   tag:skip:<draft>                    do not record the repeat
 */
import { buildKey, buildTaskId } from './keys';

export const TAG_KEY_PREFIX = 'tag:';

/** A button list holds 6; a longer list shows 5 per page and a 更多 button. */
export const MAX_BUTTONS = 6;
export const PAGE_SIZE = 5;

export type TagKey =
  | { action: 'who'; draftId: number; userId: string }
  | { action: 'what'; draftId: number; userId: string; label: string }
  | { action: 'more'; draftId: number; offset: number; reason: 'reports' | 'ambiguous' }
  | { action: 'page'; draftId: number; offset: number; userId: string }
  | { action: 'ack'; tagId: number }
  | { action: 'done'; draftId: number }
  | { action: 'again'; draftId: number }
  | { action: 'skip'; draftId: number };

/** Catalogue labels are free text: ':' separates key parts and '%' escapes. */
export function escapePart(s: string): string {
  return s.replace(/%/g, '%25').replace(/:/g, '%3A');
}

export function unescapePart(s: string): string {
  return s.replace(/%3A/gi, ':').replace(/%25/g, '%');
}

export const whoKey = (draftId: number, userId: string) => buildKey('tag', 'who', draftId, userId);
export const whatKey = (draftId: number, userId: string, label: string) => buildKey('tag', 'what', draftId, userId, escapePart(label));
export const moreKey = (draftId: number, offset: number, reason: 'reports' | 'ambiguous') =>
  buildKey('tag', 'more', draftId, offset, reason === 'reports' ? 'r' : 'a');
export const pageKey = (draftId: number, offset: number, userId: string) => buildKey('tag', 'page', draftId, offset, userId);
export const ackKey = (tagId: number) => buildKey('tag', 'ack', tagId);
export const doneKey = (draftId: number) => buildKey('tag', 'done', draftId);
export const againKey = (draftId: number) => buildKey('tag', 'again', draftId);
export const skipKey = (draftId: number) => buildKey('tag', 'skip', draftId);

/** The args after 'tag:' (as the router splits them) → what was tapped; null for a malformed key. */
export function parseTagKey(args: readonly string[]): TagKey | null {
  const [action, a, b, c] = args;
  const n = Number(a);
  if (!Number.isSafeInteger(n) || n <= 0) return null;
  switch (action) {
    case 'who':
      return b ? { action, draftId: n, userId: b } : null;
    case 'what':
      return b && c ? { action, draftId: n, userId: b, label: unescapePart(c) } : null;
    case 'more':
    case 'page': {
      const offset = Number(b);
      if (!Number.isSafeInteger(offset) || offset < 0 || !c) return null;
      if (action === 'page') return { action, draftId: n, offset, userId: c };
      return { action, draftId: n, offset, reason: c === 'a' ? 'ambiguous' : 'reports' };
    }
    case 'ack':
      return { action, tagId: n };
    case 'done':
    case 'again':
    case 'skip':
      return { action, draftId: n };
    default:
      return null;
  }
}

/** One card per flow: the task id is minted when the draft's first card goes out. */
export function tagTaskId(draftId: number, now: Date): string {
  return buildTaskId('tag', `${draftId}-${now.getTime()}`);
}

export function noticeTaskId(tagId: number, now: Date): string {
  return buildTaskId('tagn', `${tagId}-${now.getTime()}`);
}

/**
 * The slice of a list shown on one card: all of it when it fits in 6 buttons, else 5 from
 * `offset` and the offset of the next page (wrapping to 0 after the last).
 */
export function pageOf<T>(items: readonly T[], offset: number): { items: T[]; next: number | null; page: number; pages: number } {
  if (items.length <= MAX_BUTTONS) return { items: [...items], next: null, page: 1, pages: 1 };
  const start = offset >= 0 && offset < items.length ? offset - (offset % PAGE_SIZE) : 0;
  const next = start + PAGE_SIZE >= items.length ? 0 : start + PAGE_SIZE;
  return { items: items.slice(start, start + PAGE_SIZE), next, page: start / PAGE_SIZE + 1, pages: Math.ceil(items.length / PAGE_SIZE) };
}

/** Cuts text to `max` characters (not bytes: WeCom's limits count characters), with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
