import { BEHAVIOUR_BASE, computeBehaviourScore, formatWeight, sumTagWeights } from '../../src/domain/behaviour';

describe('computeBehaviourScore', () => {
  it.each([
    ['no tags: the neutral base', [], BEHAVIOUR_BASE],
    ['one praise', [3], 63],
    ['praise and a reminder', [3, 4, -2], 65],
    ['reminders only', [-3, -2], 55],
    ['clamped at 100', [20, 20, 20], 100],
    ['clamped at 0', [-20, -20, -20, -20], 0],
    ['fractional weights without float noise', [0.1, 0.2], 60.3],
    ['back inside the range after a clamp-worthy run', [30, -30, 5], 65],
  ])('%s', (_name, weights, expected) => {
    expect(computeBehaviourScore((weights as number[]).map((weight) => ({ weight })))).toBe(expected);
  });

  it('rejects a weight that is not a finite number', () => {
    expect(() => computeBehaviourScore([{ weight: Number.NaN }])).toThrow(RangeError);
  });
});

describe('sumTagWeights and formatWeight', () => {
  it('sums and signs weights as users read them', () => {
    expect(sumTagWeights([{ weight: 3 }, { weight: -2 }])).toBe(1);
    expect([3, -2, 0, 1.5, 0.1 + 0.2].map(formatWeight)).toEqual(['+3', '-2', '0', '+1.5', '+0.3']);
  });
});
