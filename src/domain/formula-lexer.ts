/**
 * Splits a formula into tokens. Full-width punctuation and digits typed with a Chinese IME, and
 * the signs × ÷ − ≤ ≥ ≠, are read as their ASCII counterparts; positions stay those of the source.
 */
import { FormulaError, charPlace } from './formula-errors';

export type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Token =
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'op'; text: BinaryOp; pos: number }
  | { kind: '(' | ')' | ',' | 'eof'; text: string; pos: number };

/** One UTF-16 unit in, one out, so that indices into the normalised text are source indices. */
const FULL_WIDTH: Record<string, string> = {
  '（': '(', '）': ')', '，': ',', '×': '*', '÷': '/', '−': '-', '＋': '+', '－': '-',
  '＊': '*', '／': '/', '＜': '<', '＞': '>', '＝': '=', '！': '!', '．': '.',
};
const WIDE_OPS: Record<string, BinaryOp> = { '≤': '<=', '≥': '>=', '≠': '!=' };

function normalise(source: string): string {
  let out = '';
  for (const unit of source.split('')) {
    const code = unit.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 0x30);
    else out += FULL_WIDTH[unit] ?? unit;
  }
  return out;
}

const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const IDENT = /[\p{L}_][\p{L}\p{Nd}_]*/uy;
const SPACE = /\s/u;
const OPS: readonly BinaryOp[] = ['<=', '>=', '==', '!=', '+', '-', '*', '/', '<', '>'];

/**
 * Reads tokens on demand, so that the parser reports the first problem in reading order: in
 * `() => 1` the missing operand at 2, not the stray '=' at 4.
 */
export class Lexer {
  private readonly text: string;
  private readonly tokens: Token[] = [];
  private offset = 0;

  constructor(private readonly source: string) {
    this.text = normalise(source);
  }

  /** The i-th token; past the end, the eof token. */
  at(i: number): Token {
    while (this.tokens.length <= i && this.tokens[this.tokens.length - 1]?.kind !== 'eof') {
      this.tokens.push(this.read());
    }
    return this.tokens[Math.min(i, this.tokens.length - 1)];
  }

  private read(): Token {
    const { source, text } = this;
    while (this.offset < text.length && SPACE.test(text[this.offset])) this.offset += 1;
    const i = this.offset;
    if (i >= text.length) return { kind: 'eof', text: '', pos: source.length };
    const c = text[i];
    NUMBER.lastIndex = i;
    IDENT.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      const end = i + num[0].length;
      if (text[end] === '.' || (/[eE]/.test(text[end] ?? '') && /[+\-]/.test(text[end + 1] ?? ''))) {
        throw new FormulaError('syntax', `malformed number at ${i}`, i, `公式${charPlace(source, i)}的数字格式不正确`);
      }
      const value = Number(num[0]);
      if (!Number.isFinite(value)) {
        throw new FormulaError('not_finite', `number too large at ${i}`, i, `公式${charPlace(source, i)}的数字过大`);
      }
      this.offset = end;
      return { kind: 'number', value, text: num[0], pos: i };
    }
    const ident = IDENT.exec(text);
    if (ident) {
      this.offset = i + ident[0].length;
      return { kind: 'ident', text: ident[0], pos: i };
    }
    if (c === '(' || c === ')' || c === ',') {
      this.offset = i + 1;
      return { kind: c, text: c, pos: i };
    }
    const wide = WIDE_OPS[c];
    const op = wide ?? OPS.find((o) => text.startsWith(o, i));
    if (op) {
      this.offset = i + (wide ? 1 : op.length);
      return { kind: 'op', text: op, pos: i };
    }
    throw unexpectedCharacter(source, text, i);
  }
}

function unexpectedCharacter(source: string, text: string, i: number): FormulaError {
  const shown = String.fromCodePoint(source.codePointAt(i) ?? 0);
  const place = charPlace(source, i);
  if (text[i] === '=') {
    return new FormulaError('syntax', `assignment is not allowed at ${i}; use == to compare`, i,
      `公式${place}不能使用赋值“=”，比较相等请用“==”`);
  }
  return new FormulaError('syntax', `unexpected character '${shown}' at ${i}`, i,
    `公式${place}有不允许的字符“${shown}”`);
}
