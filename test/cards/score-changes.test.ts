/** The "成绩变动" note on the 查询 detail card and the Friday card: first line, within WeCom's limits. */
import { buildScorecardDetailCard } from '../../cards/scorecard-detail-card';
import { buildWeeklyScorecardCard } from '../../cards/weekly-scorecard-card';
import { parsePeriod } from '../../src/domain/periods';
import type { ScoreChange } from '../../src/domain/published';
import type { ScoredLine } from '../../src/domain/scoring';
import type { ScorecardView } from '../../src/repositories/scorecards';
import { validateTemplateCard } from '../../src/sandbox/validate-card';

const week = parsePeriod('2026-W47', 'Asia/Shanghai');
const line = (i: number): ScoredLine => ({
  kind: 'metric', code: `m${i}`, name: `很长的指标名称第${i}项`, unit: '%', direction: 'higher_better', value: 80, target: 100, score: 80,
  display: '80.0', weight: 10, status: 'scored', recordsUsed: 1, recordsExcluded: 0,
});
const comp = (label: string, score: number, weight: number) => ({ label, score, display: score.toFixed(1), weight, configuredShare: weight / 100, effectiveWeight: weight / 100, missing: false });
const changes: ScoreChange[] = [
  { periodKey: week.key, periodLabel: week.label, what: 'total', from: '60.0', to: '100.0', reasons: ['迟到数据 1 条'] },
  { periodKey: week.key, periodLabel: week.label, what: 'rank', from: '2/2', to: '1/2', reasons: ['迟到数据 1 条'] },
];
const view = (withChanges: ScoreChange[]): ScorecardView => ({
  userId: 'sunli', period: week, lines: Array.from({ length: 10 }, (_, i) => line(i + 1)),
  components: { automatic: comp('自动数据', 100, 70), review: comp('主管评价', 60, 20), collaboration: comp('跨部门协作', 80, 10) },
  total: 100, totalDisplay: '100.0', missing: [], exceptionsApplied: [], weightsUsed: { automatic: 0.7, review: 0.2, collaboration: 0.1 },
  basis: { presentShare: 1, requiredShare: 0.7, sufficient: true }, behaviour: null, scoringMonth: { key: '2026-11', label: '2026年11月' },
  employee: { userId: 'sunli', name: '孙丽', position: '操作工', departmentId: 3, departmentName: '生产部' },
  peer: { rank: 1, of: 2, percentile: 100, group: '全部门' }, changes: withChanges,
});

describe('published score change note', () => {
  it('opens the 查询 card, and the lines still fit (the rest go to the overflow message)', () => {
    const { card, overflow } = buildScorecardDetailCard(view(changes), 'https://example.com/h5');
    expect(validateTemplateCard(card)).toBeNull();
    const text = card.sub_title_text!;
    expect(text.split('\n')[0]).toMatch(/^⚠ 成绩变动：2026年第47周.*已发布的总分 60\.0→100\.0（迟到数据 1 条）/);
    expect([...text].length).toBeLessThanOrEqual(160);
    expect(overflow).not.toBeNull();
  });

  it('opens the Friday card; no note without changes', () => {
    const base = { month: null, review: null, tags: [], detailUrl: 'https://example.com/h5', taskId: 'wsc-1' };
    const card = buildWeeklyScorecardCard({ ...base, week: view([]), changes });
    expect(validateTemplateCard(card)).toBeNull();
    expect(card.sub_title_text!.startsWith('⚠ 成绩变动：')).toBe(true);
    expect([...card.sub_title_text!].length).toBeLessThanOrEqual(160);
    expect(buildWeeklyScorecardCard({ ...base, week: view([]) }).sub_title_text).not.toContain('成绩变动');
    expect(buildScorecardDetailCard(view([]), 'https://example.com/h5').card.sub_title_text).not.toContain('成绩变动');
  });
});
