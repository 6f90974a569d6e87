/**
 * Line adjustments decided on appeals (调整得分), applied on top of a computed scorecard: the line
 * takes the approver's score and says so (原 x，申诉调整：理由), and the automatic component and the
 * total are recomputed from the lines exactly as the engine composes them. Pure.
 */
import { computeAutomaticScore } from '../domain/scoring/components';
import { formatScore, INSUFFICIENT_DISPLAY, renormaliseWeights, type Scorecard, type ScoredLine } from '../domain/scoring';
import { assessBasis } from '../domain/scoring/basis';
import { COMPONENT_KEYS, type ComponentKey } from '../domain/scoring/weights';

export interface LineOverride {
  metricCode: string;
  score: number;
  reason: string;
}

/** The note a line carries once adjusted, e.g. 申诉调整：原 60.0 → 80.0（夜班停机未剔除）. */
export function overrideNote(before: string, after: string, reason: string): string {
  return `申诉调整：原 ${before} → ${after}（${reason}）`;
}

export function applyLineOverrides<T extends Scorecard>(card: T, overrides: readonly LineOverride[]): T {
  if (overrides.length === 0) return card;
  let touched = false;
  const lines: ScoredLine[] = card.lines.map((line) => {
    const o = line.kind === 'metric' ? overrides.find((x) => x.metricCode === line.code) : undefined;
    if (!o) return line;
    touched = true;
    const display = formatScore(o.score);
    return { ...line, score: o.score, display, status: 'scored', reason: overrideNote(line.display, display, o.reason) };
  });
  if (!touched) return card;
  // The same composition as computeScorecard (src/domain/scoring/scorecard.ts): the minimum basis,
  // weights renormalised over the parts present, and the 行为分's share when HR gave it one.
  const scores: Record<ComponentKey, number | null> = {
    automatic: computeAutomaticScore(lines),
    review: card.components.review.score,
    collaboration: card.components.collaboration.score,
  };
  const present = { automatic: scores.automatic !== null, review: scores.review !== null, collaboration: scores.collaboration !== null };
  const configured = { automatic: card.components.automatic.weight, review: card.components.review.weight, collaboration: card.components.collaboration.weight };
  const basis = assessBasis(configured, present, card.basis.requiredShare);
  const b = basis.sufficient ? (card.behaviour?.configuredShare ?? 0) : 0;
  const renormalised = renormaliseWeights(configured, present);
  const weightsUsed = {
    automatic: basis.sufficient ? (1 - b) * renormalised.automatic : 0,
    review: basis.sufficient ? (1 - b) * renormalised.review : 0,
    collaboration: basis.sufficient ? (1 - b) * renormalised.collaboration : 0,
  };
  let total: number | null = null;
  if (basis.sufficient) {
    total = card.behaviour && b > 0 ? b * card.behaviour.score : 0;
    for (const key of COMPONENT_KEYS) total += weightsUsed[key] * (scores[key] ?? 0);
  }
  const component = (key: ComponentKey) => ({
    ...card.components[key], score: scores[key], display: formatScore(scores[key]), effectiveWeight: weightsUsed[key], missing: !present[key],
  });
  return {
    ...card,
    lines,
    components: { automatic: component('automatic'), review: component('review'), collaboration: component('collaboration') },
    total,
    totalDisplay: basis.sufficient ? formatScore(total) : INSUFFICIENT_DISPLAY,
    basis,
    behaviour: card.behaviour ? { ...card.behaviour, weight: b } : card.behaviour,
    weightsUsed,
  };
}
