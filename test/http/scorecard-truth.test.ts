/**
 * Scores that hold up (issue 8, items 2, 6, 8, 10), end to end on the real database: the Friday job
 * through the outbox to the simulator, the detail page over HTTP, and the export. The week is
 * 2026-W49 (Mon 30 Nov – Sun 6 Dec), pushed Fri 4 Dec 17:00; its Thursday (3 Dec) is in December.
 *
 * On top of the seeded W48 (test/jobs/weekly-scorecard-helpers.ts; 赵磊's November review is 3★):
 * 赵磊 zhaolei, 生产部 操作工:
 *   报废率 (floor ≤ 2 %, weight 50): good 490, scrap 10 on 2 Dec → 10 / 500 = 2 % → 100
 *   工单完成数 (weight 50): no records this week → 本期无数据, left out (not a 0)
 *   5S检查得分 (avg, target 90, weight 50): 80 (1 Dec) and 90 (3 Dec) → (80 + 90) / 2 = 85 → 100 × 85 / 90 = 94.444…
 *   automatic = (50 × 100 + 50 × 94.444…) / 100 = 97.222…
 *   review: December's (Thursday rule), 5★ = 100 — not November's 3★
 *   total = (0.7 × 97.222… + 0.2 × 100) / 0.9 = (68.0556 + 20) / 0.9 = 97.839… → 97.8
 *   (with November's review it would be (68.0556 + 12) / 0.9 = 88.95 → 89.0)
 *   行为分: December's tags +3 (1 Dec) and +2 (2 Dec) → 60 + 5 = 65; November's ±0 do not count
 *   an approved 设备故障 on 报废率, 2 Dec 00:00 – 3 Dec 00:00: with it the only records are left
 *   out (not assessed), without it 100 → not needed, the plain data counts, listed with why.
 * 李华 lihua, 生产部 班组长: 工单完成数 assigned, no records; one 5★ collaboration rating for December
 *   → 10 % of the weight, no automatic data → 数据不足, not ranked (before: 100.0, rank 1).
 */
import request from 'supertest';
import { BehaviourTag, CollaborationRating, ExceptionClaim, MetricAssignment, MetricRecord, SupervisorReview } from '../../src/entities';
import { parsePeriod } from '../../src/domain/periods';
import { signViewerToken } from '../../src/http/auth';
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import { exportScores } from '../../src/repositories/export';
import type { ButtonInteractionCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { at, seedWeek, testRun } from '../jobs/weekly-scorecard-helpers';

const FRIDAY_W49 = new Date('2026-12-04T09:00:00Z');
const W49 = '2026-W49';

describe('scorecards that tell the truth (2026-W49, crossing November → December)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FRIDAY_W49 }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedWeek(h.ds);
    const now = at('2026-12-01T08:00:00');
    await h.ds.getRepository(MetricAssignment).insert([
      { userId: 'zhaolei', metricCode: 'five_s_score', periodKey: '', target: 90, weight: 50, floor: false, updatedAt: now },
      { userId: 'lihua', metricCode: 'work_orders_completed', periodKey: '', target: 42, weight: 100, floor: false, updatedAt: now },
    ]);
    let n = 0;
    const rec = (input: string, value: number, local: string, ref: string) =>
      ({ userId: 'zhaolei', input, value, occurredAt: at(local), source: 'MES', externalId: `W49-${++n}`, ref, createdAt: now });
    await h.ds.getRepository(MetricRecord).insert([
      rec('good', 490, '2026-12-02T16:00:00', '工单 WO-1202'),
      rec('scrap', 10, '2026-12-02T16:00:00', '工单 WO-1202'),
      rec('score', 80, '2026-12-01T10:00:00', '5S 检查 12-01'),
      rec('score', 90, '2026-12-03T10:00:00', '5S 检查 12-03'),
    ]);
    await h.ds.getRepository(SupervisorReview).insert({
      userId: 'zhaolei', reviewerId: 'lihua', periodKey: '2026-12', stars: 5, comment: '十二月表现突出。', createdAt: now, updatedAt: now,
    });
    await h.ds.getRepository(CollaborationRating).insert({ userId: 'lihua', raterId: 'wuhao', periodKey: '2026-12', stars: 5, note: '', createdAt: now });
    const tag = (name: string, weight: number, local: string) =>
      ({ userId: 'zhaolei', authorId: 'lihua', polarity: 'praise' as const, tag: name, weight, note: '', createdAt: at(local) });
    await h.ds.getRepository(BehaviourTag).insert([tag('主动加班支援', 3, '2026-12-01T18:00:00'), tag('质量把关', 2, '2026-12-02T18:00:00')]);
    await h.ds.getRepository(ExceptionClaim).insert({
      userId: 'zhaolei', kind: '设备故障', metricCodes: ['scrap_rate'], startAt: at('2026-12-02T00:00:00'), endAt: at('2026-12-03T00:00:00'),
      note: '3 号冲床停机', evidence: [], status: 'approved', approverId: 'lihua', decidedAt: now, createdAt: now,
    });
    await weeklyScorecardJob.run(testRun(h, { firedAt: FRIDAY_W49 }).ctx);
    await h.app.settle();
  });
  afterAll(async () => {
    await h.close();
  });

  const scorecard = (userId: string) => {
    const cards = h.sim.sent.filter(
      (m) => m.recipients.includes(userId) && (m.body.template_card as { source?: { desc?: string } } | undefined)?.source?.desc?.includes('每周绩效看板'),
    );
    expect(cards).toHaveLength(1);
    return cards[0].body.template_card as ButtonInteractionCard;
  };
  const field = (card: ButtonInteractionCard, key: string) => card.horizontal_content_list?.find((x) => x.keyname === key)?.value;
  const page = async (userId: string) => {
    // a card's link: signed for exactly this page (src/http/auth.ts)
    const t = signViewerToken(h.config.linkSecret, userId, new Date(FRIDAY_W49.getTime() + 3600_000), { path: '/h5/scorecard', params: { user: userId, period: W49 } });
    const res = await request(h.app.server).get(`/h5/scorecard?${new URLSearchParams({ user: userId, period: W49, t }).toString()}`);
    expect(res.status).toBe(200);
    return res.text;
  };

  it('uses December\'s review for a week whose Thursday is in December, and says so on the card', () => {
    const card = scorecard('zhaolei');
    expect(card.main_title).toEqual({ title: '赵磊 · 本周绩效 97.8', desc: '2026年第49周（11月30日–12月6日） · 本周计入12月（周四所在月）' });
    expect(field(card, '主管评价')).toBe('100.0 · 权重20%，实占22.2%');
    expect(field(card, '12月累计')).toBe('97.8');
    expect(card.quote_area?.quote_text).toContain('李华（5星）：十二月表现突出。');
    expect(card.quote_area?.quote_text).not.toContain('产量稳定'); // November's comment
  });

  it('shows the 行为分 of the week\'s month, and that it does not move the total', () => {
    const card = scorecard('zhaolei');
    expect(card.quote_area?.title).toBe('行为分 · 主管评语 · 本周标签');
    expect(card.quote_area?.quote_text?.split('\n')[0]).toBe('12月行为分 65（基准60，标签合计+5，共2条；不计入总分）');
  });

  it('lists the approved exception that was not needed, and why the score did not change', () => {
    const card = scorecard('zhaolei');
    expect(card.sub_title_text?.split('\n')[0]).toBe('异常申报·设备故障：未改变得分，原因见详情');
  });

  it('gives a lone collaboration rating no total and no rank: 数据不足 with what is missing', () => {
    const card = scorecard('lihua');
    expect(card.main_title?.title).toBe('李华 · 本周绩效 数据不足');
    expect(field(card, '本周总分')).toBe('数据不足（缺自动数据、主管评价）');
    expect(field(card, '跨部门协作')).toBe('100.0 · 权重10%，未计入');
    expect(field(card, '同组排名')).toBe('不参与排名（数据不足）');
    // 赵磊 is ranked among those with a total only: 李华 (no total) and 孙丽 (no data this week) are not counted.
    expect(field(scorecard('zhaolei'), '同组排名')).toBe('全部门第1/1');
  });

  it('the detail page: shares, the month used, the aggregation of each input, no "本期无数据" beside a 0, the exception and the 行为分', async () => {
    const html = await page('zhaolei');
    expect(html).toContain('<span class="score">97.8</span>');
    expect(html).toContain('计入月份</span><b>2026年12月（本周周四所在月；');
    expect(html).toContain('<tr><td>自动数据</td><td>97.2</td><td>70%</td><td>77.8%</td></tr>');
    expect(html).toContain('<tr class="missing"><td>跨部门协作</td><td>缺</td><td>10%</td><td>未计入</td></tr>');
    expect(html).toContain('<tr class="behaviour"><td>行为分</td><td>65</td><td>0%</td><td>不计入</td></tr>');
    // (80 + 90) / 2 = 85: the page says it is an average of 2 records, and lists both.
    expect(html).toContain('5S 检查得分（平均，2 条）85分');
    expect(html).toContain('<td class="num">80分</td>');
    expect(html).toContain('<td class="num">90分</td>');
    expect(html).toContain('合格品数量（求和，1 条）490件；报废品数量（求和，1 条）10件');
    // 工单完成数 has no records: it says so, and shows no input of 0 beside it.
    expect(html).toMatch(/工单完成数[\s\S]*?本期汇总<\/span><b>本期没有记录<\/b>[\s\S]*?本期无数据/);
    expect(html).not.toMatch(/完成工单数量\S* 0单/);
    expect(html).toContain('本期异常申报（已批准）');
    expect(html).toContain('未改变得分：按原数据得分不低于剔除后（报废率 剔除后不考核、原数据100.0），按原数据计分，得分不变');
    expect(html).toContain('行为分 65（基准60，标签合计+5，共2条；不计入总分）');
  });

  it('the detail page of 李华 says 数据不足 and why, and that she is not ranked', async () => {
    const html = await page('lihua');
    expect(html).toContain('<span class="score">数据不足</span>');
    expect(html).toContain('数据不足：缺自动数据、主管评价（有数据的部分只占权重10%，需有自动数据或至少70%）；本期不出总分，不参与排名。');
    expect(html).toContain('同组排名</span><b>不参与排名（数据不足）</b>');
  });

  it('the export carries the 行为分 and leaves 数据不足 unranked with the reason', async () => {
    const { rows } = await exportScores(h.ds, parsePeriod('2026-12', 'Asia/Shanghai'), 'Asia/Shanghai');
    const byId = new Map(rows.map((r) => [r[0], r]));
    // 赵磊's December so far = the week: 97.8, 行为分 65.
    expect(byId.get('zhaolei')).toEqual(['zhaolei', '赵磊', '生产部', '操作工', 97.8, 97.2, 100, null, '跨部门协作', 1, 65, '不计入总分', '']);
    expect(byId.get('lihua')).toEqual([
      'lihua', '李华', '生产部', '班组长', null, null, null, 100, '自动数据、主管评价', null, 60, '不计入总分',
      '数据不足：缺自动数据、主管评价（有数据的部分只占权重10%，需有自动数据或至少70%）',
    ]);
  });
});
