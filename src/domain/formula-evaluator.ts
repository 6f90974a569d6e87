/**
 * Walks a parsed formula over a record of inputs. Every intermediate value is checked, so the
 * result is always a finite number or a FormulaError: never NaN, never Infinity.
 */
import { FormulaError, charPlace } from './formula-errors';
import { applyFunction } from './formula-functions';
import { formatNode } from './formula-format';
import type { FormulaNode } from './formula-parser';

export interface EvaluationContext {
  source: string;
  inputs: Readonly<Record<string, number>>;
  /** Input name → Chinese label, used only to word the Chinese error messages. */
  labels?: Readonly<Record<string, string>>;
}

export function evaluateNode(node: FormulaNode, ctx: EvaluationContext): number {
  const value = evaluateRaw(node, ctx);
  if (!Number.isFinite(value)) {
    throw new FormulaError('not_finite', `result at ${node.pos} is not a finite number`, node.pos,
      '计算结果超出数值范围');
  }
  return value === 0 ? 0 : value; // -0 reads oddly on a card
}

function evaluateRaw(node: FormulaNode, ctx: EvaluationContext): number {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'input':
      return readInput(node.name, node.pos, ctx);
    case 'negate':
      return -evaluateNode(node.operand, ctx);
    case 'call':
      if (node.name === 'if') {
        return evaluateNode(node.args[0], ctx) !== 0 ? evaluateNode(node.args[1], ctx) : evaluateNode(node.args[2], ctx);
      }
      return applyFunction(node.name, node.args.map((a) => evaluateNode(a, ctx)));
    case 'binary': {
      const a = evaluateNode(node.left, ctx);
      const b = evaluateNode(node.right, ctx);
      switch (node.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/':
          if (b === 0) throw divideByZero(node, ctx);
          return a / b;
        // Exact comparison: formulas compare counts and thresholds, not computed fractions.
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
      }
    }
  }
}

function readInput(name: string, pos: number, ctx: EvaluationContext): number {
  const label = ctx.labels && Object.prototype.hasOwnProperty.call(ctx.labels, name) ? ctx.labels[name] : undefined;
  const shown = label ? `${label}（${name}）` : name;
  // Own properties only: an input must never resolve to something inherited from Object.prototype.
  const value: unknown = Object.prototype.hasOwnProperty.call(ctx.inputs, name) ? ctx.inputs[name] : undefined;
  if (value === undefined || value === null) {
    throw new FormulaError('missing_input', `missing input '${name}'`, pos, `缺少输入 ${shown}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new FormulaError('not_finite', `input '${name}' is not a finite number`, pos, `输入 ${shown} 不是有效数字`);
  }
  return value;
}

function divideByZero(node: Extract<FormulaNode, { type: 'binary' }>, ctx: EvaluationContext): FormulaError {
  const divisor = formatNode(node.right, ctx.labels);
  const message = `division by zero at ${node.pos}: ${formatNode(node.right)} is 0`;
  const hasInputs = containsInput(node.right);
  const userMessage = hasInputs
    ? `本期无数据：${divisor} 为 0`
    : `公式${charPlace(ctx.source, node.pos)}除以 0`;
  return new FormulaError('divide_by_zero', message, node.pos, userMessage);
}

function containsInput(node: FormulaNode): boolean {
  switch (node.type) {
    case 'number': return false;
    case 'input': return true;
    case 'negate': return containsInput(node.operand);
    case 'binary': return containsInput(node.left) || containsInput(node.right);
    case 'call': return node.args.some(containsInput);
  }
}
