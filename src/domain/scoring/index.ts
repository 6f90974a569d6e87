/**
 * The scoring engine: metric lines → automatic score; with the manager's review and the
 * cross-department ratings → the period's total; peer ranks over totals. Pure: no I/O, no clock.
 * The rules, with a worked example, are in docs/scoring.md.
 */
export * from './types';
export { DEFAULT_WEIGHTS, COMPONENT_LABELS, validateWeights, renormaliseWeights } from './weights';
export { roundTo, formatScore, NO_SCORE_DISPLAY, INSUFFICIENT_DISPLAY } from './format';
export { DEFAULT_POLICY, validatePolicy, type ScoringPolicy } from './policy';
export { assessBasis } from './basis';
export { scoringMonthOf, scoringMonthKeysOf, shortMonthLabel } from './period-month';
export { scoreValue, scoreProgress, targetProblem, resolveCurve, type ScoreRule, type CurveResult } from './line-score';
export { aggregateInputs, aggregateSummaries, type Aggregated } from './aggregate';
export {
  isInWindow,
  exceptionsFor,
  excludeRecords,
  coveredWorkingDays,
  prorateTarget,
  effectiveTarget,
  listAppliedExceptions,
  type LineContext,
} from './exceptions';
export { scoreMetricLine, scoreKeyResultLine, EXCEPTION_NOT_USED_NOTE } from './metric-line';
export {
  computeAutomaticScore,
  computeReviewScore,
  computeCollaborationScore,
  POINTS_PER_STAR,
} from './components';
export { computeScorecard, KEY_RESULT_PROGRESS_NOTE } from './scorecard';
export { rankPeers, MIN_POSITION_GROUP } from './peer-rank';
