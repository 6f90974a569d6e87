/**
 * A Pratt parser from tokens to an AST. It only builds data: nothing here (or anywhere in the
 * evaluator) turns formula text into code, so `process.exit()` or `__proto__` is just a syntax error.
 */
import { FormulaError, charPlace } from './formula-errors';
import { Lexer } from './formula-lexer';
import type { BinaryOp, Token } from './formula-lexer';
import { FUNCTIONS, isFunctionName } from './formula-functions';
import type { FunctionName } from './formula-functions';

export const MAX_FORMULA_LENGTH = 500;
export const MAX_FORMULA_DEPTH = 32;

export type FormulaNode =
  | { type: 'number'; value: number; pos: number }
  | { type: 'input'; name: string; pos: number }
  | { type: 'negate'; operand: FormulaNode; pos: number }
  | { type: 'binary'; op: BinaryOp; left: FormulaNode; right: FormulaNode; pos: number }
  | { type: 'call'; name: FunctionName; args: FormulaNode[]; pos: number };

/** Left and right binding powers; comparisons do not chain (`a < b < c` is refused). */
const INFIX: Record<BinaryOp, [number, number]> = {
  '<': [1, 2], '<=': [1, 2], '>': [1, 2], '>=': [1, 2], '==': [1, 2], '!=': [1, 2],
  '+': [3, 4], '-': [3, 4], '*': [5, 6], '/': [5, 6],
};
const PREFIX_POWER = 7;
export const isComparison = (op: BinaryOp): boolean => INFIX[op][0] === 1;
export const precedenceOf = (op: BinaryOp): number => INFIX[op][0];

/** Names an input must not take: they would reach Object.prototype in a plain record. */
function isReservedName(name: string): boolean {
  return name.startsWith('__') || name === 'prototype' || name in Object.prototype;
}

export function parseTree(source: string): { ast: FormulaNode; inputs: string[] } {
  if (source.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError('too_long', `formula is longer than ${MAX_FORMULA_LENGTH} characters`, MAX_FORMULA_LENGTH,
      `公式过长：最多 ${MAX_FORMULA_LENGTH} 个字符，当前 ${source.length} 个`);
  }
  return new Parser(source, new Lexer(source)).parseAll();
}

class Parser {
  private index = 0;
  private depth = 0;
  private readonly inputs: string[] = [];

  constructor(
    private readonly source: string,
    private readonly lexer: Lexer,
  ) {}

  parseAll(): { ast: FormulaNode; inputs: string[] } {
    if (this.peek().kind === 'eof') throw this.fail(0, 'formula is empty', '公式为空');
    const ast = this.expression(0);
    const rest = this.peek();
    if (rest.kind !== 'eof') throw this.unexpected(rest, 'end of formula');
    return { ast, inputs: this.inputs };
  }

  private expression(minPower: number): FormulaNode {
    let left = this.prefix();
    let compared = false;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return left;
      const [lp, rp] = INFIX[t.text];
      if (lp < minPower) return left;
      if (compared && isComparison(t.text)) {
        throw this.fail(t.pos, `comparisons cannot be chained at ${t.pos}`,
          `公式${this.place(t.pos)}比较运算不能连写，请用括号或 if() 分开`);
      }
      compared = isComparison(t.text);
      this.index += 1;
      left = { type: 'binary', op: t.text, left, right: this.expression(rp), pos: t.pos };
    }
  }

  private prefix(): FormulaNode {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { type: 'number', value: t.value, pos: t.pos };
      case 'ident':
        return this.peek().kind === '(' ? this.call(t) : this.input(t);
      case '(': {
        const inner = this.nested(t, () => this.expression(0));
        this.expect(')', t);
        return inner;
      }
      case 'op':
        if (t.text === '-' || t.text === '+') {
          const operand = this.nested(t, () => this.expression(PREFIX_POWER));
          return t.text === '-' ? { type: 'negate', operand, pos: t.pos } : operand;
        }
        break;
    }
    const what = t.kind === 'eof' ? 'at end of formula' : `before '${t.text}'`;
    throw this.fail(t.pos, `expected a number, an input or '(' ${what} (position ${t.pos})`,
      `公式${this.place(t.pos)}缺少数字或输入项`);
  }

  private input(t: Token): FormulaNode {
    const name = t.text;
    if (isFunctionName(name.toLowerCase())) {
      throw this.fail(t.pos, `function ${name} must be followed by '('`, `公式${this.place(t.pos)}的函数 ${name} 后缺少括号`);
    }
    if (isReservedName(name)) {
      throw this.fail(t.pos, `'${name}' is a reserved name`, `公式${this.place(t.pos)}不能使用保留名称“${name}”`);
    }
    if (!this.inputs.includes(name)) this.inputs.push(name);
    return { type: 'input', name, pos: t.pos };
  }

  private call(t: Token): FormulaNode {
    const name = t.text.toLowerCase();
    if (!isFunctionName(name)) {
      throw new FormulaError('unknown_function', `unknown function '${t.text}' at ${t.pos}`, t.pos,
        `公式${this.place(t.pos)}使用了不支持的函数“${t.text}”（可用：${Object.keys(FUNCTIONS).join('、')}）`);
    }
    const open = this.next();
    const args: FormulaNode[] = [];
    this.nested(open, () => {
      if (this.peek().kind === ')') return;
      for (;;) {
        args.push(this.expression(0));
        if (this.peek().kind !== ',') return;
        this.index += 1;
      }
    });
    this.expect(')', open, "',' or ')'");
    const { min, max } = FUNCTIONS[name];
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min}-${max}`;
      const wantZh = min === max ? `${min} 个` : max === Infinity ? `至少 ${min} 个` : `${min}–${max} 个`;
      throw new FormulaError('arity', `${name}() takes ${want} argument(s), got ${args.length}`, t.pos,
        `公式${this.place(t.pos)}的函数 ${name} 需要 ${wantZh}参数，实际为 ${args.length} 个`);
    }
    return { type: 'call', name, args, pos: t.pos };
  }

  private nested<T>(at: Token, parse: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_FORMULA_DEPTH) {
      throw new FormulaError('too_deep', `formula nests deeper than ${MAX_FORMULA_DEPTH} levels at ${at.pos}`, at.pos,
        `公式嵌套过深：最多 ${MAX_FORMULA_DEPTH} 层`);
    }
    const result = parse();
    this.depth -= 1;
    return result;
  }

  private expect(kind: ')', open: Token, wanted = "')'"): void {
    const t = this.peek();
    if (t.kind === kind) {
      this.index += 1;
      return;
    }
    if (t.kind === 'eof') {
      throw this.fail(t.pos, `expected ${wanted} to close '(' at ${open.pos}, found end of formula`,
        `公式末尾缺少右括号（${this.place(open.pos)}的左括号未闭合）`);
    }
    throw this.unexpected(t, wanted);
  }

  /** A token where an operator, ',' or ')' should be. */
  private unexpected(t: Token, wanted: string): FormulaError {
    const place = this.place(t.pos);
    if (t.kind === ')') return this.fail(t.pos, `unmatched ')' at ${t.pos}`, `公式${place}多了一个右括号`);
    if (t.kind === ',') return this.fail(t.pos, `unexpected ',' at ${t.pos}`, `公式${place}的逗号只能用于函数参数之间`);
    const zh = wanted === "')'" ? '运算符或右括号' : wanted === "',' or ')'" ? '运算符、逗号或右括号' : '运算符';
    return this.fail(t.pos, `expected an operator or ${wanted} before '${t.text}' at ${t.pos}`, `公式${place}缺少${zh}`);
  }

  private fail(pos: number, message: string, userMessage: string): FormulaError {
    return new FormulaError('syntax', message, pos, userMessage);
  }

  private place(pos: number): string {
    return charPlace(this.source, pos);
  }

  private peek(): Token {
    return this.lexer.at(this.index);
  }

  private next(): Token {
    const t = this.lexer.at(this.index);
    if (t.kind !== 'eof') this.index += 1;
    return t;
  }
}
