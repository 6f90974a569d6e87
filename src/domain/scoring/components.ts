import { ValidationError } from '../../wecom/errors';
import type { ScoredLine } from './types';

/** Points per star: 5 stars = 100. */
export const POINTS_PER_STAR = 20;

function checkStars(stars: number, field: string): void {
  if (typeof stars !== 'number' || !Number.isFinite(stars) || stars < 1 || stars > 5) {
    throw new ValidationError(field, '评分必须在 1 到 5 星之间');
  }
}

/**
 * The automatic component: the weighted mean of the scored lines' scores, the weights
 * renormalised over those lines. Lines shown but not weighed (`weighted: false`, e.g. a monthly key
 * result on a weekly card) are left out. Null when no line is scored (or the scored lines weigh 0).
 */
export function computeAutomaticScore(lines: ScoredLine[]): number | null {
  let weighted = 0;
  let weights = 0;
  for (const line of lines) {
    if (line.status !== 'scored' || line.score === null || line.weighted === false) continue;
    weighted += line.weight * line.score;
    weights += line.weight;
  }
  return weights > 0 ? weighted / weights : null;
}

/** The manager's review: stars × 20; null when no rating was given. */
export function computeReviewScore(stars: number | null | undefined): number | null {
  if (stars === null || stars === undefined) return null;
  checkStars(stars, 'reviewStars');
  return stars * POINTS_PER_STAR;
}

/** Cross-department collaboration: the mean of the ratings received × 20; null without ratings. */
export function computeCollaborationScore(ratings: number[] | undefined): number | null {
  if (!ratings || ratings.length === 0) return null;
  ratings.forEach((r, i) => checkStars(r, `collaborationStars[${i}]`));
  return (ratings.reduce((acc, r) => acc + r, 0) / ratings.length) * POINTS_PER_STAR;
}
