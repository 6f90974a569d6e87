/**
 * The Friday scorecard job end to end: seeded week (see weekly-scorecard-helpers.ts for the hand
 * computation), one run through the outbox to the simulator, then a tap on 发起申诉.
 */
import { appealEvidenceKey, appealStartKey } from '../../cards/appeal-keys';
import { ScoreSnapshot } from '../../src/entities';
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import type { ButtonInteractionCard, TextNoticeCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { FRIDAY, seedWeek, testRun, WEEK, type TestRun } from './weekly-scorecard-helpers';

describe('weekly scorecard job', () => {
  let h: Harness;
  let first: TestRun;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FRIDAY }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedWeek(h.ds);
    first = testRun(h);
    await weeklyScorecardJob.run(first.ctx);
    await h.app.settle();
  });
  afterAll(async () => {
    await h.close();
  });

  const sentTo = (userId: string) => h.sim.sent.filter((m) => m.recipients.includes(userId));
  const cardsOf = (userId: string, source: string) =>
    sentTo(userId).filter((m) => (m.body.template_card as { source?: { desc?: string } } | undefined)?.source?.desc?.includes(source));
  const scorecard = (userId: string) => {
    const cards = cardsOf(userId, '每周绩效看板');
    expect(cards).toHaveLength(1);
    return cards[0].body.template_card as ButtonInteractionCard;
  };
  const team = (userId: string) => {
    const cards = cardsOf(userId, '团队周报');
    expect(cards).toHaveLength(1);
    return cards[0].body.template_card as TextNoticeCard;
  };
  const field = (card: { horizontal_content_list?: Array<{ keyname: string; value?: string }> }, key: string) =>
    card.horizontal_content_list?.find((x) => x.keyname === key)?.value;

  it('describes itself to the runner', () => {
    expect(weeklyScorecardJob).toMatchObject({ name: 'weekly_scorecard', title: '每周绩效看板', defaultSchedule: '0 17 * * 5' });
    expect(weeklyScorecardJob.periodKeyFor(FRIDAY, 'Asia/Shanghai')).toBe(WEEK);
    // Sunday 23:30 in Shanghai is still week 48, though it is already Sunday 15:30 UTC.
    expect(weeklyScorecardJob.periodKeyFor(new Date('2026-11-29T15:30:00Z'), 'Asia/Shanghai')).toBe(WEEK);
    expect(weeklyScorecardJob.periodKeyFor(new Date('2026-11-29T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-W49');
  });

  it('sends exactly one scorecard to each assigned employee, and nothing to the unassigned or inactive', () => {
    const withCards = ['zhaolei', 'sunli', 'wuhao', 'chenjing'];
    for (const id of withCards) scorecard(id);
    const allScorecards = h.sim.sent.filter((m) => (m.body.template_card as { source?: { desc?: string } } | undefined)?.source?.desc?.includes('每周绩效看板'));
    expect(allScorecards.flatMap((m) => m.recipients).sort()).toEqual([...withCards].sort());
    expect(sentTo('yangfan')).toHaveLength(0);
    expect(sentTo('fengxue')).toHaveLength(0);
    expect(first.skipped.map((s) => s.userId).sort()).toEqual(['fengxue', 'heping', 'lihua', 'liuyang', 'wangqiang', 'zhangwei', 'zhengyu', 'zhoumin']);
    expect(new Set(first.skipped.map((s) => s.reason))).toEqual(new Set(['未分配指标']));
    expect(h.sim.sent).toHaveLength(4 + 6 + 2);
    const taskIds = allScorecards.map((m) => m.taskId);
    expect(new Set(taskIds).size).toBe(4);
  });

  it('shows 赵磊 the week and month totals, components, rank, lines, comment and tags as computed by hand', () => {
    const card = scorecard('zhaolei');
    // W48's Thursday is 26 Nov: the week counts in November, and the card says so.
    expect(card.main_title).toEqual({ title: '赵磊 · 本周绩效 63.9', desc: '2026年第48周（11月23日–11月29日） · 本周计入11月（周四所在月）' });
    expect(field(card, '本周总分')).toBe('63.9（缺跨部门协作，已按其余部分折算）');
    expect(field(card, '11月累计')).toBe('49.4');
    // Configured weights with the actual shares: 70 / 90 = 77.8%, 20 / 90 = 22.2%.
    expect(field(card, '自动数据')).toBe('65.0 · 权重70%，实占77.8%');
    expect(field(card, '主管评价')).toBe('60.0 · 权重20%，实占22.2%');
    expect(field(card, '跨部门协作')).toBe('缺 · 权重10%，未计入');
    expect(field(card, '同组排名')).toBe('全部门第2/2，超过0%');
    // The floor breach comes first.
    expect(card.sub_title_text).toBe('报废率 3%/≤2 → 50.0 未达底线\n工单完成数 8单/≥10 → 80.0');
    expect(card.quote_area?.title).toBe('行为分 · 主管评语 · 本周标签');
    // 行为分: November's tags +3 (this week) and −3 (last week) → 60 + 0 = 60.
    expect(card.quote_area?.quote_text).toBe(
      '11月行为分 60（基准60，标签合计±0，共2条；不计入总分）\n李华（3星）：产量稳定，报废偏高，注意首件检查。\n表扬·主动加班支援（李华）',
    );
    expect(card.quote_area?.quote_text).not.toContain('安全规范提醒'); // last week's tag
  });

  it('carries the three buttons with the right keys and a signed link to the H5 page', () => {
    const card = scorecard('zhaolei');
    expect(card.button_list.map((b) => b.text)).toEqual(['查看详情', '发起申诉', '补充材料']);
    const [detail, appeal, evidence] = card.button_list;
    expect(appeal.key).toBe(appealStartKey(WEEK));
    expect(evidence.key).toBe(appealEvidenceKey(WEEK));
    expect(detail.type).toBe(1);
    const url = new URL(detail.url!);
    expect(url.pathname).toBe('/h5/scorecard');
    expect(url.searchParams.get('user')).toBe('zhaolei');
    expect(url.searchParams.get('period')).toBe(WEEK);
    expect(url.searchParams.get('t')).toMatch(/^pbu_/);
    expect(card.card_action).toEqual({ type: 1, url: detail.url });
  });

  it('shows 孙丽 and 吴昊 their totals: a capped count line with a rating, and a key result with a review', () => {
    const sunli = scorecard('sunli');
    expect(field(sunli, '本周总分')).toBe('97.5（缺主管评价，已按其余部分折算）');
    expect(field(sunli, '同组排名')).toBe('全部门第1/2，超过100%');
    expect(sunli.sub_title_text).toBe('工单完成数 12单/≥10 → 100.0');
    expect(sunli.quote_area).toEqual({ type: 0, title: '行为分', quote_text: '11月行为分 60（基准60，暂无标签；不计入总分）' });
    // 吴昊 has only a monthly key result: it shows as progress and weighs in November, not in the
    // week, so the week has the review alone (20%) → 数据不足 (before: 64.4 from 60% progress and a review).
    const wuhao = scorecard('wuhao');
    expect(field(wuhao, '本周总分')).toBe('数据不足（缺自动数据、跨部门协作）');
    expect(field(wuhao, '同组排名')).toBe('不参与排名（数据不足）');
    expect(wuhao.sub_title_text).toBe('推动新检测工艺上线 进度60%（按月计分，本周不计入）');
    expect(wuhao.quote_area?.quote_text).toBe('11月行为分 60（基准60，暂无标签；不计入总分）\n周敏（4星）：检验细致，报告及时。');
  });

  it('fits 陈静’s nine lines within WeCom’s limits and points to the details for the rest', () => {
    const card = scorecard('chenjing');
    expect([...card.sub_title_text!].length).toBeLessThanOrEqual(160);
    expect(card.sub_title_text).toMatch(/另有 \d 项见详情$/);
    expect(card.horizontal_content_list!.length).toBeLessThanOrEqual(6);
    for (const item of card.horizontal_content_list!) expect([...item.keyname].length).toBeLessThanOrEqual(5);
  });

  it('sends each manager a team summary', () => {
    const lihua = team('lihua');
    expect(lihua.emphasis_content).toEqual({ title: '80.7', desc: '团队平均分（2 人）' });
    expect(field(lihua, '团队人数')).toBe('2 人（2 人有总分）');
    expect(field(lihua, '90分以上')).toBe('1 人');
    expect(field(lihua, '60-79分')).toBe('1 人');
    expect(lihua.sub_title_text).toBe('最低：赵磊 63.9、孙丽 97.5\n未达底线：赵磊（报废率）\n暂无数据：无');
    expect(lihua.jump_list?.[0].title).toBe('查看赵磊的详情');
    expect(new URL(lihua.jump_list![0].url!).searchParams.get('user')).toBe('zhaolei');
    // 杨帆 has left: only 陈静, whose metrics have no records this week and whose key results weigh
    // in their month: no weekly total (数据不足; before: 55.0 from the key results' progress).
    const liuyang = team('liuyang');
    expect(field(liuyang, '团队人数')).toBe('1 人（0 人有总分）');
    expect(field(liuyang, '60分以下')).toBe('0 人');
    expect(liuyang.sub_title_text).toBe('最低：暂无\n未达底线：无\n暂无数据：陈静');
    const zhengyu = team('zhengyu'); // 冯雪 has nothing assigned
    expect(zhengyu.emphasis_content).toEqual({ title: '—', desc: '团队本周暂无总分' });
    expect(zhengyu.sub_title_text).toContain('暂无数据：冯雪');
    expect(zhengyu.jump_list).toBeUndefined();
    expect(new URL((zhengyu.card_action as { url: string }).url).searchParams.get('user')).toBe('zhengyu');
    for (const id of ['zhangwei', 'wangqiang', 'zhoumin']) team(id);
    for (const id of ['zhaolei', 'sunli', 'wuhao', 'chenjing', 'heping', 'fengxue']) expect(cardsOf(id, '团队周报')).toHaveLength(0);
  });

  it('gives HR (configured and granted) the list of the unassigned instead of empty cards', () => {
    for (const hr of ['heping', 'zhoumin']) {
      const lists = sentTo(hr).filter((m) => m.msgtype === 'markdown');
      expect(lists).toHaveLength(1);
      const text = (lists[0].body.markdown as { content: string }).content;
      expect(text).toContain('未分配指标的员工：8 人');
      expect(text).toContain('仓储部（2）：冯雪（仓管员）、郑宇（仓储主管）');
      expect(text).not.toContain('杨帆');
      expect(text).not.toContain('赵磊');
    }
  });

  it('keeps the week as snapshots', async () => {
    const snap = await h.ds.getRepository(ScoreSnapshot).findOneByOrFail({ userId: 'zhaolei', periodKey: WEEK });
    expect(snap.total).toBeCloseTo((0.7 * 65 + 0.2 * 60) / 0.9, 9);
    expect(await h.ds.getRepository(ScoreSnapshot).countBy({ periodKey: WEEK })).toBe(12);
  });

  it('sends nothing twice when the run is resumed', async () => {
    const again = testRun(h);
    await weeklyScorecardJob.run(again.ctx);
    await h.app.settle();
    expect(again.results.every((r) => r.result === 'duplicate')).toBe(true);
    expect(again.results).toHaveLength(12);
    expect(h.sim.sent).toHaveLength(12);
  });

  it('starts the appeal flow when 赵磊 taps 发起申诉 on his card', async () => {
    const before = h.sim.sent.length;
    const card = scorecard('zhaolei');
    await h.sim.tapButton('zhaolei', { eventKey: card.button_list[1].key!, taskId: card.task_id });
    await h.app.settle();
    const replies = h.sim.sent.slice(before).filter((m) => m.recipients.includes('zhaolei'));
    expect(replies).toHaveLength(1);
    expect((replies[0].body.text as { content: string }).content).toContain('对 2026年第48周（11月23日–11月29日） 的得分发起申诉');
    expect((replies[0].body.text as { content: string }).content).toContain('申诉理由');
  });
});
