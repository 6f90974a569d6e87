import { ValidationError } from '../../wecom/errors';
import { computeAutomaticScore, computeCollaborationScore, computeReviewScore } from './components';
import { computeBehaviourScore, sumTagWeights } from '../behaviour';
import { assessBasis } from './basis';
import { listAppliedExceptions, type LineContext } from './exceptions';
import { formatScore, INSUFFICIENT_DISPLAY } from './format';
import { scoringMonthOf } from './period-month';
import { DEFAULT_POLICY, validatePolicy, type ScoringPolicy } from './policy';
import { scoreKeyResultLine, scoreMetricLine } from './metric-line';
import type { BehaviourPart, Component, ScorecardInput, Scorecard, ScoredLine, ScoringWeights } from './types';
import {
  COMPONENT_KEYS,
  COMPONENT_LABELS,
  DEFAULT_WEIGHTS,
  renormaliseWeights,
  validateWeights,
  type ComponentKey,
} from './weights';

function checkLineWeights(input: ScorecardInput): void {
  input.lines.forEach((line, i) => {
    if (typeof line.weight !== 'number' || !Number.isFinite(line.weight) || line.weight < 0) {
      throw new ValidationError(`lines[${i}].weight`, `「${line.name}」的权重必须是不小于 0 的数`);
    }
  });
}

/**
 * An exception that leaves a line unassessed helps when the line's plain score is below the rest:
 * then the line is dropped (本项本期不考核) rather than counted, so an exception never lowers the
 * automatic score. Lines are decided one at a time, lowest plain score first.
 */
function keepExceptionsThatHelp(scored: ScoredLine[]): ScoredLine[] {
  let lines = scored;
  const candidates = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.unassessedWithException !== undefined)
    .sort((a, b) => (a.l.score ?? 0) - (b.l.score ?? 0));
  for (const { l, i } of candidates) {
    const dropped: ScoredLine = {
      ...l,
      status: 'no_target',
      score: null,
      display: formatScore(null),
      reason: l.unassessedWithException,
      exceptionNote: undefined,
      unassessedWithException: undefined,
    };
    const next = lines.map((x, j) => (j === i ? dropped : x));
    if ((computeAutomaticScore(next) ?? -Infinity) > (computeAutomaticScore(lines) ?? -Infinity) + 1e-9) lines = next;
  }
  return lines;
}

export const KEY_RESULT_PROGRESS_NOTE = '月度关键结果：周卡片只显示进度，按月计分';

/** A monthly key result on a weekly card shows its progress but, by default, weighs only in its month. */
function weighKeyResults(lines: ScoredLine[], input: ScorecardInput, policy: ScoringPolicy): ScoredLine[] {
  if (input.period.kind !== 'week' || policy.keyResultsInWeeks === 'weighted') return lines;
  return lines.map((l) => (l.kind === 'key_result' ? { ...l, weighted: false, note: KEY_RESULT_PROGRESS_NOTE } : l));
}

function behaviourPart(input: ScorecardInput, policy: ScoringPolicy, hasTotal: boolean): BehaviourPart | null {
  if (input.behaviourTags === undefined && policy.behaviourWeight === 0) return null;
  const tags = input.behaviourTags ?? [];
  const score = computeBehaviourScore(tags);
  return {
    score,
    display: String(score),
    tagSum: sumTagWeights(tags),
    tagCount: tags.length,
    weight: hasTotal ? policy.behaviourWeight : 0,
    configuredShare: policy.behaviourWeight,
  };
}

/**
 * The employee's scorecard for the period. The three parts' configured weights (default 70/20/10)
 * are renormalised over the parts present, but only when they are enough for a total (the minimum
 * basis: the automatic data present, or the parts present carrying ≥ policy.minBasisShare of the
 * weight); otherwise the total is null and `basis.reason` says 数据不足 and what is missing. With a
 * 行为分 weight b (default 0): total = (1 − b) × the three-part total + b × 行为分.
 * Throws ValidationError for invalid weights, policy or star ratings outside 1–5.
 */
export function computeScorecard(input: ScorecardInput): Scorecard {
  const weights = validateWeights(input.weights ?? DEFAULT_WEIGHTS);
  const policy = validatePolicy(input.policy ?? DEFAULT_POLICY);
  checkLineWeights(input);
  const ctx: LineContext = { period: input.period, timeZone: input.timeZone, exceptions: input.exceptions, calendar: input.calendar };

  const lines = weighKeyResults(
    keepExceptionsThatHelp(input.lines.map((line) => (line.kind === 'metric' ? scoreMetricLine(line, ctx) : scoreKeyResultLine(line)))),
    input,
    policy,
  );
  const scores: Record<ComponentKey, number | null> = {
    automatic: computeAutomaticScore(lines),
    review: computeReviewScore(input.reviewStars),
    collaboration: computeCollaborationScore(input.collaborationStars),
  };
  const present = {
    automatic: scores.automatic !== null,
    review: scores.review !== null,
    collaboration: scores.collaboration !== null,
  };
  const keyResultsOnly = !present.automatic && lines.some((l) => l.weighted === false) && lines.every((l) => l.weighted === false || l.status !== 'scored');
  const basis = assessBasis(weights, present, policy.minBasisShare, keyResultsOnly);
  const behaviour = behaviourPart(input, policy, basis.sufficient);
  const b = behaviour?.weight ?? 0;
  const renormalised = renormaliseWeights(weights, present);
  const weightsUsed: ScoringWeights = {
    automatic: basis.sufficient ? (1 - b) * renormalised.automatic : 0,
    review: basis.sufficient ? (1 - b) * renormalised.review : 0,
    collaboration: basis.sufficient ? (1 - b) * renormalised.collaboration : 0,
  };

  let total: number | null = null;
  if (basis.sufficient) {
    total = behaviour && b > 0 ? b * behaviour.score : 0;
    for (const key of COMPONENT_KEYS) total += weightsUsed[key] * (scores[key] ?? 0);
  }

  const weightSum = COMPONENT_KEYS.reduce((acc, key) => acc + weights[key], 0);
  const component = (key: ComponentKey): Component => ({
    label: COMPONENT_LABELS[key],
    score: scores[key],
    display: formatScore(scores[key]),
    weight: weights[key],
    configuredShare: (weights[key] / weightSum) * (1 - policy.behaviourWeight),
    effectiveWeight: weightsUsed[key],
    missing: !present[key],
  });
  const month = scoringMonthOf(input.period, input.timeZone);

  return {
    userId: input.userId,
    period: input.period,
    lines,
    components: {
      automatic: component('automatic'),
      review: component('review'),
      collaboration: component('collaboration'),
    },
    total,
    totalDisplay: basis.sufficient ? formatScore(total) : INSUFFICIENT_DISPLAY,
    missing: COMPONENT_KEYS.filter((key) => !present[key]).map((key) => COMPONENT_LABELS[key]),
    exceptionsApplied: listAppliedExceptions(input.lines, lines, ctx),
    basis,
    behaviour,
    scoringMonth: month ? { key: month.key, label: month.label } : null,
    weightsUsed,
  };
}
