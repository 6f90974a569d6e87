/** The Friday push's card builders, as pure functions: shape, limits and the key fields. */
import { buildTeamSummaryCard, summariseTeam, type TeamMemberScore } from '../../cards/team-summary-card';
import { buildUnassignedListMarkdown } from '../../cards/unassigned-list-card';
import {
  buildWeeklyScorecardCard, fitCardLines, prioritiseLines, reviewAndTagsText, weeklyScorecardTaskId,
} from '../../cards/weekly-scorecard-card';
import { parsePeriod } from '../../src/domain/periods';
import type { ScoredLine } from '../../src/domain/scoring';
import type { ScorecardView } from '../../src/repositories/scorecards';
import { validateTemplateCard } from '../../src/sandbox/validate-card';

const week = parsePeriod('2026-W48', 'Asia/Shanghai');

function metric(name: string, score: number | null, extra: Partial<ScoredLine> = {}): ScoredLine {
  return {
    kind: 'metric', code: name, name, unit: '%', direction: 'higher_better', value: score, target: 100, score,
    display: score === null ? '—' : score.toFixed(1), weight: 10, status: score === null ? 'no_data' : 'scored',
    reason: score === null ? '本期无数据' : undefined, recordsUsed: 1, recordsExcluded: 0, ...extra,
  };
}

function view(lines: ScoredLine[]): ScorecardView {
  // 70/20/10 with the review missing: the automatic data takes 70 / 80 = 87.5%, collaboration 12.5%.
  const comp = (label: string, score: number | null, weight: number, effectiveWeight: number) =>
    ({ label, score, display: score === null ? '—' : score.toFixed(1), weight, configuredShare: weight / 100, effectiveWeight, missing: score === null });
  return {
    userId: 'u1', period: week, lines,
    components: { automatic: comp('自动数据', 80, 70, 0.875), review: comp('主管评价', null, 20, 0), collaboration: comp('跨部门协作', 90, 10, 0.125) },
    total: 81.25, totalDisplay: '81.3', missing: ['主管评价'], exceptionsApplied: [], weightsUsed: { automatic: 0.875, review: 0, collaboration: 0.125 },
    basis: { presentShare: 0.8, requiredShare: 0.7, sufficient: true },
    behaviour: { score: 57, display: '57', tagSum: -3, tagCount: 1, weight: 0, configuredShare: 0 },
    scoringMonth: { key: '2026-11', label: '2026年11月' },
    employee: { userId: 'u1', name: '张三', position: '操作工', departmentId: 3, departmentName: '生产部' },
    peer: { rank: 3, of: 12, percentile: 82, group: '同部门同岗位' },
  };
}

describe('weekly scorecard card', () => {
  it('puts floor breaches first, then the lowest scores, then lines without data', () => {
    const lines = [metric('甲', 90), metric('乙', null), metric('丙', 40), metric('丁', 95, { floor: true, floorBreached: true }), metric('戊', 60)];
    expect(prioritiseLines(lines).map((l) => l.name)).toEqual(['丁', '丙', '戊', '甲', '乙']);
  });

  it('fits the lines in 160 characters and counts the rest', () => {
    const lines = Array.from({ length: 12 }, (_, i) => metric(`很长的指标名称第${i + 1}项用于测试`, 50 + i));
    const fitted = fitCardLines(lines);
    expect([...fitted.text].length).toBeLessThanOrEqual(160);
    expect(fitted.text.endsWith(`另有 ${12 - fitted.shown} 项见详情`)).toBe(true);
    expect(fitted.shown).toBeGreaterThan(0);
    expect(fitCardLines([]).text).toBe('本周暂无考核指标数据。');
  });

  it('builds a valid button_interaction card with the rank, components and three buttons', () => {
    const card = buildWeeklyScorecardCard({
      week: view([metric('合格率', 80)]), month: { label: '2026年11月', totalDisplay: '79.0' }, review: null,
      tags: [{ polarity: 'remind', tag: '安全规范提醒', authorName: '李华' }], detailUrl: 'https://example.com/h5', taskId: 'wsc-1',
    });
    expect(validateTemplateCard(card)).toBeNull();
    // Configured weights with the actual shares beside them (before: 权重70% where it was 87.5%).
    expect(card.horizontal_content_list).toEqual([
      { keyname: '本周总分', value: '81.3（缺主管评价，已按其余部分折算）' },
      { keyname: '11月累计', value: '79.0' },
      { keyname: '自动数据', value: '80.0 · 权重70%，实占87.5%' },
      { keyname: '主管评价', value: '缺 · 权重20%，未计入' },
      { keyname: '跨部门协作', value: '90.0 · 权重10%，实占12.5%' },
      { keyname: '同组排名', value: '同部门同岗位第3/12，超过82%' },
    ]);
    expect(card.main_title?.desc).toBe('2026年第48周（11月23日–11月29日） · 本周计入11月（周四所在月）');
    expect(card.quote_area).toEqual({
      type: 0,
      title: '行为分 · 本周标签',
      quote_text: '11月行为分 57（基准60，标签合计-3，共1条；不计入总分）\n提醒·安全规范提醒（李华）',
    });
    expect(card.button_list.map((b) => [b.text, b.key ?? b.url])).toEqual([
      ['查看详情', 'https://example.com/h5'], ['发起申诉', 'appeal:start:2026-W48'], ['补充材料', 'appeal:evidence:2026-W48'],
    ]);
  });

  it('summarises many tags and clips a long comment', () => {
    const tags = Array.from({ length: 6 }, (_, i) => ({ polarity: 'praise' as const, tag: `标签${i}`, authorName: '李华' }));
    const text = reviewAndTagsText({ review: { stars: 5, comment: '很好'.repeat(100), reviewerName: '王强' }, tags })!;
    expect([...text].length).toBeLessThanOrEqual(120);
    expect(reviewAndTagsText({ review: null, tags })).toContain('等 6 条');
    expect(reviewAndTagsText({ review: null, tags: [] })).toBeNull();
  });

  it('makes task ids unique per run, period and person, within WeCom’s charset', () => {
    expect(weeklyScorecardTaskId(7, '2026-W48', 'zhaolei')).toBe('wsc-7-2026-W48-zhaolei');
    const a = weeklyScorecardTaskId(7, '2026-W48', 'li.hua');
    const b = weeklyScorecardTaskId(7, '2026-W48', 'li_hua');
    expect(a).toMatch(/^[A-Za-z0-9_\-@]+$/);
    expect(a).not.toBe(b);
  });
});

describe('team summary card', () => {
  const m = (name: string, total: number | null, extra: Partial<TeamMemberScore> = {}): TeamMemberScore =>
    ({ userId: name, name, total, breaches: [], noData: total === null, detailUrl: `https://example.com/${name}`, ...extra });

  it('averages, bands on the shown score, and names the lowest, breaches and missing data', () => {
    const members = [m('甲', 89.96), m('乙', 55, { breaches: ['良品率'] }), m('丙', 72), m('丁', null), m('戊', 80)];
    const s = summariseTeam(members);
    expect(s.average).toBeCloseTo((89.96 + 55 + 72 + 80) / 4, 9);
    expect(s.bands).toEqual([1, 1, 1, 1]); // 89.96 shows as 90.0
    expect(s.lowest.map((x) => x.name)).toEqual(['乙', '丙', '戊']);
    const card = buildTeamSummaryCard({ managerName: '李华', period: week, members, fallbackUrl: 'https://example.com/self' });
    expect(validateTemplateCard(card)).toBeNull();
    expect(card.sub_title_text).toBe('最低：乙 55.0、丙 72.0、戊 80.0\n未达底线：乙（良品率）\n暂无数据：丁');
    expect(card.jump_list).toHaveLength(3);
    expect(card.card_action).toEqual({ type: 1, url: 'https://example.com/乙' });
  });
});

describe('unassigned list', () => {
  it('groups by department and stays within the 2048-byte markdown limit', () => {
    const people = Array.from({ length: 400 }, (_, i) => ({ userId: `u${i}`, name: `员工${i}`, departmentName: `部门${i % 7}`, position: '操作工' }));
    const text = buildUnassignedListMarkdown({ period: week, people });
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(2048);
    expect(text).toContain('未分配指标的员工：400 人');
    expect(text).toMatch(/…另有 \d+ 人未列出/);
  });
});
