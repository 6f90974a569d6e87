/** The pure measures at their edges: nothing to measure says so, months before recording are not zeros. */
import { computeMeasures, median, type OutcomeData } from '../../src/outcomes/measures';
import { changeOf } from '../../src/outcomes/report';
import { parseRange } from '../../src/outcomes/spans';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2026-11-27T09:00:00Z');
const empty: OutcomeData = { now: NOW, recordingSince: null, corePositions: [], people: [], items: [], suggestions: [], managerIds: [], actions: [], completeness: [], decisions: [], surveys: [] };
const at = (s: string) => new Date(`${s}+08:00`);

describe('outcome measures', () => {
  it('an empty company measures nothing, and says why for each', () => {
    const rows = computeMeasures(empty, parseRange('2026-10', TZ));
    expect(rows.map((r) => [r.code, r.value.value, r.value.text, r.value.sample])).toEqual([
      ['core_turnover', null, '数据不足', 'HR 尚未设置核心岗位（成效 核心岗位 …）'],
      ['cross_dept_cycle', null, '数据不足', '完成 0 项跨部门任务'],
      ['suggestions', null, '数据不足', '系统尚无记录'],
      ['suggestions_adopted', null, '数据不足', '系统尚无记录'],
      ['completeness', null, '数据不足', '有记录 0 人次 / 应记录 0 人次，0 周'],
      ['manager_hours', null, '数据不足', '没有带下属的主管'],
      ['decisions', null, '数据不足', '系统尚无记录'],
      ['decision_approval', null, '数据不足', '已决定 0 件，批准 0 件'],
      ['decision_hours', null, '数据不足', '已决定 0 件，待决定 0 件'],
      ['survey_fairness', null, '暂无调查', '期间内没有这道题的调查'],
      ['survey_work_matters', null, '暂无调查', '期间内没有这道题的调查'],
    ]);
  });

  it('a baseline before the system recorded anything is 数据不足, not 0 suggestions; a recorded month with none is 0', () => {
    const data: OutcomeData = { ...empty, recordingSince: at('2026-09-15T10:00'), suggestions: [{ createdAt: at('2026-10-08T09:00'), adopted: false }] };
    const value = (key: string) => computeMeasures(data, parseRange(key, TZ)).find((r) => r.code === 'suggestions')!.value;
    expect(value('2024').text).toBe('数据不足');
    expect(value('2026-09').text).toBe('数据不足'); // recording began mid-month
    expect(value('2026-10')).toEqual({ value: 1, text: '1 条', sample: '共 1 条 / 1 个月' });
    expect(value('2026-11').text).toBe('数据不足'); // not over yet
    expect(value('2026-09..2026-11')).toEqual({ value: 1, text: '1 条', sample: '共 1 条 / 1 个月' });
    const earlier = computeMeasures({ ...data, recordingSince: at('2026-08-01T10:00') }, parseRange('2026-09', TZ)).find((r) => r.code === 'suggestions')!.value;
    expect(earlier).toEqual({ value: 0, text: '0 条', sample: '共 0 条 / 1 个月' });
  });

  it('turnover of a month still running is measured up to now and annualised over the days so far', () => {
    const data: OutcomeData = {
      ...empty,
      corePositions: ['质检员'],
      people: [
        ...Array.from({ length: 9 }, (_, i) => ({ userId: `p${i}`, position: '质检员', joinedAt: null, leftAt: null })),
        { userId: 'x', position: '质检员', joinedAt: null, leftAt: at('2026-11-10T00:00') },
        { userId: 'y', position: '操作工', joinedAt: null, leftAt: at('2026-11-11T00:00') },
      ],
    };
    const v = computeMeasures(data, parseRange('2026-11', TZ)).find((r) => r.code === 'core_turnover')!.value;
    // 1 leaver; (10 + 9) / 2 = 9.5 on average; 26 days 17 hours so far → × 365 / 26.708
    expect(v.sample).toBe('离职 1 人 / 平均在岗 9.5 人，26.7 天');
    expect(v.value).toBe(Math.round((1 / 9.5) * (365 / ((NOW.getTime() - at('2026-11-01T00:00').getTime()) / 86_400_000)) * 1000) / 10);
  });

  it("managers' time counts a tag at its measured median once there is one", () => {
    const data: OutcomeData = {
      ...empty,
      recordingSince: at('2026-01-01T00:00'),
      managerIds: ['lihua', 'wangqiang'],
      actions: [
        ...Array.from({ length: 40 }, () => ({ actorId: 'lihua', kind: 'tag' as const, at: at('2026-10-12T10:00') })),
        { actorId: 'wangqiang', kind: 'review' as const, at: at('2026-10-28T10:00') },
        { actorId: 'heping', kind: 'appeal_decision' as const, at: at('2026-10-20T10:00') }, // HR's time is not a manager's
      ],
    };
    const hours = (d: OutcomeData) => computeMeasures(d, parseRange('2026-10', TZ)).find((r) => r.code === 'manager_hours')!.value;
    // Estimate: 40 × 0.25 + 3 = 13 minutes over 2 managers, 1 month = 0.11 h.
    expect(hours(data)).toMatchObject({ value: 0.11, sample: '主管 2 人 × 1 个月，表扬/提醒标签 40 次、月度评价（星级 + 评语） 1 次，合计 13 分钟' });
    // Measured: 12 s a tag → 40 × 0.2 + 3 = 11 minutes = 0.09 h.
    expect(hours({ ...data, measuredMinutes: { tag: { minutes: 0.2, n: 35 } } })).toMatchObject({
      value: 0.09, sample: '主管 2 人 × 1 个月，表扬/提醒标签 40 次、月度评价（星级 + 评语） 1 次，合计 11 分钟；表扬/提醒标签按实测中位数 12 秒（35 次）',
    });
  });

  it('medians, and which way is better', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const def = { code: 'cross_dept_cycle' as const, name: '', unit: '天', better: 'lower' as const };
    expect(changeOf(def, { value: 14, text: '', sample: '' }, { value: 8.2, text: '', sample: '' })).toBe('better');
    expect(changeOf({ ...def, better: 'higher' }, { value: 14, text: '', sample: '' }, { value: 8.2, text: '', sample: '' })).toBe('worse');
    expect(changeOf(def, { value: null, text: '数据不足', sample: '' }, { value: 8.2, text: '', sample: '' })).toBeNull();
    expect(changeOf({ ...def, better: null }, { value: 1, text: '', sample: '' }, { value: 2, text: '', sample: '' })).toBeNull();
  });
});
