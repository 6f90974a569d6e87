import { ValidationError } from '../../../src/wecom/errors';
import {
  computeAutomaticScore,
  computeCollaborationScore,
  computeReviewScore,
  POINTS_PER_STAR,
  type ScoredLine,
} from '../../../src/domain/scoring';
import { caught } from './fixtures';

const line = (score: number | null, weight: number, status: ScoredLine['status'] = 'scored'): ScoredLine => ({
  kind: 'key_result',
  goalId: 1,
  name: '示例',
  value: score,
  target: 100,
  score,
  display: '',
  weight,
  status,
  recordsUsed: 0,
  recordsExcluded: 0,
});

describe('computeAutomaticScore', () => {
  it('weighted mean: (30×100 + 30×100 + 20×93.5 + 20×60) / 100 = 90.7', () => {
    expect(computeAutomaticScore([line(100, 30), line(100, 30), line(93.5, 20), line(60, 20)])).toBeCloseTo(90.7, 9);
  });

  it('renormalises over the lines with data: (30×100 + 20×93.5 + 20×60) / 70 = 86.714…', () => {
    const lines = [line(100, 30), line(null, 30, 'no_data'), line(93.5, 20), line(60, 20)];
    expect(computeAutomaticScore(lines)).toBeCloseTo(6070 / 70, 9);
  });

  it('ignores no_target lines too', () => {
    expect(computeAutomaticScore([line(50, 1), line(null, 9, 'no_target')])).toBe(50);
  });

  it('is null with no scored line, or when the scored lines weigh nothing', () => {
    expect(computeAutomaticScore([])).toBeNull();
    expect(computeAutomaticScore([line(null, 10, 'no_data')])).toBeNull();
    expect(computeAutomaticScore([line(80, 0)])).toBeNull();
  });
});

describe('computeReviewScore: stars × 20', () => {
  it.each([
    [4, 80],
    [5, 100],
    [1, 20],
    [3.5, 70],
  ])('%p stars → %p', (stars, score) => {
    expect(computeReviewScore(stars)).toBe(score);
    expect(POINTS_PER_STAR).toBe(20);
  });

  it('is null when the manager has not rated', () => {
    expect(computeReviewScore(null)).toBeNull();
    expect(computeReviewScore(undefined)).toBeNull();
  });

  it.each([0, 6, Number.NaN])('rejects %p stars', (stars) => {
    const err = caught(() => computeReviewScore(stars));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('reviewStars');
  });
});

describe('computeCollaborationScore: mean of the ratings × 20', () => {
  it('[4, 5] → 4.5 × 20 = 90', () => {
    expect(computeCollaborationScore([4, 5])).toBe(90);
  });

  it('[3] → 60; [2, 3, 5] → 10 / 3 × 20 = 66.67', () => {
    expect(computeCollaborationScore([3])).toBe(60);
    expect(computeCollaborationScore([2, 3, 5])).toBeCloseTo(200 / 3, 9);
  });

  it('is null without ratings', () => {
    expect(computeCollaborationScore([])).toBeNull();
    expect(computeCollaborationScore(undefined)).toBeNull();
  });

  it('rejects a rating outside 1–5, naming it', () => {
    const err = caught(() => computeCollaborationScore([4, 7]));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe('collaborationStars[1]');
  });
});
