import { ValidationError } from '../../../src/wecom/errors';
import { computeScorecard, type ScorecardInput } from '../../../src/domain/scoring';
import { SEPTEMBER, caught, inspectorCard, newProcessKr, rec, samplingErrorLine, workOrdersLine, yieldLine } from './fixtures';

function expectWeights(actual: { automatic: number; review: number; collaboration: number }, a: number, r: number, c: number): void {
  expect(actual.automatic).toBeCloseTo(a, 12);
  expect(actual.review).toBeCloseTo(r, 12);
  expect(actual.collaboration).toBeCloseTo(c, 12);
}

describe('computeScorecard: 王芳, 质检员, 2025年9月', () => {
  it('the worked example: 0.7 × 90.7 + 0.2 × 80 + 0.1 × 90 = 88.49 → 88.5', () => {
    const card = computeScorecard(inspectorCard());
    expect(card.userId).toBe('wangfang');
    expect(card.period).toBe(SEPTEMBER);
    expect(card.lines.map((l) => [l.code ?? l.goalId, l.status, l.display])).toEqual([
      ['sampling_error_rate', 'scored', '100.0'],
      ['yield_rate', 'scored', '100.0'],
      ['work_orders_completed', 'scored', '93.5'],
      [7, 'scored', '60.0'],
    ]);
    expect(card.components.automatic).toMatchObject({ label: '自动数据', display: '90.7', weight: 0.7, missing: false });
    expect(card.components.automatic.score).toBeCloseTo(90.7, 9);
    expect(card.components.review).toMatchObject({ label: '主管评价', score: 80, display: '80.0', weight: 0.2, missing: false });
    expect(card.components.collaboration).toMatchObject({ label: '跨部门协作', score: 90, display: '90.0', weight: 0.1 });
    expect(card.components.review.effectiveWeight).toBeCloseTo(0.2, 12);
    expect(card.total).toBeCloseTo(88.49, 9);
    expect(card.totalDisplay).toBe('88.5');
    expect(card.missing).toEqual([]);
    expectWeights(card.weightsUsed, 0.7, 0.2, 0.1);
    expect(card.exceptionsApplied.map((e) => [e.id, e.recordsExcluded, e.coveredWorkingDays])).toEqual([['ex-1', 3, 2]]);
  });

  it('no review yet: weights 70/(70+10) and 10/(70+10) → 0.875 × 90.7 + 0.125 × 90 = 90.6125 → 90.6', () => {
    const card = computeScorecard(inspectorCard({ reviewStars: null }));
    // 79.3625 + 11.25 = 90.6125
    expect(card.total).toBeCloseTo(90.6125, 9);
    expect(card.totalDisplay).toBe('90.6');
    expect(card.missing).toEqual(['主管评价']);
    expect(card.components.review).toEqual({
      label: '主管评价',
      score: null,
      display: '—',
      weight: 0.2,
      effectiveWeight: 0,
      missing: true,
    });
    expectWeights(card.weightsUsed, 0.875, 0, 0.125);
    expect(card.components.automatic.effectiveWeight).toBeCloseTo(0.875, 12);
  });

  it('a yield line with 0 good and 0 scrap is left out: automatic (3000 + 1870 + 1200) / 70 = 86.714…; total 60.7 + 16 + 9 = 85.7', () => {
    const zero = yieldLine([rec('good', 0, '2025-09-26T17:00:00'), rec('scrap', 0, '2025-09-26T17:00:00')]);
    const card = computeScorecard(inspectorCard({ lines: [samplingErrorLine(), zero, workOrdersLine(), newProcessKr] }));
    expect(card.lines[1]).toMatchObject({ code: 'yield_rate', status: 'no_data', score: null });
    expect(card.components.automatic.score).toBeCloseTo(6070 / 70, 9);
    expect(card.components.automatic.display).toBe('86.7');
    expect(card.total).toBeCloseTo(85.7, 9);
    expect(Number.isNaN(card.total)).toBe(false);
    expect(card.totalDisplay).toBe('85.7');
  });

  it('a breached floor shows on its line but does not otherwise change the math', () => {
    // sampling 0.6 % → 80: automatic (30×80 + 3000 + 1870 + 1200) / 100 = 84.7;
    // total 0.7 × 84.7 + 16 + 9 = 59.29 + 25 = 84.29 → 84.3
    const card = computeScorecard(
      inspectorCard({ lines: [samplingErrorLine([3], [500]), yieldLine(), workOrdersLine(), newProcessKr] }),
    );
    expect(card.lines[0]).toMatchObject({ floor: true, floorBreached: true, display: '80.0' });
    expect(card.total).toBeCloseTo(84.29, 9);
    expect(card.totalDisplay).toBe('84.3');
  });
});

describe('computeScorecard: department weights', () => {
  it('50/30/20: 0.5 × 90.7 + 0.3 × 80 + 0.2 × 90 = 45.35 + 24 + 18 = 87.35 → 87.4', () => {
    const card = computeScorecard(inspectorCard({ weights: { automatic: 0.5, review: 0.3, collaboration: 0.2 } }));
    expect(card.total).toBeCloseTo(87.35, 9);
    expect(card.totalDisplay).toBe('87.4');
    expect(card.components.review.weight).toBe(0.3);
  });

  it('the same shares as percentages, review missing: (50 × 90.7 + 20 × 90) / 70 = 6335 / 70 = 90.5', () => {
    const card = computeScorecard(
      inspectorCard({ reviewStars: undefined, weights: { automatic: 50, review: 30, collaboration: 20 } }),
    );
    expect(card.total).toBeCloseTo(90.5, 9);
    expect(card.totalDisplay).toBe('90.5');
    expect(card.components.automatic.weight).toBe(50);
    expectWeights(card.weightsUsed, 5 / 7, 0, 2 / 7);
  });

  it('a zero-weight component is present but counts for nothing: 1/0/0 → total = automatic 90.7', () => {
    const card = computeScorecard(inspectorCard({ weights: { automatic: 1, review: 0, collaboration: 0 } }));
    expect(card.total).toBeCloseTo(90.7, 9);
    expect(card.missing).toEqual([]);
    expect(card.components.review).toMatchObject({ missing: false, effectiveWeight: 0, score: 80 });
  });

  it.each([
    [{ automatic: 0.8, review: 0.3, collaboration: -0.1 }, 'weights.collaboration'],
    [{ automatic: 0, review: 0, collaboration: 0 }, 'weights'],
  ])('rejects invalid weights %p', (weights, field) => {
    const err = caught(() => computeScorecard(inspectorCard({ weights })));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).field).toBe(field);
  });
});

describe('computeScorecard: missing components', () => {
  it('review only: total = 80, automatic and collaboration named missing', () => {
    const card = computeScorecard(inspectorCard({ lines: [], collaborationStars: [] }));
    expect(card.total).toBe(80);
    expect(card.missing).toEqual(['自动数据', '跨部门协作']);
    expectWeights(card.weightsUsed, 0, 1, 0);
  });

  it('metric lines without data make the automatic part missing: 0.2/0.3 × 80 + 0.1/0.3 × 90 = 83.33', () => {
    const card = computeScorecard(inspectorCard({ lines: [{ ...workOrdersLine(), records: [] }] }));
    expect(card.components.automatic).toMatchObject({ missing: true, score: null, display: '—' });
    expect(card.total).toBeCloseTo(250 / 3, 9); // (16 + 9) / 0.3
    expect(card.totalDisplay).toBe('83.3');
  });

  it('nothing at all: total null, shown as —, all three named', () => {
    const input: ScorecardInput = { userId: 'x', period: SEPTEMBER, timeZone: 'Asia/Shanghai', lines: [] };
    const card = computeScorecard(input);
    expect(card.total).toBeNull();
    expect(card.totalDisplay).toBe('—');
    expect(card.missing).toEqual(['自动数据', '主管评价', '跨部门协作']);
    expect(card.weightsUsed).toEqual({ automatic: 0, review: 0, collaboration: 0 });
    expect(card.exceptionsApplied).toEqual([]);
    expect(card.components.automatic.weight).toBe(0.7); // the default applies
  });
});

describe('computeScorecard: invalid input', () => {
  it('rejects stars outside 1–5 and negative line weights', () => {
    expect(caught(() => computeScorecard(inspectorCard({ reviewStars: 6 })))).toBeInstanceOf(ValidationError);
    expect(caught(() => computeScorecard(inspectorCard({ collaborationStars: [0] })))).toBeInstanceOf(ValidationError);
    const err = caught(() => computeScorecard(inspectorCard({ lines: [{ ...newProcessKr, weight: -1 }] })));
    expect((err as ValidationError).field).toBe('lines[0].weight');
  });
});
