/**
 * Safe formulas over named inputs, e.g. yield `good / (good + scrap) * 100`. A hand-written lexer
 * and Pratt parser build an AST that a tree walker evaluates: no eval, no Function, no vm, so a
 * formula can compute and nothing else. Limits: 500 characters, 32 levels of nesting.
 *
 * Grammar: numbers (1, 2.5, 1e-3), inputs ([\p{L}_][\p{L}\p{Nd}_]*, so 合格品 works),
 * + - * / (also × ÷ and full-width forms), unary minus, parentheses (also （）), comparisons
 * < <= > >= == != (1 or 0), and min max sum avg abs round if (case-insensitive).
 */
import { FormulaError, describeFormulaError } from './formula-errors';
import type { FormulaErrorReason } from './formula-errors';
import { evaluateNode } from './formula-evaluator';
import { formatNode } from './formula-format';
import { MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH, parseTree } from './formula-parser';
import type { FormulaNode } from './formula-parser';

export { FormulaError, describeFormulaError, MAX_FORMULA_DEPTH, MAX_FORMULA_LENGTH };
export type { FormulaErrorReason, FormulaNode };

export interface Formula {
  source: string;
  /** Distinct input names in order of first appearance. */
  inputs: string[];
  /** The parsed tree; build a Formula only with parseFormula. */
  readonly ast: FormulaNode;
}

export type FormulaResult =
  | { ok: true; value: number }
  | { ok: false; reason: FormulaError['reason']; message: string };

const PARSED_MAX = 2000;
const parsed = new Map<string, Formula>();

/**
 * Throws FormulaError ('syntax', 'unknown_function', 'arity', 'too_long', 'too_deep', 'not_finite').
 * A company has a few dozen formulas scored on tens of thousands of lines a week, so a parsed formula
 * is kept (frozen: it is shared) and a source is parsed once; errors are not kept.
 */
export function parseFormula(source: string): Formula {
  const known = parsed.get(source);
  if (known) return known;
  const { ast, inputs } = parseTree(source);
  const formula: Formula = Object.freeze({ source, inputs: Object.freeze(inputs) as string[], ast });
  if (parsed.size >= PARSED_MAX) parsed.clear();
  parsed.set(source, formula);
  return formula;
}

/** Throws FormulaError ('missing_input', 'divide_by_zero', 'not_finite'); never returns NaN or Infinity. */
export function evaluateFormula(f: Formula, inputs: Record<string, number>): number {
  return evaluateNode(f.ast, { source: f.source, inputs });
}

/**
 * Evaluates without throwing; on failure `message` is Chinese for a card's "no data" line, worded
 * with `labels` (input name → label) when given: "本期无数据：合格品数量 + 报废品数量 为 0".
 */
export function tryEvaluate(
  f: Formula,
  inputs: Record<string, number>,
  labels?: Readonly<Record<string, string>>,
): FormulaResult {
  try {
    return { ok: true, value: evaluateNode(f.ast, { source: f.source, inputs, labels }) };
  } catch (err) {
    if (err instanceof FormulaError) return { ok: false, reason: err.reason, message: describeFormulaError(err) };
    throw err;
  }
}

/** A normalised rendering, e.g. "good / (good + scrap)"; with labels, inputs show as their labels. */
export function formatFormula(f: Formula, labels?: Readonly<Record<string, string>>): string {
  return formatNode(f.ast, labels);
}
