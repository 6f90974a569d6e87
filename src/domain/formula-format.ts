/**
 * Renders an AST back to text with single spaces around operators and only the parentheses the
 * structure needs, so `parseFormula(formatFormula(f))` has the same tree as `f`.
 */
import type { FormulaNode } from './formula-parser';
import { isComparison, precedenceOf } from './formula-parser';

/** Binds tighter than any binary operator, looser than a number, an input or a call. */
const NEGATE_PRECEDENCE = 7;

/** `labels` (input name → Chinese label) renders inputs for people: "合格品数量 + 报废品数量". */
export function formatNode(node: FormulaNode, labels?: Readonly<Record<string, string>>): string {
  switch (node.type) {
    case 'number':
      return String(node.value);
    case 'input':
      return labels && Object.prototype.hasOwnProperty.call(labels, node.name) ? labels[node.name] : node.name;
    case 'negate':
      return `-${wrap(node.operand, NEGATE_PRECEDENCE, labels)}`;
    case 'call':
      return `${node.name}(${node.args.map((a) => formatNode(a, labels)).join(', ')})`;
    case 'binary': {
      const p = precedenceOf(node.op);
      // Left-associative: a right operand of equal precedence keeps its parentheses (a - (b - c)),
      // and comparisons never chain, so a comparison operand of a comparison is always wrapped.
      const left = wrap(node.left, isComparison(node.op) ? p + 1 : p, labels);
      const right = wrap(node.right, p + 1, labels);
      return `${left} ${node.op} ${right}`;
    }
  }
}

function wrap(node: FormulaNode, minPrecedence: number, labels?: Readonly<Record<string, string>>): string {
  const text = formatNode(node, labels);
  return precedenceOfNode(node) < minPrecedence ? `(${text})` : text;
}

function precedenceOfNode(node: FormulaNode): number {
  if (node.type === 'binary') return precedenceOf(node.op);
  if (node.type === 'negate') return NEGATE_PRECEDENCE;
  return Infinity;
}
