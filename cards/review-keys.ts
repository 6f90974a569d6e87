/**
 * Button keys of the 评价 card flow and shared bits of the review cards:
 *   review:who:<userid>:<month>          a person picked (one button each, up to 6 people)
 *   review:pick:<month>                  the submit of the person selection (more than 6 people)
 *   review:star:<userid>:<month>:<1..5>  the rating
 *   review:back:<month>                  back to the list of people
 *   review:done                          the greyed button of a finished card
 */
import { splitPeople } from '../src/chat/people';
import { buildKey, buildTaskId } from './keys';

export const REVIEW_KEY_PREFIX = 'review:';
export const PICK_QUESTION = 'review_who';

export type ReviewKey =
  | { action: 'who'; userId: string; month: string }
  | { action: 'pick'; month: string }
  | { action: 'star'; userId: string; month: string; stars: number }
  | { action: 'back'; month: string }
  | { action: 'done' };

export const whoKey = (userId: string, month: string) => buildKey('review', 'who', userId, month);
export const pickKey = (month: string) => buildKey('review', 'pick', month);
export const starKey = (userId: string, month: string, stars: number) => buildKey('review', 'star', userId, month, stars);
export const backKey = (month: string) => buildKey('review', 'back', month);
export const DONE_KEY = buildKey('review', 'done');

const MONTH = /^\d{4}-\d{2}$/;

/** The args after 'review:' → what was tapped; null for a malformed key. */
export function parseReviewKey(args: readonly string[]): ReviewKey | null {
  const [action, a, b, c] = args;
  switch (action) {
    case 'who':
      return a && b && MONTH.test(b) ? { action, userId: a, month: b } : null;
    case 'pick':
    case 'back':
      return a && MONTH.test(a) ? { action, month: a } : null;
    case 'star': {
      const stars = Number(c);
      return a && b && MONTH.test(b) && Number.isInteger(stars) && stars >= 1 && stars <= 5 ? { action, userId: a, month: b, stars } : null;
    }
    case 'done':
      return { action };
    default:
      return null;
  }
}

export function reviewTaskId(userId: string, now: Date, salt: string): string {
  return buildTaskId('review', `${userId}-${now.getTime()}-${salt}`);
}

export const STAR_LABELS: Record<number, string> = { 5: '优秀', 4: '良好', 3: '合格', 2: '待改进', 1: '不合格' };

/** ★★★★☆ for 4. */
export function starText(stars: number): string {
  const n = Math.max(0, Math.min(5, Math.round(stars)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}

/** Cuts text to `max` characters (WeCom's limits count characters), with an ellipsis. */
export function clipText(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** '1'…'5', '４', '4星', '四' → 4; anything else → null. */
export function parseStars(token: string): number | null {
  const t = token.trim().replace(/[星分]$/, '').replace(/[１-５]/, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const chinese: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 };
  const n = chinese[t] ?? (/^[1-5]$/.test(t) ? Number(t) : NaN);
  return Number.isInteger(n) ? n : null;
}

/** '@张三 4 评语…' → the mention, the stars token and the rest; null without a mention. */
export function splitRatingArgs(args: string): { mention: string; starsToken: string; rest: string } | null {
  // The person as people write it (@赵磊, @ 赵磊, ＠赵磊, zhaolei), then the stars and the comment.
  const { names, rest } = splitPeople(args);
  if (names.length === 0) return null;
  const m = /^(\S+)?(?:\s+([\s\S]*))?$/.exec(rest.trim());
  return { mention: names[0].mentioned ? `@${names[0].text}` : names[0].text, starsToken: m?.[1] ?? '', rest: (m?.[2] ?? '').trim() };
}
