import { describeFormulaError, FormulaError, parseFormula, tryEvaluate } from '../formula';
import { aggregateInputs, aggregateSummaries } from './aggregate';
import { effectiveTarget, excludeRecords, exceptionsFor, type LineContext } from './exceptions';
import { formatScore } from './format';
import { scoreProgress, scoreValue, targetProblem } from './line-score';
import type { KeyResultLineInput, MetricLineInput, ScoredLine } from './types';

type Evaluated = { value: number; reason?: undefined } | { value: null; reason: string };

function evaluateLine(line: MetricLineInput, inputs: Record<string, number>): Evaluated {
  let formula;
  try {
    formula = parseFormula(line.formula);
  } catch (err) {
    if (err instanceof FormulaError) {
      return { value: null, reason: `指标公式有误：${describeFormulaError(err)}` };
    }
    throw err;
  }
  const result = tryEvaluate(formula, inputs);
  if (result.ok) return { value: result.value };
  // Only called with records in the period: there is data, it just cannot be computed (e.g. good 0
  // and scrap 0), so "本期无数据" beside an input of 0 would be untrue.
  return { value: null, reason: result.message.replace(/^本期无数据：/, '有数据但无法计算：') };
}

export const EXCEPTION_NOT_USED_NOTE = '异常申报剔除后本项得分反而更低，按原数据计分';

/**
 * Scores one metric line for the period. An approved exception protects and never punishes: the
 * line is scored with the exception applied and without it, and the better score counts (e.g.
 * someone who kept producing through a breakdown keeps the credit for it).
 */
export function scoreMetricLine(line: MetricLineInput, ctx: LineContext): ScoredLine {
  const applied = scoreLine(line, ctx);
  if (applied.recordsExcluded === 0 && applied.targetBefore === undefined) return applied;
  const plain = scoreLine(line, { ...ctx, exceptions: [] });
  const exceptionScores = { with: applied.score, without: plain.score };
  // A tie (within rounding error, e.g. 82.49999999999999 against 82.5) keeps the exception.
  const better = plain.status === 'scored' && (applied.status !== 'scored' || plain.score! > applied.score! + 1e-9);
  if (!better) return { ...applied, exceptionScores };
  // With the exception the line would not be assessed at all; whether dropping it is kinder than
  // its plain score depends on the other lines, so the scorecard decides (see computeScorecard).
  return {
    ...plain,
    exceptionNote: EXCEPTION_NOT_USED_NOTE,
    exceptionScores,
    ...(applied.status !== 'scored' ? { unassessedWithException: applied.reason } : {}),
  };
}

/**
 * One way of scoring a line: leaves out records inside the approved exception windows naming this
 * metric, prorates a count target by the working days those windows cover, aggregates the inputs,
 * evaluates the formula and applies the curve. A line that cannot be scored says why (Chinese) and
 * has a null score, never NaN.
 */
function scoreLine(line: MetricLineInput, ctx: LineContext): ScoredLine {
  const windows = exceptionsFor(line.code, ctx.exceptions);
  const { kept, excluded } = excludeRecords(line.records, windows);
  const { target, covered } = effectiveTarget(line, windows, ctx);
  const { inputs, recordsUsed } =
    line.summaries && windows.length === 0 ? aggregateSummaries(line.inputs, line.summaries) : aggregateInputs(line.inputs, kept);

  let evaluated: Evaluated;
  if (recordsUsed > 0) evaluated = evaluateLine(line, inputs);
  else if (excluded.length > 0) evaluated = { value: null, reason: '本期数据均在异常申报期间内，已剔除' };
  else evaluated = { value: null, reason: '本期无数据' };

  const base: ScoredLine = {
    kind: 'metric',
    code: line.code,
    name: line.name,
    unit: line.unit,
    formula: line.formula,
    direction: line.direction,
    ...(line.sourceNote !== undefined ? { sourceNote: line.sourceNote } : {}),
    inputs,
    value: evaluated.value,
    target,
    ...(covered > 0 ? { targetBefore: line.target } : {}),
    score: null,
    display: formatScore(null),
    weight: line.weight,
    status: 'no_data',
    ...(line.floor ? { floor: true } : {}),
    recordsUsed,
    recordsExcluded: excluded.length,
  };

  const configured = targetProblem(line);
  if (configured) return { ...base, status: 'no_target', reason: configured };
  if (targetProblem({ direction: line.direction, target }))
    return { ...base, status: 'no_target', reason: '异常申报覆盖本期全部工作日，本项本期不考核' };
  if (evaluated.value === null) return { ...base, status: 'no_data', reason: evaluated.reason };

  const curve = scoreValue(evaluated.value, { ...line, target });
  if (!curve.ok) return { ...base, status: 'no_target', reason: curve.reason };
  return {
    ...base,
    score: curve.score,
    display: formatScore(curve.score),
    status: 'scored',
    ...(curve.floorBreached !== undefined ? { floorBreached: curve.floorBreached } : {}),
  };
}

/** A key result (goal line) scores its progress, clamped to 0–100. */
export function scoreKeyResultLine(line: KeyResultLineInput): ScoredLine {
  const score = scoreProgress(line.progress);
  const base: ScoredLine = {
    kind: 'key_result',
    goalId: line.goalId,
    name: line.name,
    value: score,
    target: 100,
    score,
    display: formatScore(score),
    weight: line.weight,
    status: score === null ? 'no_data' : 'scored',
    recordsUsed: 0,
    recordsExcluded: 0,
  };
  return score === null ? { ...base, reason: '目标进度无效' } : base;
}
