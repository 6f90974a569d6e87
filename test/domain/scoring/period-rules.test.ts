/**
 * Period rules from docs/scoring.md §8 (which month a week uses; a monthly key result on a weekly
 * card) and §9 (行为分), with hand-computed numbers.
 */
import { parsePeriod } from '../../../src/domain/periods';
import { computeScorecard, scoringMonthKeysOf, scoringMonthOf, type MetricLineInput } from '../../../src/domain/scoring';
import { TZ, inspectorCard, newProcessKr, rec } from './fixtures';

describe('the month a week counts in: the month of its Thursday', () => {
  it.each([
    ['2026-W49', '2026-12', 'Mon 30 Nov – Sun 6 Dec: Thursday 3 Dec, 6 of 7 days in December'],
    ['2026-W44', '2026-10', 'Mon 26 Oct – Sun 1 Nov: Thursday 29 Oct'],
    ['2026-W53', '2026-12', 'Mon 28 Dec – Sun 3 Jan 2027: Thursday 31 Dec (4 days in December)'],
    ['2026-W01', '2026-01', 'Mon 29 Dec 2025 – Sun 4 Jan 2026: Thursday 1 Jan'],
    ['2026-W48', '2026-11', 'Mon 23 – Sun 29 Nov'],
  ])('%s → %s (%s)', (week, month) => {
    const period = parsePeriod(week, TZ);
    expect(scoringMonthOf(period, TZ)!.key).toBe(month);
    expect(scoringMonthKeysOf(period, TZ)).toEqual([month]);
  });

  it('a month is its own; a quarter draws on its three months', () => {
    expect(scoringMonthKeysOf(parsePeriod('2026-11', TZ), TZ)).toEqual(['2026-11']);
    expect(scoringMonthOf(parsePeriod('2026-Q4', TZ), TZ)).toBeNull();
    expect(scoringMonthKeysOf(parsePeriod('2026-Q4', TZ), TZ)).toEqual(['2026-10', '2026-11', '2026-12']);
  });

  it('the scorecard names the month it used', () => {
    const card = computeScorecard({ ...inspectorCard(), period: parsePeriod('2026-W49', TZ), lines: [], exceptions: [] });
    expect(card.scoringMonth).toEqual({ key: '2026-12', label: '2026年12月' });
  });
});

describe('a monthly key result on a weekly card', () => {
  // 2025-W38 (Mon 15 – Sun 21 Sep 2025). 抽检差错率: 1 error in 250 sampled on the 19th →
  // 0.4% ≤ 0.5 → 100 (weight 30). KR 推动新工艺上线 60% (weight 20). Review 4★ = 80, collaboration [4, 5] = 90.
  const week = parsePeriod('2025-W38', TZ);
  const sampling: MetricLineInput = {
    kind: 'metric', code: 'sampling_error_rate', name: '抽检差错率', unit: '%', direction: 'lower_better',
    formula: 'errors / sampled * 100', inputs: [{ name: 'errors', aggregate: 'sum' }, { name: 'sampled', aggregate: 'sum' }],
    target: 0.5, targetKind: 'level', weight: 30, floor: true,
    records: [rec('errors', 1, '2025-09-19T16:00:00'), rec('sampled', 250, '2025-09-19T16:00:00')],
  };
  const weekCard = (policy?: { keyResultsInWeeks: 'progress' | 'weighted' }) =>
    computeScorecard({ ...inspectorCard(), period: week, lines: [sampling, newProcessKr], exceptions: [], ...(policy ? { policy: { minBasisShare: 0.7, behaviourWeight: 0, ...policy } } : {}) });

  it('by default shows its progress without weighing in the week: automatic 100, total 70 + 16 + 9 = 95.0', () => {
    const card = weekCard();
    const kr = card.lines.find((l) => l.kind === 'key_result')!;
    expect(kr).toMatchObject({ value: 60, display: '60.0', weighted: false, note: '月度关键结果：周卡片只显示进度，按月计分' });
    expect(card.components.automatic.score).toBe(100);
    expect(card.totalDisplay).toBe('95.0');
  });

  it('HR may weigh it in every week: automatic (30 × 100 + 20 × 60) / 50 = 84; total 0.7 × 84 + 25 = 83.8', () => {
    const card = weekCard({ keyResultsInWeeks: 'weighted' });
    expect(card.lines.find((l) => l.kind === 'key_result')!.weighted).toBeUndefined();
    expect(card.components.automatic.score).toBeCloseTo(84, 9);
    expect(card.totalDisplay).toBe('83.8');
  });

  it('a person with key results only has no weekly total: 数据不足, saying the key results weigh in their month', () => {
    const card = computeScorecard({ ...inspectorCard(), period: week, lines: [newProcessKr], exceptions: [] });
    expect(card.totalDisplay).toBe('数据不足');
    expect(card.basis.reason).toBe('数据不足：缺自动数据（本周没有按周计分的指标，关键结果按月计分；有数据的部分只占权重30%，需有自动数据或至少70%）');
  });

  it('it weighs fully in its month (the worked example: 88.5)', () => {
    const card = computeScorecard(inspectorCard());
    expect(card.lines[3]).toMatchObject({ kind: 'key_result', score: 60 });
    expect(card.lines[3].weighted).toBeUndefined();
    expect(card.totalDisplay).toBe('88.5');
  });
});

describe('行为分', () => {
  // Tags in September: 主动加班支援 +3, 帮助新人 +3, 安全规范提醒 −3 → Σ = +3 → 行为分 60 + 3 = 63.
  const tags = [{ weight: 3 }, { weight: 3 }, { weight: -3 }];

  it('is shown but does not move the total by default: 63, weight 0, total still 88.5', () => {
    const card = computeScorecard(inspectorCard({ behaviourTags: tags }));
    expect(card.behaviour).toEqual({ score: 63, display: '63', tagSum: 3, tagCount: 3, weight: 0, configuredShare: 0 });
    expect(card.totalDisplay).toBe('88.5');
  });

  it('with a 10% weight: 0.9 × 88.49 + 0.1 × 63 = 79.641 + 6.3 = 85.941 → 85.9; the parts take 63/18/9%', () => {
    const card = computeScorecard(inspectorCard({ behaviourTags: tags, policy: { minBasisShare: 0.7, keyResultsInWeeks: 'progress', behaviourWeight: 0.1 } }));
    expect(card.total).toBeCloseTo(85.941, 9);
    expect(card.totalDisplay).toBe('85.9');
    expect(card.behaviour).toMatchObject({ weight: 0.1, configuredShare: 0.1 });
    expect(card.components.automatic.configuredShare).toBeCloseTo(0.63, 12);
    expect(card.weightsUsed.review).toBeCloseTo(0.18, 12);
  });

  it('never makes a total on its own: a lone collaboration rating is still 数据不足 with the 10% weight on', () => {
    const card = computeScorecard(
      inspectorCard({ lines: [], reviewStars: null, collaborationStars: [5], behaviourTags: tags, policy: { minBasisShare: 0.7, keyResultsInWeeks: 'progress', behaviourWeight: 0.1 } }),
    );
    expect(card.totalDisplay).toBe('数据不足');
    expect(card.behaviour).toMatchObject({ score: 63, weight: 0 });
  });

  it('is absent when the tags were not loaded', () => {
    expect(computeScorecard(inspectorCard()).behaviour).toBeNull();
  });
});
