import { ValidationError } from '../../../src/wecom/errors';
import {
  COMPONENT_LABELS,
  DEFAULT_WEIGHTS,
  formatScore,
  NO_SCORE_DISPLAY,
  renormaliseWeights,
  roundTo,
  validateWeights,
} from '../../../src/domain/scoring';
import { caught } from './fixtures';

describe('roundTo / formatScore', () => {
  it.each([
    [87.5, '87.5'],
    [96.44670050761421, '96.4'], // 100 × 95 / 98.5
    [93.49999999999999, '93.5'], // 100 × 34 / (800 / 22) in floating point: a person writes 93.5
    [87.35, '87.4'], // half up
    [1.45, '1.5'], // stored as 1.4499…; toFixed(1) would say '1.4'
    [0.2 * 80.25 + 0.8 * 90, '88.1'], // 16.05 + 72 = 88.05 by hand → 88.1
    [0.7 * 83.5 + 16 + 9, '83.5'], // 58.45 + 25 = 83.45 by hand; 83.44999999999999 in floating point
    [90.61249999999998, '90.6'],
    [100, '100.0'],
    [0, '0.0'],
    [0.04, '0.0'],
  ])('%p → %p', (score, display) => {
    expect(formatScore(score)).toBe(display);
  });

  it('shows a dash when there is no score', () => {
    expect(formatScore(null)).toBe(NO_SCORE_DISPLAY);
    expect(formatScore(undefined)).toBe('—');
    expect(formatScore(Number.NaN)).toBe('—');
  });

  it('rounds half away from zero at any number of digits', () => {
    expect(roundTo(2.345, 2)).toBe(2.35);
    expect(roundTo(-2.25, 1)).toBe(-2.3);
    expect(roundTo(1e-12, 1)).toBe(0);
    expect(roundTo(36.36363636, 0)).toBe(36);
  });
});

describe('validateWeights', () => {
  it('accepts the default 70/20/10 and custom shares, as fractions or percentages', () => {
    expect(DEFAULT_WEIGHTS).toEqual({ automatic: 0.7, review: 0.2, collaboration: 0.1 });
    expect(validateWeights(DEFAULT_WEIGHTS)).toBe(DEFAULT_WEIGHTS);
    const pct = { automatic: 50, review: 30, collaboration: 20 };
    expect(validateWeights(pct)).toBe(pct);
    expect(validateWeights({ automatic: 1, review: 0, collaboration: 0 })).toBeDefined();
  });

  it.each([
    [{ automatic: -0.1, review: 0.6, collaboration: 0.5 }, 'weights.automatic'],
    [{ automatic: 0.7, review: Number.NaN, collaboration: 0.1 }, 'weights.review'],
    [{ automatic: 0.7, review: 0.2, collaboration: Number.POSITIVE_INFINITY }, 'weights.collaboration'],
    [{ automatic: 0, review: 0, collaboration: 0 }, 'weights'],
  ])('rejects %p (field %s)', (weights, field) => {
    const err = caught(() => validateWeights(weights));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
  });
});

describe('renormaliseWeights', () => {
  it('keeps the shares when all components are present', () => {
    const w = renormaliseWeights(DEFAULT_WEIGHTS, { automatic: true, review: true, collaboration: true });
    expect(w.automatic).toBeCloseTo(0.7, 12);
    expect(w.review).toBeCloseTo(0.2, 12);
    expect(w.collaboration).toBeCloseTo(0.1, 12);
  });

  it('review missing: 70 / (70 + 10) = 0.875 and 10 / 80 = 0.125', () => {
    const w = renormaliseWeights(DEFAULT_WEIGHTS, { automatic: true, review: false, collaboration: true });
    expect(w.automatic).toBeCloseTo(0.875, 12);
    expect(w.review).toBe(0);
    expect(w.collaboration).toBeCloseTo(0.125, 12);
  });

  it('percent weights 50/30/20 with collaboration missing: 50/80 = 0.625, 30/80 = 0.375', () => {
    const w = renormaliseWeights(
      { automatic: 50, review: 30, collaboration: 20 },
      { automatic: true, review: true, collaboration: false },
    );
    expect(w).toEqual({ automatic: 0.625, review: 0.375, collaboration: 0 });
  });

  it('is all zero when nothing present has weight', () => {
    const none = { automatic: false, review: false, collaboration: false };
    expect(renormaliseWeights(DEFAULT_WEIGHTS, none)).toEqual({ automatic: 0, review: 0, collaboration: 0 });
  });

  it('labels the components in Chinese', () => {
    expect(COMPONENT_LABELS).toEqual({ automatic: '自动数据', review: '主管评价', collaboration: '跨部门协作' });
  });
});
