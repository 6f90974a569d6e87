import { ValidationError } from '../../wecom/errors';
import { computeAutomaticScore, computeCollaborationScore, computeReviewScore } from './components';
import { listAppliedExceptions, type LineContext } from './exceptions';
import { formatScore } from './format';
import { scoreKeyResultLine, scoreMetricLine } from './metric-line';
import type { Component, ScorecardInput, Scorecard, ScoredLine } from './types';
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

/**
 * The employee's scorecard for the period:
 * total = Σ effectiveWeight × component score over the components present, where the configured
 * weights (default 70/20/10) are renormalised over those components. Missing components are named
 * in Chinese; with none present (or none weighing anything) the total is null.
 * Throws ValidationError for invalid weights or star ratings outside 1–5.
 */
export function computeScorecard(input: ScorecardInput): Scorecard {
  const weights = validateWeights(input.weights ?? DEFAULT_WEIGHTS);
  checkLineWeights(input);
  const ctx: LineContext = { period: input.period, timeZone: input.timeZone, exceptions: input.exceptions, calendar: input.calendar };

  const lines = keepExceptionsThatHelp(
    input.lines.map((line) => (line.kind === 'metric' ? scoreMetricLine(line, ctx) : scoreKeyResultLine(line))),
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
  const weightsUsed = renormaliseWeights(weights, present);

  let total: number | null = null;
  for (const key of COMPONENT_KEYS) {
    const score = scores[key];
    if (score === null || weightsUsed[key] === 0) continue;
    total = (total ?? 0) + weightsUsed[key] * score;
  }

  const component = (key: ComponentKey): Component => ({
    label: COMPONENT_LABELS[key],
    score: scores[key],
    display: formatScore(scores[key]),
    weight: weights[key],
    effectiveWeight: weightsUsed[key],
    missing: !present[key],
  });

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
    totalDisplay: formatScore(total),
    missing: COMPONENT_KEYS.filter((key) => !present[key]).map((key) => COMPONENT_LABELS[key]),
    // Only where an exception was used: a line that scored better without it says so itself.
    exceptionsApplied: listAppliedExceptions(
      input.lines.filter((l) => l.kind !== 'metric' || !lines.some((s) => s.code === l.code && s.exceptionNote)),
      ctx,
    ),
    weightsUsed,
  };
}
