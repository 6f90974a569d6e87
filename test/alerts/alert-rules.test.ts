/** The pure parts, checked against the hand-worked examples of docs/alerts.md. */
import { buildAlertCard } from '../../cards/alert-card';
import { evidenceLine, judge } from '../../src/alerts/backtest';
import { baselinesAt, median, ownBaseline } from '../../src/alerts/baseline';
import { recoveryRates } from '../../src/alerts/recovery';
import { firesAt, recovered, thresholdValue } from '../../src/alerts/rule-check';
import { parseRuleCommand } from '../../src/alerts/rule-command';
import { wilson } from '../../src/alerts/wilson';
import { validateTemplateCard } from '../../src/sandbox/validate-card';

describe('baselines', () => {
  it('is the median of the last 8 comparable weeks (docs example: 40)', () => {
    expect(median([42, 38, 40, 41, 39, 44, 40, 37])).toBe(40);
    // weeks without data are skipped, and older weeks beyond 8 comparable ones are ignored
    const series = [10, 10, 10, 42, null, 38, 40, 41, null, 39, 44, 40, 37, 30];
    expect(ownBaseline(series, 13)).toBe(40);
    expect(ownBaseline([40, 40, null, 40], 4)).toBeNull(); // 3 comparable weeks < 4
  });

  it('gives a new person the median of their peers (same position), and nobody else theirs', () => {
    const people = new Map([
      ['a', { series: [40, 40, 40, 40, 40], position: '操作工' }],
      ['b', { series: [50, 50, 50, 50, 50], position: '操作工' }],
      ['c', { series: [60, 60, 60, 60, 60], position: '操作工' }],
      ['new', { series: [null, null, null, 20, 20], position: '操作工' }],
      ['qc', { series: [null, null, null, null, 5], position: '质检员' }],
    ]);
    const b = baselinesAt(people, 5);
    expect(b.get('a')).toEqual({ value: 40, source: 'own', basis: 5 });
    expect(b.get('new')).toEqual({ value: 50, source: 'peers', basis: 3 });
    expect(b.has('qc')).toBe(false);
  });
});

describe('rules', () => {
  it('fires when every week of the window crosses the threshold (docs example: 40 → 34)', () => {
    const rule = { direction: 'below' as const, thresholdPct: 15, weeks: 2 };
    expect(thresholdValue(rule, 40)).toBeCloseTo(34, 9);
    expect(firesAt(rule, [40, 30, 30], 2, 40)).toBe(true);
    expect(firesAt(rule, [40, 34, 30], 2, 40)).toBe(false); // 34 is not below 34
    expect(firesAt(rule, [40, null, 30], 2, 40)).toBe(false);
    expect(firesAt({ direction: 'above', thresholdPct: 50, weeks: 1 }, [0, 1], 1, 0)).toBe(true);
    expect(recovered('below', 40, 40)).toBe(true);
    expect(recovered('above', 11, 10)).toBe(false);
  });

  it('parses HR commands and refuses nonsense', () => {
    expect(parseRuleCommand('')).toEqual({ kind: 'list' });
    expect(parseRuleCommand('新增 工单完成数 低于 15% 连续 2 周 通知本人')).toEqual({
      kind: 'add', metric: '工单完成数', terms: { direction: 'below', thresholdPct: 15, weeks: 2, audience: 'supervisor_employee' },
    });
    expect(parseRuleCommand('修改 #3 高于 30％ 连续 1 周')).toEqual({ kind: 'edit', id: 3, terms: { direction: 'above', thresholdPct: 30, weeks: 1 } });
    expect(parseRuleCommand('停用 3')).toEqual({ kind: 'toggle', id: 3, active: false });
    expect(() => parseRuleCommand('新增 工单完成数 少了 很多')).toThrow('没看懂规则条件');
    expect(() => parseRuleCommand('新增 工单完成数 低于 15% 连续 9 周')).toThrow('连续周数应为 1–8 之间的整数。');
  });
});

describe('evidence', () => {
  it('matches the worked example: 28/40 against 80/400 is proven, lift 3.5', () => {
    const w = wilson(28, 40)!;
    expect([w.low, w.high].map((x) => Math.round(x * 1000) / 10)).toEqual([54.6, 81.9]);
    const q = wilson(80, 400)!;
    expect([q.low, q.high].map((x) => Math.round(x * 1000) / 10)).toEqual([16.4, 24.2]);
    const e = judge(40, 28, 400, 80);
    expect(e.proven).toBe(true);
    expect(e.lift).toBeCloseTo(3.5, 9);
    expect(evidenceLine(e)).toBe('历史上触发此规则后，当月未达标的比例为 70%（未触发时 20%，样本 40）');
  });

  it('calls 9 of 12 unproven (too few samples), and overlapping intervals unproven', () => {
    const w = wilson(9, 12)!;
    expect([w.low, w.high].map((x) => Math.round(x * 1000) / 10)).toEqual([46.8, 91.1]);
    expect(judge(12, 9, 400, 80).proven).toBe(false);
    expect(judge(40, 12, 400, 80).proven).toBe(false); // 30% vs 20%: intervals overlap
    expect(evidenceLine(judge(12, 9, 400, 80))).toBe('此规则尚未被历史数据证实（触发样本 12，未达标 9；未触发样本 400，未达标 80），仅供参考。');
  });
});

describe('recovery per action', () => {
  const w = (n: number) => new Date(Date.UTC(2026, 0, 5) + n * 7 * 86_400_000);
  it('counts recovered within 4 weeks, per latest action, and leaves alerts still in their window out', () => {
    const rows = recoveryRates(
      [
        { action: 'mentor', firedWeekStart: w(0), closedWeekStart: w(2) },
        { action: 'mentor', firedWeekStart: w(0), closedWeekStart: w(6) },
        { action: null, firedWeekStart: w(0), closedWeekStart: null },
        { action: 'talk', firedWeekStart: w(8), closedWeekStart: null }, // fired 2 weeks ago: not judged yet
      ],
      w(10),
    );
    expect(rows).toEqual([{ action: 'mentor', judged: 2, recovered: 1 }, { action: 'none', judged: 1, recovered: 0 }]);
  });
});

describe('the alert card', () => {
  it('is a valid button_interaction card with the weeks against the baseline', () => {
    const card = buildAlertCard({
      alertId: 7, taskId: 'alert-7-lihua', employeeName: '赵磊', metricName: '工单完成数', unit: '单', ruleText: '工单完成数 连续 2 周低于基线 15%',
      baseline: 40, baselineSource: 'peers', weeks: [{ week: '2026-W47', value: 30 }, { week: '2026-W48', value: null }],
      evidence: '此规则尚未被历史数据证实', mentors: ['孙丽'], courses: ['复训'], talks: [],
    });
    expect(validateTemplateCard(card as never)).toBeNull();
    expect(card.horizontal_content_list).toEqual([
      { keyname: '基线', value: '40单（同岗位基线中位数）' },
      { keyname: 'W47', value: '30（-25%）' },
      { keyname: 'W48', value: '无数据' },
    ]);
    expect(card.quote_area?.quote_text).toBe('带教：同岗位表现最好的 孙丽\n培训：复训');
    expect(card.button_list.map((b) => b.key)).toEqual(['alert:act:7:mentor', 'alert:act:7:course', 'alert:act:7:talk', 'alert:act:7:skip']);
  });
});
