import { ValidationError } from '../../../src/wecom/errors';
import { computeScorecard, type ExceptionInput, type ScorecardInput } from '../../../src/domain/scoring';
import {
  SEPTEMBER,
  at,
  augustDelay,
  caught,
  inspectorCard,
  machineFailure,
  newProcessKr,
  rec,
  samplingErrorLine,
  workOrdersKeptUpLine,
  workOrdersLine,
  yieldLine,
} from './fixtures';

/** Written out by hand: the note on a line that scored better without its exception. */
const NOT_USED = '异常申报剔除后本项得分反而更低，按原数据计分';

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
    // The 设备故障 helped both lines it names (良品率 100 > 98.04, 工单完成数 93.5 > 90), so it is used on both.
    expect(card.lines.map((l) => l.exceptionNote)).toEqual([undefined, undefined, undefined, undefined]);
    // ex-0 (August) did not touch September; ex-2 names a metric she does not have: listed, no effect.
    expect(card.exceptionsApplied.map((e) => [e.id, e.recordsExcluded, e.coveredWorkingDays, e.effect])).toEqual([
      ['ex-1', 3, 2, 'used'],
      ['ex-2', 0, 1, 'no_effect'],
    ]);
    const [ex] = card.exceptionsApplied;
    // scrap 20 on 09-11; completed 1 on 09-10 and 1 on 09-11
    expect(ex.metricCodes).toEqual(['yield_rate', 'work_orders_completed']);
    expect(ex.targets).toHaveLength(1);
    expect(ex.targets[0]).toMatchObject({ code: 'work_orders_completed', before: 40 });
    expect(ex.targets[0].after).toBeCloseTo(800 / 22, 9); // 40 × (22 − 2) / 22 = 36.36…
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
      configuredShare: expect.closeTo(0.2, 12),
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

describe('computeScorecard: 异常申报只保护、不惩罚', () => {
  /** A 设备故障 over the whole of September naming only 工单完成数: 22 of 22 working days covered. */
  const wholeMonth: ExceptionInput = {
    id: 'ex-6',
    kind: '设备故障',
    metricCodes: ['work_orders_completed'],
    start: at('2025-09-01T00:00:00'),
    end: at('2025-10-01T00:00:00'),
  };

  it('kept producing through the breakdown: 工单完成数 97.5 without the exception beats 93.5 with it; 良品率 keeps it', () => {
    // 工单完成数: 39 / 40 = 97.5 > 34 / 36.36 = 93.5 → plain line, with the note.
    // 良品率: 100 with the exception > 98.04 without → exception used.
    // automatic = (30×100 + 30×100 + 20×97.5 + 20×60) / 100 = (3000 + 3000 + 1950 + 1200) / 100 = 91.5
    // total = 0.7 × 91.5 + 0.2 × 80 + 0.1 × 90 = 64.05 + 16 + 9 = 89.05 → 89.1
    const card = computeScorecard(
      inspectorCard({ lines: [samplingErrorLine(), yieldLine(), workOrdersKeptUpLine(), newProcessKr] }),
    );
    expect(card.lines.map((l) => [l.code ?? l.goalId, l.display, l.exceptionNote])).toEqual([
      ['sampling_error_rate', '100.0', undefined],
      ['yield_rate', '100.0', undefined],
      ['work_orders_completed', '97.5', NOT_USED],
      [7, '60.0', undefined],
    ]);
    expect(card.lines[2]).toMatchObject({ value: 39, target: 40, recordsExcluded: 0 });
    expect(card.lines[2].targetBefore).toBeUndefined();
    expect(card.components.automatic.score).toBeCloseTo(91.5, 9);
    expect(card.components.automatic.display).toBe('91.5');
    expect(card.total).toBeCloseTo(89.05, 9);
    expect(card.totalDisplay).toBe('89.1');
    // Used only on 良品率: one record (scrap 20) left out, no count target; 工单完成数 shows it was not used.
    expect(card.exceptionsApplied[0]).toMatchObject({
      id: 'ex-1',
      effect: 'used',
      metricCodes: ['yield_rate'],
      coveredWorkingDays: 2,
      recordsExcluded: 1,
      targets: [],
    });
    expect(card.exceptionsApplied[0].lines[1]).toMatchObject({ code: 'work_orders_completed', withoutException: 97.5, used: false });
  });

  it('an exception that only lowers the one line it names is listed as not needed, with both scores', () => {
    // ex-5 names only 工单完成数 → 97.5 without it (note); 良品率 has no exception: scrap 35 → 100000 / 1020 = 98.04.
    // automatic = (3000 + 30 × 100000 / 1020 + 1950 + 1200) / 100 = (6150 + 50000 / 17) / 100
    //           = 154550 / 1700 = 90.9117647…
    // total = 0.7 × 90.9117647… + 16 + 9 = 63.6382353… + 25 = 88.6382353… → 88.6
    const ordersOnly: ExceptionInput = { ...machineFailure, id: 'ex-5', metricCodes: ['work_orders_completed'] };
    const card = computeScorecard(
      inspectorCard({
        lines: [samplingErrorLine(), yieldLine(), workOrdersKeptUpLine(), newProcessKr],
        exceptions: [augustDelay, ordersOnly],
      }),
    );
    expect(card.lines[1]).toMatchObject({ code: 'yield_rate', display: '98.0', recordsExcluded: 0 });
    expect(card.lines[2]).toMatchObject({ code: 'work_orders_completed', display: '97.5', exceptionNote: NOT_USED });
    expect(card.components.automatic.score).toBeCloseTo(154550 / 1700, 9);
    expect(card.total).toBeCloseTo(88.6382353, 6);
    expect(card.totalDisplay).toBe('88.6');
    // Before: not listed at all, so the employee saw "approved, 88.6 → 88.6" and nothing on the card.
    expect(card.exceptionsApplied).toHaveLength(1);
    expect(card.exceptionsApplied[0]).toMatchObject({ id: 'ex-5', effect: 'not_needed', metricCodes: [], recordsExcluded: 0 });
    expect(card.exceptionsApplied[0].why).toBe('按原数据得分不低于剔除后（工单完成数 剔除后93.5、原数据97.5），按原数据计分，得分不变');
  });

  it('an exception over every working day, with data: the plain 36 / 40 = 90 counts and the exception is not listed for it', () => {
    // 工单完成数: with ex-1 and ex-6 every working day is covered → no target; without them 36 / 40 = 90.
    // automatic = (3000 + 3000 + 20 × 90 + 1200) / 100 = 9000 / 100 = 90
    // (90 happens to equal the mean of the other three lines, 7200 / 80, so the total alone would not
    // tell the two ways apart; the line does.) total = 0.7 × 90 + 16 + 9 = 63 + 25 = 88 → 88.0
    const card = computeScorecard(inspectorCard({ exceptions: [machineFailure, wholeMonth] }));
    expect(card.lines[2]).toMatchObject({
      code: 'work_orders_completed',
      status: 'scored',
      value: 36,
      target: 40,
      display: '90.0',
      recordsExcluded: 0,
      exceptionNote: NOT_USED,
    });
    expect(card.components.automatic.score).toBeCloseTo(90, 9);
    expect(card.total).toBeCloseTo(88, 9);
    expect(card.totalDisplay).toBe('88.0');
    // ex-1 is still used for 良品率 (scrap 20 left out); ex-6 touched only 工单完成数, where it was not used.
    expect(card.exceptionsApplied.map((e) => [e.id, e.metricCodes, e.recordsExcluded, e.targets, e.effect])).toEqual([
      ['ex-1', ['yield_rate'], 1, [], 'used'],
      ['ex-6', [], 0, [], 'not_needed'],
    ]);
  });

  it('an exception over every working day, without data: 工单完成数 is not assessed and the exception is listed', () => {
    // 工单完成数 has no records: with the exceptions no target (40 × 0 / 22 = 0), without them no data →
    // neither scores, the line stays 不考核 and drops out.
    // automatic = (3000 + 3000 + 1200) / (30 + 30 + 20) = 7200 / 80 = 90; total = 63 + 25 = 88 → 88.0
    const card = computeScorecard(
      inspectorCard({
        lines: [samplingErrorLine(), yieldLine(), workOrdersLine([]), newProcessKr],
        exceptions: [machineFailure, wholeMonth],
      }),
    );
    expect(card.lines[2]).toMatchObject({
      code: 'work_orders_completed',
      status: 'no_target',
      reason: '异常申报覆盖本期全部工作日，本项本期不考核',
      target: 0,
      targetBefore: 40,
      score: null,
    });
    expect(card.lines[2].exceptionNote).toBeUndefined();
    expect(card.components.automatic.score).toBeCloseTo(90, 9);
    expect(card.totalDisplay).toBe('88.0');
    // 工单完成数 has no data with or without the exceptions, so neither changed it: ex-1 counts for
    // 良品率 (the scrap 20 of 09-11); ex-6 is listed as having no effect, and says why.
    expect(card.exceptionsApplied.map((e) => [e.id, e.metricCodes, e.coveredWorkingDays, e.recordsExcluded, e.effect])).toEqual([
      ['ex-1', ['yield_rate'], 2, 1, 'used'],
      ['ex-6', [], 22, 0, 'no_effect'],
    ]);
    expect(card.exceptionsApplied[1].why).toBe('涉及的指标本期无数据，有无申报都不计分，得分不受影响');
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

describe('computeScorecard: missing components and the minimum basis (docs/scoring.md §4a)', () => {
  it('review only: 数据不足, no total — the parts present carry 20% of the weight (< 70%) and there is no automatic data', () => {
    const card = computeScorecard(inspectorCard({ lines: [], collaborationStars: [] }));
    // Before: total 80 from the review alone.
    expect(card.total).toBeNull();
    expect(card.totalDisplay).toBe('数据不足');
    expect(card.missing).toEqual(['自动数据', '跨部门协作']);
    expect(card.basis).toEqual({
      presentShare: expect.closeTo(0.2, 12),
      requiredShare: 0.7,
      sufficient: false,
      reason: '数据不足：缺自动数据、跨部门协作（有数据的部分只占权重20%，需有自动数据或至少70%）',
    });
    expectWeights(card.weightsUsed, 0, 0, 0);
    expect(card.components.review).toMatchObject({ score: 80, display: '80.0', effectiveWeight: 0 });
  });

  it('a lone 5-star collaboration rating: 数据不足 (10% of the weight), not 100.0', () => {
    const card = computeScorecard(inspectorCard({ lines: [], reviewStars: null, collaborationStars: [5] }));
    expect(card.total).toBeNull();
    expect(card.totalDisplay).toBe('数据不足');
    expect(card.basis.reason).toBe('数据不足：缺自动数据、主管评价（有数据的部分只占权重10%，需有自动数据或至少70%）');
  });

  it('a week with no output (metric lines without data) and last month\'s review: 数据不足, not (16 + 9) / 0.3 = 83.3', () => {
    const card = computeScorecard(inspectorCard({ lines: [{ ...workOrdersLine(), records: [] }] }));
    expect(card.components.automatic).toMatchObject({ missing: true, score: null, display: '—' });
    expect(card.total).toBeNull();
    expect(card.basis).toMatchObject({ presentShare: expect.closeTo(0.3, 12), sufficient: false });
  });

  it('automatic data alone is enough: 70% of the weight, total = automatic 90.7', () => {
    const card = computeScorecard(inspectorCard({ reviewStars: null, collaborationStars: [] }));
    expect(card.total).toBeCloseTo(90.7, 9);
    expect(card.basis).toMatchObject({ presentShare: expect.closeTo(0.7, 12), sufficient: true });
    expect(card.basis.reason).toBeUndefined();
    // The card shows both: configured 70%, actual 100%.
    expect(card.components.automatic.configuredShare).toBeCloseTo(0.7, 12);
    expect(card.components.automatic.effectiveWeight).toBeCloseTo(1, 12);
  });

  it('a department weighting automatic data 50/30/20: automatic alone still gives a total (the data is there)', () => {
    const card = computeScorecard(inspectorCard({ reviewStars: null, collaborationStars: [], weights: { automatic: 0.5, review: 0.3, collaboration: 0.2 } }));
    expect(card.total).toBeCloseTo(90.7, 9);
    expect(card.basis.presentShare).toBeCloseTo(0.5, 12);
  });

  it('a department without automatic data (0/80/20): the review alone carries 80% ≥ 70% → total 80; collaboration alone 20% → 数据不足', () => {
    const weights = { automatic: 0, review: 0.8, collaboration: 0.2 };
    expect(computeScorecard(inspectorCard({ lines: [], collaborationStars: [], weights })).total).toBe(80);
    expect(computeScorecard(inspectorCard({ lines: [], reviewStars: null, collaborationStars: [5], weights })).totalDisplay).toBe('数据不足');
  });

  it('HR may lower the minimum: at 30% the review and collaboration (30%) give (16 + 9) / 0.3 = 83.3', () => {
    const policy = { minBasisShare: 0.3, keyResultsInWeeks: 'progress' as const, behaviourWeight: 0 };
    const card = computeScorecard(inspectorCard({ lines: [{ ...workOrdersLine(), records: [] }], policy }));
    expect(card.total).toBeCloseTo(250 / 3, 9);
    expect(card.totalDisplay).toBe('83.3');
  });

  it('nothing at all: 数据不足, all three named', () => {
    const input: ScorecardInput = { userId: 'x', period: SEPTEMBER, timeZone: 'Asia/Shanghai', lines: [] };
    const card = computeScorecard(input);
    expect(card.total).toBeNull();
    expect(card.totalDisplay).toBe('数据不足');
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
