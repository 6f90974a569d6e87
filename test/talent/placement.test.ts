/** The worked example of docs/talent.md, redone by the engine. */
import { DEFAULT_BOXES } from '../../src/talent/boxes';
import { percentileRanks } from '../../src/talent/percentile';
import { computePlacements, type TalentInput } from '../../src/talent/placement';
import { DEFAULT_TALENT_SETTINGS, validateTalentSettings, type TalentSettings } from '../../src/talent/settings';

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

  it('performance is the mean of the monthly totals; one month is not enough', () => {
    expect(placements.map((p) => p.performance)).toEqual([90, 73.5, 64.33, 86, null]);
    expect(placements.map((p) => p.performanceLevel)).toEqual(['high', 'mid', 'low', 'high', null]);
  });

  it('raw signals as the table gives them', () => {
    expect(by.zhaolei.signals).toEqual({ behaviour: 9, learning: 14, collaboration: 95, trend: 5 });
    expect(by.sunli.signals).toEqual({ behaviour: 3, learning: 12, collaboration: 10, trend: 0 });
    expect(by.zhouqiang.signals).toEqual({ behaviour: 6, learning: 24, collaboration: 80, trend: 6.33 });
    expect(by.wuhao.signals).toEqual({ behaviour: -3, learning: 0, collaboration: 60, trend: -2 });
    expect(by.zhengwei.signals).toEqual({ behaviour: 0, learning: 4, collaboration: 0, trend: 0 });
  });

  it('percentile ranks and the potential index', () => {
    expect(by.sunli.signalRanks).toEqual({ behaviour: 50, learning: 50, collaboration: 25, trend: 37.5 });
    expect(placements.map((p) => p.potential)).toEqual([88.75, 41.25, 86.25, 12.5, 21.25]);
  });

  it('boxes: 明星, 中坚力量, 潜力股, 骨干, and 数据不足 for one month of data', () => {
    expect(placements.map((p) => nameOf(p.box))).toEqual(['明星', '中坚力量', '潜力股', '骨干', '数据不足']);
    expect(by.zhengwei.notes.join()).toContain('业绩数据不足');
  });

  it('a department smaller than the minimum group is compared with the whole company', () => {
    const mixed = [...DOC_EXAMPLE, person('lihua', '李华', { departmentId: 9, monthlyTotals: [80, 80, 80] })];
    const p = computePlacements(mixed, DEFAULT_TALENT_SETTINGS);
    expect(new Set(p.map((x) => x.groupKey))).toEqual(new Set(['department:2', 'company']));
    expect(p.find((x) => x.userId === 'lihua')!.groupSize).toBe(1);
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
  });
});
