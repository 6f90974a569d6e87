/** The worked example of docs/talent.md, redone by the engine. */
import { DEFAULT_BOXES } from '../../src/talent/boxes';
import { percentileRanks } from '../../src/talent/percentile';
import { computePlacements, type TalentInput } from '../../src/talent/placement';
import { DEFAULT_TALENT_SETTINGS, normalizeLevelRule, validateTalentSettings, type TalentSettings } from '../../src/talent/settings';

function person(userId: string, name: string, over: Partial<TalentInput>): TalentInput {
  return {
    userId, name, departmentId: 2, position: '操作工', monthlyTotals: [null, null, null], previousPerformance: null, behaviour: 0,
    trainingHours: 0, certifications: 0, skills: 0, planActionsDone: 0, collaborationStars: [], suggestions: 0, sharedKeyResults: 0, ...over,
  };
}

export const DOC_EXAMPLE: TalentInput[] = [
  person('zhaolei', '赵磊', { monthlyTotals: [90, 88, 92], previousPerformance: 85, behaviour: 9, trainingHours: 6, certifications: 1, collaborationStars: [5, 4], suggestions: 1 }),
  person('sunli', '孙丽', { monthlyTotals: [72, 75, null], behaviour: 3, trainingHours: 12, suggestions: 2 }),
  person('zhouqiang', '周强', { monthlyTotals: [65, 60, 68], previousPerformance: 58, behaviour: 6, trainingHours: 16, skills: 1, collaborationStars: [4] }),
  person('wuhao', '吴昊', { monthlyTotals: [86, 85, 87], previousPerformance: 88, behaviour: -3, collaborationStars: [3] }),
  person('zhengwei', '郑伟', { monthlyTotals: [80, null, null], previousPerformance: 80, trainingHours: 4 }),
];

const nameOf = (code: string | null) => (code === null ? '数据不足' : DEFAULT_BOXES.find((b) => b.code === code)!.name);

describe('the nine-box placement (docs/talent.md §5)', () => {
  const placements = computePlacements(DOC_EXAMPLE, DEFAULT_TALENT_SETTINGS);
  const by = Object.fromEntries(placements.map((p) => [p.userId, p]));

  it('performance is the mean of the monthly totals; one month is not enough; levels by rank among the four placed', () => {
    expect(placements.map((p) => p.performance)).toEqual([90, 73.5, 64.33, 86, null]);
    expect(placements.map((p) => p.performanceRank)).toEqual([100, 33.33, 0, 66.67, null]);
    expect(placements.map((p) => p.performanceLevel)).toEqual(['high', 'mid', 'low', 'mid', null]);
  });

  it('raw signals as the table gives them', () => {
    expect(by.zhaolei.signals).toEqual({ behaviour: 9, learning: 14, collaboration: 95, trend: 5 });
    expect(by.sunli.signals).toEqual({ behaviour: 3, learning: 12, collaboration: 10, trend: 0 });
    expect(by.zhouqiang.signals).toEqual({ behaviour: 6, learning: 24, collaboration: 80, trend: 6.33 });
    expect(by.wuhao.signals).toEqual({ behaviour: -3, learning: 0, collaboration: 60, trend: -2 });
    expect(by.zhengwei.signals).toEqual({ behaviour: 0, learning: 4, collaboration: 0, trend: 0 });
  });

  it('percentile ranks, the potential index and its rank among all five', () => {
    expect(by.sunli.signalRanks).toEqual({ behaviour: 50, learning: 50, collaboration: 25, trend: 37.5 });
    expect(placements.map((p) => p.potential)).toEqual([88.75, 41.25, 86.25, 12.5, 21.25]);
    expect(placements.map((p) => p.potentialRank)).toEqual([100, 50, 75, 0, 25]);
    expect(placements.map((p) => p.potentialLevel)).toEqual(['high', 'mid', 'high', 'low', 'mid']);
  });

  it('boxes: 明星, 中坚力量, 潜力股, 稳定贡献者, and 数据不足 for one month of data', () => {
    expect(placements.map((p) => nameOf(p.box))).toEqual(['明星', '中坚力量', '潜力股', '稳定贡献者', '数据不足']);
    expect(by.zhengwei.notes.join()).toContain('业绩数据不足');
  });

  it('a department smaller than the minimum group is compared with the whole company', () => {
    const mixed = [...DOC_EXAMPLE, person('lihua', '李华', { departmentId: 9, monthlyTotals: [80, 80, 80] })];
    const p = computePlacements(mixed, DEFAULT_TALENT_SETTINGS);
    expect(new Set(p.map((x) => x.groupKey))).toEqual(new Set(['department:2', 'company']));
    expect(p.find((x) => x.userId === 'lihua')!.groupSize).toBe(1);
  });

  it('with the former absolute cut-offs (业绩 ≥ 85 / < 70, 潜力指数 ≥ 65 / < 35) 吴昊 is 骨干', () => {
    const absolute: TalentSettings = { ...DEFAULT_TALENT_SETTINGS, performance: { kind: 'thresholds', low: 70, high: 85 }, potential: { kind: 'thresholds', low: 35, high: 65 } };
    expect(computePlacements(DOC_EXAMPLE, absolute).map((p) => nameOf(p.box))).toEqual(['明星', '中坚力量', '潜力股', '骨干', '数据不足']);
  });

  it('percentile mode: ties share a rank and so a level; a lone person is 中', () => {
    const settings: TalentSettings = { ...DEFAULT_TALENT_SETTINGS, group: 'company' };
    const totals = [70, 80, 80, 80, 90, 95];
    const six = totals.map((t, i) => person(`p${i}`, `人${i}`, { monthlyTotals: [t, t, t] }));
    const p = computePlacements(six, settings);
    // ranks: 0, (1 + 1)/5 = 40 for each 80, 80, 100
    expect(p.map((x) => x.performanceRank)).toEqual([0, 40, 40, 40, 80, 100]);
    expect(p.map((x) => x.performanceLevel)).toEqual(['low', 'mid', 'mid', 'mid', 'high', 'high']);
    const alone = computePlacements([person('solo', '独', { monthlyTotals: [99, 99, 99] })], settings)[0];
    expect([alone.performanceRank, alone.performanceLevel, alone.potentialLevel]).toEqual([50, 'mid', 'mid']);
  });

  it('distribution mode: top and bottom shares, ties never split', () => {
    const settings: TalentSettings = { ...DEFAULT_TALENT_SETTINGS, group: 'company', performance: { kind: 'distribution', bottomShare: 20, topShare: 20 } };
    const ten = Array.from({ length: 10 }, (_, i) => person(`p${i}`, `人${i}`, { monthlyTotals: [60 + i, 60 + i, 60 + i] }));
    ten[8].monthlyTotals = [69, 69, 69]; // ties with p9 at the top
    const levels = computePlacements(ten, settings).map((p) => p.performanceLevel);
    expect(levels.slice(0, 2)).toEqual(['low', 'low']);
    expect(levels.slice(2, 8).every((l) => l === 'mid')).toBe(true);
    expect(levels.slice(8)).toEqual(['high', 'high']);
  });
});

describe('percentile ranks', () => {
  it.each([
    [[7], [50]],
    [[1, 2, 3], [0, 50, 100]],
    [[5, 5, 5], [50, 50, 50]],
    [[-2, 0, 0, 5, 6.33], [0, 37.5, 37.5, 75, 100]],
  ])('%j → %j', (values, ranks) => expect(percentileRanks(values)).toEqual(ranks));
});

describe('settings validation', () => {
  it('accepts the defaults and names each mistake in Chinese', () => {
    expect(validateTalentSettings(DEFAULT_TALENT_SETTINGS)).toEqual([]);
    const bad = validateTalentSettings({ ...DEFAULT_TALENT_SETTINGS, performance: { kind: 'thresholds', low: 90, high: 80 }, weights: { behaviour: 0, learning: 0, collaboration: 0, trend: 0 } });
    expect(bad).toEqual(['业绩的“低”阈值必须小于“高”阈值', '潜力各信号的权重须为非负数，且合计大于 0']);
    expect(validateTalentSettings({ ...DEFAULT_TALENT_SETTINGS, potential: { kind: 'percentile', low: 80, high: 120 } })).toEqual(['潜力的百分位分档须满足 0 ≤ 低 < 高 ≤ 100']);
  });

  it('reads potential cut-offs saved before the rule had a kind as the thresholds they were', () => {
    expect(normalizeLevelRule({ low: 35, high: 65 }, DEFAULT_TALENT_SETTINGS.potential)).toEqual({ kind: 'thresholds', low: 35, high: 65 });
    expect(normalizeLevelRule(undefined, DEFAULT_TALENT_SETTINGS.potential)).toEqual({ kind: 'percentile', low: 20, high: 75 });
  });
});
