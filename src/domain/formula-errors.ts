/**
 * The formula evaluator's one error type. `reason` is a stable code for callers; `message` is
 * English for logs; `userMessage` is the Chinese sentence shown on cards and in API answers.
 */
import { PerfbotError } from '../wecom/errors';

export type FormulaErrorReason =
  | 'syntax'
  | 'unknown_function'
  | 'arity'
  | 'too_long'
  | 'too_deep'
  | 'missing_input'
  | 'divide_by_zero'
  | 'not_finite';

export class FormulaError extends PerfbotError {
  constructor(
    readonly reason: FormulaErrorReason,
    message: string,
    /** 0-based UTF-16 index into the formula source, where known. */
    readonly position?: number,
    /** Chinese text for people; describeFormulaError falls back to a generic one. */
    readonly userMessage?: string,
  ) {
    super(`formula_${reason}`, message);
  }
}

/** "第 7 个字符处": 1-based and counted in characters people see, not UTF-16 units. */
export function charPlace(source: string, position: number): string {
  if (position >= source.length) return '末尾';
  return `第 ${Array.from(source.slice(0, position)).length + 1} 个字符处`;
}

const GENERIC: Record<FormulaErrorReason, string> = {
  syntax: '公式格式不正确',
  unknown_function: '公式使用了不支持的函数',
  arity: '公式中函数的参数个数不正确',
  too_long: '公式过长',
  too_deep: '公式嵌套层数过多',
  missing_input: '缺少输入数据',
  divide_by_zero: '本期无数据：除数为 0',
  not_finite: '计算结果不是有效数字',
};

/** A Chinese sentence for a card or an API answer, e.g. "公式第 7 个字符处缺少右括号". */
export function describeFormulaError(err: unknown): string {
  if (!(err instanceof FormulaError)) return '公式无法计算';
  return err.userMessage ?? GENERIC[err.reason];
}
