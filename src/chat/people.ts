/**
 * The people at the start of a command, as typed: `@赵磊 @孙丽 …`, `@赵磊@孙丽`, `@ 赵磊`,
 * `赵磊、孙丽 …`, `赵磊和孙丽 …`, `zhaolei …`. Pure: it only splits the text. Whether a bare word
 * (without @) is a person is decided by the caller against the directory (see resolve-people.ts).
 */
import { normalizeText } from './text';

export interface PeopleTokens {
  /** Each person as written, without the @. */
  names: Array<{ text: string; mentioned: boolean }>;
  /** Everything after the people. */
  rest: string;
}

const NAME = '[^\\s@、，,;；]+';

/** Splits the leading people off a command's arguments. Bare words are all offered as candidates. */
export function splitPeople(input: string): PeopleTokens {
  // Matched on the normalised text; the rest is cut from the original (same length), as typed.
  const original = input.trim();
  let s = normalizeText(original);
  const asTyped = (tail: string) => original.slice(original.length - tail.length).trim();
  const names: PeopleTokens['names'] = [];
  for (;;) {
    const at = new RegExp(`^@\\s*(${NAME})[\\s、，,;；和]*`).exec(s);
    if (at) {
      // `@赵磊和孙丽`: 和 joins two names only when both sides are short enough to be names
      const joined = /^(.{2,4})和(.{2,4})$/.exec(at[1]);
      if (joined) names.push({ text: joined[1], mentioned: true }, { text: joined[2], mentioned: true });
      else names.push({ text: at[1], mentioned: true });
      s = s.slice(at[0].length);
      continue;
    }
    break;
  }
  if (names.length > 0) return { names, rest: asTyped(s) };
  // No @: a list joined by 、，和 is several people; otherwise the first word is a candidate.
  const list = new RegExp(`^(${NAME}(?:\\s*[、，,和]\\s*${NAME})+)(?:\\s+|$)`).exec(s);
  if (list && /[、，,]/.test(list[1])) {
    return { names: list[1].split(/\s*[、，,]\s*/).map((text) => ({ text, mentioned: false })), rest: asTyped(s.slice(list[0].length)) };
  }
  const word = new RegExp(`^(${NAME})(?:\\s+|$)`).exec(s);
  if (!word) return { names: [], rest: asTyped(s) };
  return { names: [{ text: word[1], mentioned: false }], rest: asTyped(s.slice(word[0].length)) };
}

/** The next word of a text and what follows it. */
export function firstWord(text: string): [string, string] {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(text.trim());
  return m ? [m[1], m[2]] : ['', ''];
}
