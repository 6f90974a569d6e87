/**
 * The builders behind 评价, 查询, 排行, 完成率 and 待办: WeCom's structural rules and field limits,
 * and the fields a user reads.
 */
import { buildCompletenessMarkdown, sharePercent } from '../../cards/completeness-card';
import { buildRankingCard, rankByTotal } from '../../cards/ranking-card';
import { buildReviewFinishedCard, buildReviewListCard, buildReviewStarCard, type ReviewPerson } from '../../cards/review-flow-card';
import { parseReviewKey, parseStars, pickKey, splitRatingArgs, starKey, starText, whoKey } from '../../cards/review-keys';
import { buildReviewNoticeCard } from '../../cards/review-notice-card';
import { buildScorecardDetailCard, formatLine } from '../../cards/scorecard-detail-card';
import { buildTodoCard } from '../../cards/todo-card';
import { parsePeriod } from '../../src/domain/periods';
import type { ScoredLine } from '../../src/domain/scoring';
import type { ScorecardView } from '../../src/repositories/scorecards';
import { validateTemplateCard } from '../../src/sandbox/validate-card';
import type { ButtonInteractionCard, TemplateCard } from '../../src/wecom/card-types';

const len = (s: string | undefined) => [...(s ?? '')].length;
const args = (key: string) => key.split(':').slice(1);
const month = { key: '2026-11', label: '2026年11月' };
const people = (n: number): ReviewPerson[] => Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, name: `员工${i}`, detail: '生产部 · 操作工' }));

function expectWithinLimits(card: TemplateCard): void {
  expect(validateTemplateCard(card)).toBeNull();
  expect(len(card.main_title?.title)).toBeLessThanOrEqual(36);
  expect(len(card.main_title?.desc)).toBeLessThanOrEqual(44);
  if ('sub_title_text' in card) expect(len(card.sub_title_text)).toBeLessThanOrEqual(160);
  if ('button_list' in card) for (const b of card.button_list) expect(len(b.text)).toBeLessThanOrEqual(10);
  if ('horizontal_content_list' in card) {
    expect(card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
    for (const item of card.horizontal_content_list ?? []) expect(len(item.keyname)).toBeLessThanOrEqual(5);
  }
}

describe('review keys and parsing', () => {
  it('round-trips the keys through the router’s split', () => {
    expect(parseReviewKey(args(whoKey('zhaolei', '2026-11')))).toEqual({ action: 'who', userId: 'zhaolei', month: '2026-11' });
    expect(parseReviewKey(args(starKey('zhaolei', '2026-11', 4)))).toEqual({ action: 'star', userId: 'zhaolei', month: '2026-11', stars: 4 });
    expect(parseReviewKey(args(pickKey('2026-11')))).toEqual({ action: 'pick', month: '2026-11' });
    expect(parseReviewKey(['star', 'zhaolei', '2026-11', '6'])).toBeNull();
    expect(parseReviewKey(['who', 'zhaolei', 'x'])).toBeNull();
  });

  it('reads stars as digits, full-width digits, 4星 or Chinese numerals', () => {
    expect(['4', '４', '4星', '四', '5分'].map(parseStars)).toEqual([4, 4, 4, 4, 5]);
    expect(['0', '6', '好', '', '4.5'].map(parseStars)).toEqual([null, null, null, null, null]);
    expect(splitRatingArgs('@赵磊 4 本月  表现好')).toEqual({ mention: '@赵磊', starsToken: '4', rest: '本月  表现好' });
    expect(splitRatingArgs('@赵磊')).toEqual({ mention: '@赵磊', starsToken: '', rest: '' });
    expect(starText(3)).toBe('★★★☆☆');
  });
});

describe('review flow cards', () => {
  it('lists up to six people as buttons, more as a selection of ten', () => {
    const small = buildReviewListCard({ month, pending: people(6), taskId: 'review-t1' });
    expectWithinLimits(small);
    expect(small.button_list).toHaveLength(6);
    expect(small.button_selection).toBeUndefined();

    const big = buildReviewListCard({ month, pending: people(14), taskId: 'review-t2', recorded: { name: '赵磊', stars: 4, note: '已通知赵磊。' } });
    expectWithinLimits(big);
    expect(big.button_selection?.option_list).toHaveLength(10);
    expect(big.sub_title_text).toContain('另有 4 人');
    expect(big.main_title?.title).toBe('已记录：赵磊 ★★★★☆');
  });

  it('offers five star buttons and 返回, and a finished card greyed out', () => {
    const stars = buildReviewStarCard({ month, person: people(1)[0], counts: { praise: 2, remind: 0 }, taskId: 'review-t3' });
    expectWithinLimits(stars);
    expect(stars.button_list.map((b) => b.key)).toEqual(['review:star:u0:2026-11:5', 'review:star:u0:2026-11:4', 'review:star:u0:2026-11:3', 'review:star:u0:2026-11:2', 'review:star:u0:2026-11:1', 'review:back:2026-11']);
    const done = buildReviewFinishedCard({ month, taskId: 'review-t3' });
    expectWithinLimits(done);
    expect(done.replace_text).toBe('本月评价已全部完成');
  });

  it('tells the employee the stars and the comment, clipped to the card', () => {
    const card = buildReviewNoticeCard({ monthLabel: '2026年11月', stars: 2, comment: '长'.repeat(300), reviewerName: '李华', updated: false, link: 'https://x/y' });
    expectWithinLimits(card);
    expect(card.emphasis_content).toEqual({ title: '★★☆☆☆', desc: '2 星 · 待改进' });
    expect(len(card.sub_title_text)).toBe(160);
  });
});

function line(i: number, extra: Partial<ScoredLine> = {}): ScoredLine {
  return { kind: 'metric', code: `m${i}`, name: `指标名称${i}号`, unit: '%', direction: 'higher_better', value: 95, target: 98, score: 96.94, display: '96.9', weight: 10, status: 'scored', recordsUsed: 1, recordsExcluded: 0, ...extra };
}

function view(lines: ScoredLine[]): ScorecardView {
  const comp = (label: string, weight: number, score: number | null, effectiveWeight: number) =>
    ({ label, score, display: score === null ? '—' : score.toFixed(1), weight, configuredShare: weight, effectiveWeight, missing: score === null });
  return {
    userId: 'zhaolei',
    period: parsePeriod('2026-11', 'Asia/Shanghai'),
    lines,
    components: { automatic: comp('自动数据', 0.7, 90, 0.875), review: comp('主管评价', 0.2, null, 0), collaboration: comp('跨部门协作', 0.1, 100, 0.125) },
    total: 91.25,
    totalDisplay: '91.3',
    missing: ['主管评价'],
    exceptionsApplied: [
      {
        id: 1, kind: '设备故障', start: new Date(), end: new Date(), metricCodes: ['m1'], coveredWorkingDays: 0.5, recordsExcluded: 1, targets: [],
        effect: 'used', lines: [{ code: 'm1', name: '指标名称1号', withException: 96.94, withoutException: 90, used: true }],
      },
      {
        id: 2, kind: '物料延迟', start: new Date(), end: new Date(), metricCodes: [], coveredWorkingDays: 1, recordsExcluded: 0, targets: [],
        effect: 'not_needed', why: '按原数据得分不低于剔除后（指标名称2号 剔除后93.5、原数据97.5），按原数据计分，得分不变',
        lines: [{ code: 'm2', name: '指标名称2号', withException: 93.5, withoutException: 97.5, used: false }],
      },
    ],
    weightsUsed: { automatic: 0.875, review: 0, collaboration: 0.125 },
    basis: { presentShare: 0.8, requiredShare: 0.7, sufficient: true },
    behaviour: { score: 63, display: '63', tagSum: 3, tagCount: 1, weight: 0, configuredShare: 0 },
    scoringMonth: { key: '2026-11', label: '2026年11月' },
    employee: { userId: 'zhaolei', name: '赵磊', position: '操作工', departmentId: 3, departmentName: '生产部' },
    peer: { rank: 2, of: 4, percentile: 67, group: '全部门' },
  };
}

describe('scorecard detail card', () => {
  it('formats lines: value against target, floor breaches, missing data, key results', () => {
    expect(formatLine(line(1, { floor: true, floorBreached: true }))).toBe('指标名称1号 95%/≥98 → 96.9 未达底线');
    expect(formatLine(line(2, { direction: 'lower_better', value: 0.6, target: 0.5, unit: '%', display: '80.0' }))).toBe('指标名称2号 0.6%/≤0.5 → 80.0');
    expect(formatLine(line(3, { status: 'no_data', value: null, score: null, display: '—', reason: '本期没有数据' }))).toBe('指标名称3号：本期没有数据');
    expect(formatLine({ kind: 'key_result', goalId: 1, name: '新工艺上线', value: 60, target: 100, score: 60, display: '60.0', weight: 30, status: 'scored', recordsUsed: 0, recordsExcluded: 0 })).toBe('新工艺上线 进度60% → 60.0');
  });

  it('puts what fits in the card and the full list in a second message', () => {
    const few = buildScorecardDetailCard(view([line(1), line(2)]), 'https://x/s');
    expectWithinLimits(few.card);
    expect(few.overflow).toBeNull();
    // Every approved exception, with what it did: the unneeded one says why the score did not change.
    expect(few.card.quote_area).toMatchObject({ title: '本期异常申报' });
    expect(few.card.quote_area!.quote_text).toBe(
      '设备故障（0.5 个工作日）已采用，指标名称1号 90.0→96.9；物料延迟（1 个工作日）未改变得分：按原数据得分不低于剔除后（指标名称2号 剔除后93.5、原数据97.5），按原数据计分，得分不变',
    );
    expect(few.card.horizontal_content_list).toContainEqual({ keyname: '主管评价', value: '缺（权重20%，未计入）' });
    expect(few.card.horizontal_content_list).toContainEqual({ keyname: '自动数据', value: '90.0（权重70%，实占87.5%）' });
    expect(few.card.horizontal_content_list).toContainEqual({ keyname: '行为分', value: '63（基准60，标签合计+3，共1条；不计入总分）' });
    expect(few.card.horizontal_content_list).toContainEqual({ keyname: '同组排名', value: '2/4（全部门）' });

    const many = buildScorecardDetailCard(view(Array.from({ length: 12 }, (_, i) => line(i + 1))), 'https://x/s');
    expectWithinLimits(many.card);
    expect(many.card.sub_title_text).toMatch(/…另 \d+ 项见下条消息$/);
    expect(many.overflow?.split('\n')).toHaveLength(13);
    expect(many.overflow).toContain('12. 指标名称12号 95%/≥98 → 96.9（权重 10）');
  });
});

describe('ranking card', () => {
  it('gives ties the same rank and lists people without a total last', () => {
    const ranked = rankByTotal([
      { userId: 'a', name: '甲', total: 80, display: '80.0' },
      { userId: 'b', name: '乙', total: null, display: '—' },
      { userId: 'c', name: '丙', total: 95, display: '95.0' },
      { userId: 'd', name: '丁', total: 80, display: '80.0' },
      { userId: 'e', name: '戊', total: 70, display: '70.0' },
    ]);
    expect(ranked.map((r) => [r.userId, r.rank])).toEqual([['c', 1], ['d', 2], ['a', 2], ['e', 4], ['b', null]]);
  });

  it('shows the top that fits and the asker\'s own line beyond it', () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ userId: `u${i}`, name: `员工${i}`, total: 100 - i, display: (100 - i).toFixed(1) }));
    const card = buildRankingCard({ department: '生产部', periodLabel: '2026年11月', ranked: rankByTotal(entries), askerId: 'u25', link: 'https://x/r' });
    expectWithinLimits(card);
    expect(card.sub_title_text).toMatch(/…\n26\. 员工25 75\.0（我）$/);
    expect(card.horizontal_content_list).toContainEqual({ keyname: '我的排名', value: '26/30' });
  });
});

describe('completeness and todo', () => {
  it('rounds shares to whole percents and keeps the markdown within 2048 bytes', () => {
    expect([sharePercent(1, 3), sharePercent(2, 3), sharePercent(1, 8), sharePercent(0, 0)]).toEqual(['33%', '67%', '13%', '—']);
    const rows = Array.from({ length: 80 }, (_, i) => ({ departmentId: i, name: `很长的部门名称${i}`, members: 10, covered: [1, 2, 3, 4] }));
    const md = buildCompletenessMarkdown({ weeks: [{ label: 'W45' }, { label: 'W46' }, { label: 'W47' }, { label: 'W48' }], rows, withTotal: true });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(2048);
  });

  it('counts what waits and offers 去评价 only when reviews wait', () => {
    const items = {
      reviews: [{ userId: 'zhaolei', name: '赵磊' }],
      appeals: [],
      claims: [{ id: 1, userId: 'sunli', name: '孙丽', kind: '设备故障', startAt: new Date('2026-11-20T00:00:00Z'), endAt: new Date('2026-11-20T04:00:00Z'), createdAt: new Date() }],
    };
    const card: ButtonInteractionCard = buildTodoCard({ items, monthLabel: '2026年11月', timeZone: 'Asia/Shanghai', taskId: 'todo-t1' });
    expectWithinLimits(card);
    expect(card.sub_title_text).toContain('异常：孙丽 设备故障 11-20 08:00–11-20 12:00');
    expect(card.button_list.map((b) => b.text)).toEqual(['去评价', '刷新']);
    const none = buildTodoCard({ items: { reviews: [], appeals: [], claims: [] }, monthLabel: '2026年11月', timeZone: 'Asia/Shanghai', taskId: 'todo-t2' });
    expect(none.button_list.map((b) => b.text)).toEqual(['刷新']);
  });
});
