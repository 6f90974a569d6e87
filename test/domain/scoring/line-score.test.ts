import { ValidationError } from '../../../src/wecom/errors';
import {
  resolveCurve,
  scoreProgress,
  scoreValue,
  targetProblem,
  type ScoreRule,
} from '../../../src/domain/scoring';
import { caught } from './fixtures';

const floorRule: ScoreRule = { direction: 'lower_better', target: 0.5, floor: true };
const yieldRule: ScoreRule = { direction: 'higher_better', target: 98.5 };

function scored(value: number, rule: ScoreRule): { score: number; floorBreached?: boolean } {
  const r = scoreValue(value, rule);
  if (!r.ok) throw new Error(`expected a score, got: ${r.reason}`);
  return r;
}

describe('scoreValue: higher_better', () => {
  it.each([
    // value, expected: 100 × value / 98.5, capped at 100, floored at 0
    [98.5, 100], // 100 × 98.5 / 98.5
    [95, 96.44670050761421], // 100 × 95 / 98.5 = 9500 / 98.5 = 96.4467…
    [99.9, 100], // 101.42… capped
    [49.25, 50], // 100 × 49.25 / 98.5
    [0, 0],
    [-3, 0], // floored
  ])('value %p → %p', (value, expected) => {
    expect(scored(value, yieldRule).score).toBeCloseTo(expected, 9);
  });

  it('a custom cap lets over-achievement count: target 100, value 110, cap 120 → 110; value 130 → 120', () => {
    const rule: ScoreRule = { direction: 'higher_better', target: 100, curve: { cap: 120 } };
    expect(scored(110, rule).score).toBeCloseTo(110, 9);
    expect(scored(130, rule).score).toBe(120);
  });

  it.each([0, -5, Number.NaN])('target %p is no target', (target) => {
    expect(scoreValue(50, { direction: 'higher_better', target })).toEqual({
      ok: false,
      reason: '未设定有效目标值（目标须大于 0）',
    });
  });

  it('does not flag a line that is not a floor', () => {
    expect(scored(90, yieldRule).floorBreached).toBeUndefined();
  });
});

describe('scoreValue: lower_better floor (抽检差错率 ≤ 0.5)', () => {
  it.each([
    // value, score, breached: 100 while ≤ 0.5, then 100 × (1.0 − value) / 0.5
    [0.4, 100, false],
    [0.5, 100, false], // exactly at the limit is not a breach
    [0.6, 80, true], // 100 × 0.4 / 0.5
    [0.75, 50, true], // 100 × 0.25 / 0.5
    [1.0, 0, true], // 2L
    [1.2, 0, true], // beyond 2L, clamped
  ])('value %p → %p (breached %p)', (value, score, breached) => {
    const r = scored(value, floorRule);
    expect(r.score).toBeCloseTo(score, 9);
    expect(r.floorBreached).toBe(breached);
  });

  it('limit 0: 100 only when the value is 0', () => {
    const rule: ScoreRule = { direction: 'lower_better', target: 0 };
    expect(scored(0, rule).score).toBe(100);
    expect(scored(0.1, rule).score).toBe(0);
  });

  it('zeroAt 3 stretches the slope: L 0.5, value 1.0 → 100 × (1.5 − 1.0) / (2 × 0.5) = 50', () => {
    expect(scored(1.0, { ...floorRule, curve: { zeroAt: 3 } }).score).toBeCloseTo(50, 9);
  });

  it('cap 90 limits the top: value 0.4 → 90, value 0.6 → 80 (below the cap)', () => {
    expect(scored(0.4, { ...floorRule, curve: { cap: 90 } }).score).toBe(90);
    expect(scored(0.6, { ...floorRule, curve: { cap: 90 } }).score).toBeCloseTo(80, 9);
  });

  it('a negative limit is no target', () => {
    expect(scoreValue(0.1, { direction: 'lower_better', target: -1 })).toEqual({
      ok: false,
      reason: '未设定有效上限值（上限不能为负）',
    });
  });
});

describe('scoreValue: a higher_better floor', () => {
  it('is breached below the target (95 < 98.5) and scored as usual', () => {
    const r = scored(95, { ...yieldRule, floor: true });
    expect(r.floorBreached).toBe(true);
    expect(r.score).toBeCloseTo(96.44670050761421, 9);
    expect(scored(98.5, { ...yieldRule, floor: true }).floorBreached).toBe(false);
  });
});

describe('resolveCurve / targetProblem', () => {
  it('defaults to cap 100 and zeroAt 2', () => {
    expect(resolveCurve(undefined)).toEqual({ cap: 100, zeroAt: 2 });
    expect(resolveCurve({ cap: 110 })).toEqual({ cap: 110, zeroAt: 2 });
  });

  it.each([
    [{ cap: 0 }, 'curve.cap'],
    [{ cap: Number.POSITIVE_INFINITY }, 'curve.cap'],
    [{ zeroAt: 1 }, 'curve.zeroAt'],
    [{ zeroAt: 0.5 }, 'curve.zeroAt'],
  ])('rejects %p', (curve, field) => {
    const err = caught(() => resolveCurve(curve));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
  });

  it('names the problem with a target', () => {
    expect(targetProblem({ direction: 'higher_better', target: 1 })).toBeNull();
    expect(targetProblem({ direction: 'lower_better', target: 0 })).toBeNull();
    expect(targetProblem({ direction: 'higher_better', target: 0 })).toMatch(/目标/);
    expect(targetProblem({ direction: 'lower_better', target: -0.1 })).toMatch(/上限/);
  });
});

describe('scoreProgress', () => {
  it.each([
    [60, 60],
    [0, 0],
    [100, 100],
    [135, 100],
    [-10, 0],
  ])('progress %p → %p', (progress, score) => {
    expect(scoreProgress(progress)).toBe(score);
  });

  it('is null for a progress that is not a number', () => {
    expect(scoreProgress(Number.NaN)).toBeNull();
  });
});
