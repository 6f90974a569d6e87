/**
 * 查询 and 排行. 赵磊 (zhaolei), 操作工 in 生产部, November 2026:
 *  - 工单完成数, count target 120 / month, weight 40: 60 + 48 = 108 → 100 × 108 / 120 = 90.
 *  - 良品率, floor, target 98.5, weight 60: 970 good, 30 scrap → 97 % → 100 × 97 / 98.5 = 98.477…,
 *    below the floor.
 *  automatic = (90 × 40 + 98.477157 × 60) / 100 = 95.086294 → '95.1'
 *  review 4 stars → 80; collaboration 5 stars (吴昊) → 100
 *  total = 0.7 × 95.086294 + 0.2 × 80 + 0.1 × 100 = 92.560406 → '92.6'
 * Ranking of 生产部 (reviews only): 李华 5 → 100, 孙丽 4 → 80, 赵磊 4 → 80 (tied), 王强 none. A review
 * alone carries 20% of the weight, below the default 70% minimum basis, so this company's HR lowered
 * the minimum to 20% (perfbot scoring policy --min-basis 20%) for these tests of the ranking itself.
 */
import request from 'supertest';
import { signViewerToken } from '../../src/http/auth';
import { CollaborationRating, MetricAssignment, MetricRecord, SupervisorReview } from '../../src/entities';
import { saveScoringPolicy } from '../../src/repositories/scoring-policy';
import type { TextNoticeCard } from '../../src/wecom/card-types';
import type { Harness } from '../helpers/app';
import { cardsTo, lastCardTo, lastTextTo, local, NOW, say, startAt } from './reviews-helpers';

const card = (h: Harness, userId: string) => lastCardTo<TextNoticeCard>(h, userId).card;
const review = (userId: string, stars: number) => ({ userId, reviewerId: 'wangqiang', periodKey: '2026-11', stars, comment: '', createdAt: NOW, updatedAt: NOW });

describe('查询', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
    await h.ds.getRepository(MetricAssignment).insert([
      { userId: 'zhaolei', metricCode: 'work_orders_completed', periodKey: '', target: 120, weight: 40, floor: false, updatedAt: NOW },
      { userId: 'zhaolei', metricCode: 'yield_rate', periodKey: '', target: 98.5, weight: 60, floor: true, updatedAt: NOW },
    ]);
    const rec = (input: string, value: number, day: string, id: string) =>
      ({ userId: 'zhaolei', input, value, occurredAt: local(`${day} 10:00`), source: 'MES', externalId: id, ref: '', createdAt: NOW });
    await h.ds.getRepository(MetricRecord).insert([
      rec('completed', 60, '2026-11-05', 'WO-1'),
      rec('completed', 48, '2026-11-19', 'WO-2'),
      rec('good', 970, '2026-11-19', 'G-1'),
      rec('scrap', 30, '2026-11-19', 'S-1'),
    ]);
    await h.ds.getRepository(SupervisorReview).insert(review('zhaolei', 4));
    await h.ds.getRepository(CollaborationRating).insert({ userId: 'zhaolei', raterId: 'wuhao', periodKey: '2026-11', stars: 5, note: '', createdAt: NOW });
  });
  afterAll(async () => {
    await h.close();
  });

  it('shows a member their own scorecard with every line, the components and weights', async () => {
    await say(h, 'zhaolei', '查询');
    const c = card(h, 'zhaolei');
    expect(c.card_type).toBe('text_notice');
    expect(c.main_title).toEqual({ title: '赵磊 · 2026年11月', desc: '生产部 · 操作工' });
    expect(c.emphasis_content).toEqual({ title: '92.6', desc: '总分' });
    expect(c.sub_title_text).toBe('工单完成数 108单/≥120 → 90.0\n良品率 97%/≥98.5 → 98.5 未达底线');
    expect(c.horizontal_content_list).toEqual([
      { keyname: '自动数据', value: '95.1（权重70%）' },
      { keyname: '主管评价', value: '80.0（权重20%）' },
      { keyname: '跨部门协作', value: '100.0（权重10%）' },
      { keyname: '同组排名', value: '1/1（全部门）' },
      { keyname: '行为分', value: '60（基准60，暂无标签；不计入总分）' },
    ]);
    const url = new URL(c.card_action.type === 1 ? c.card_action.url : '');
    expect(url.pathname).toBe('/h5/scorecard');
    expect(url.searchParams.get('user')).toBe('zhaolei');
    const res = await request(h.app.server).get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('92.6'); // the detail page shows the same total
  });

  it('lets the managers above and HR query a member, by name or userid, for any period', async () => {
    await say(h, 'lihua', '查询 赵磊 本月');
    expect(card(h, 'lihua').emphasis_content?.title).toBe('92.6');
    await say(h, 'wangqiang', '查询 @zhaolei 2026-11');
    expect(card(h, 'wangqiang').emphasis_content?.title).toBe('92.6');
    await say(h, 'heping', '查询 zhaolei 上月');
    const october = card(h, 'heping');
    expect(october.main_title?.title).toBe('赵磊 · 2026年10月');
    expect(october.emphasis_content).toEqual({ title: '数据不足', desc: '缺自动数据、主管评价、跨部门协作，不参与排名' });
    expect(october.horizontal_content_list).toContainEqual({ keyname: '同组排名', value: '不参与（数据不足）' });
    await say(h, 'zhaolei', '查询 本周');
    expect(card(h, 'zhaolei').main_title?.title).toBe('赵磊 · 2026年第48周（11月23日–11月29日）');
  });

  it('refuses a colleague and someone from another department', async () => {
    await say(h, 'sunli', '查询 赵磊');
    expect(lastTextTo(h, 'sunli')).toBe('您只能查询自己和下属的绩效，无权查看赵磊的绩效。');
    await say(h, 'wuhao', '查询 zhaolei');
    expect(lastTextTo(h, 'wuhao')).toContain('无权查看赵磊的绩效');
    expect(cardsTo(h, 'sunli')).toEqual([]);
    expect(cardsTo(h, 'wuhao')).toEqual([]);
  });

  it('explains a bad period, an unknown person and too many words', async () => {
    await say(h, 'zhaolei', '查询 2026-13');
    expect(lastTextTo(h, 'zhaolei')).toBe('“2026-13”不是有效的周期：月份应在 1–12 之间。可以这样写：本周、上周、本月、上月、11月、2026年11月、第48周、Q4、本季度。');
    await say(h, 'lihua', '查询 赵磊 明年');
    expect(lastTextTo(h, 'lihua')).toMatch(/^没有看懂“明年”。用法：查询 \[姓名\] \[周期\]/);
    await say(h, 'lihua', '查询 钱七');
    expect(lastTextTo(h, 'lihua')).toContain('通讯录中没有找到“钱七”');
    await say(h, 'lihua', '查询 赵磊 本月 详细');
    expect(lastTextTo(h, 'lihua')).toMatch(/^没有看懂“详细”。用法：查询 \[姓名\] \[周期\]/);
  });
});

describe('排行', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
    await h.ds.getRepository(SupervisorReview).insert([review('lihua', 5), review('zhaolei', 4), review('sunli', 4)]);
    await saveScoringPolicy(h.ds, { minBasisShare: 0.2 }, 'cli', NOW);
  });
  afterAll(async () => {
    await h.close();
  });

  it('ranks the department by total for its manager: ties share a rank, no total comes last', async () => {
    await say(h, 'wangqiang', '排行 生产部 本月');
    const c = card(h, 'wangqiang');
    expect(c.main_title).toEqual({ title: '生产部绩效排行', desc: '2026年11月' });
    expect(c.sub_title_text).toBe('1. 李华 100.0\n2. 孙丽 80.0\n2. 赵磊 80.0\n另有 1 人暂无总分');
    expect(c.horizontal_content_list).toEqual([
      { keyname: '人数', value: '4 人' },
      { keyname: '已有总分', value: '3 人' },
      { keyname: '平均分', value: '86.7' },
      { keyname: '我的排名', value: '暂无总分' },
    ]);
    expect(c.card_action).toMatchObject({ type: 1, url: expect.stringContaining('/h5/ranking?department=3&period=2026-11&t=pbu_') });

    // the card opens a page, not JSON: the ranking as HTML, each name linking to the detail page
    const url = new URL(c.card_action.type === 1 ? c.card_action.url : '');
    const page = await request(h.app.server).get(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<h1>生产部绩效排行</h1>');
    const rows = [...page.text.matchAll(/<tr[^>]*><td class="num">([^<]*)<\/td><td><a href="([^"]*)">([^<]*)<\/a>/g)].map((m) => [m[1], m[3]]);
    expect(rows).toEqual([['1', '李华'], ['2', '孙丽'], ['2', '赵磊'], ['—', '王强']]);
    const detail = /<a href="([^"]*)">李华<\/a>/.exec(page.text)![1].replace(/&amp;/g, '&');
    expect(detail).toMatch(/^\/h5\/scorecard\?user=lihua&period=2026-11&t=pbu_/);
    expect((await request(h.app.server).get(detail)).status).toBe(200);
  });

  it('the ranking page keeps the access rules of the API: HR and managers of the department only', async () => {
    // Signed like the 排行 reply's link: for this page, department and period only.
    const link = (viewer: string, department: number) => {
      const params = { department: String(department), period: '2026-11' };
      const t = signViewerToken(h.config.linkSecret, viewer, new Date(NOW.getTime() + 3_600_000), { path: '/h5/ranking', params });
      return `/h5/ranking?${new URLSearchParams({ ...params, t }).toString()}`;
    };
    expect((await request(h.app.server).get(link('heping', 3))).status).toBe(200); // HR
    expect((await request(h.app.server).get(link('wangqiang', 3))).status).toBe(200); // the department's manager
    const member = await request(h.app.server).get(link('zhaolei', 3));
    expect(member.status).toBe(403);
    expect(member.text).toContain('排行仅限 HR 和生产部的主管查看');
    expect((await request(h.app.server).get(link('zhoumin', 3))).status).toBe(403); // another department's manager
    // no credential: WeCom's OAuth, which brings the reader back to the same department and period
    const bare = await request(h.app.server).get('/h5/ranking?department=3&period=2026-11');
    expect(bare.status).toBe(302);
    const back = new URL(decodeURIComponent(/redirect_uri=([^&]+)/.exec(bare.headers.location)![1]));
    expect([back.pathname, back.searchParams.get('department'), back.searchParams.get('period')]).toEqual(['/h5/ranking', '3', '2026-11']);
    expect((await request(h.app.server).get(`${link('heping', 3)}x`)).status).toBe(401); // a forged token
    expect((await request(h.app.server).get(link('heping', 99))).status).toBe(404);
  });

  it('uses the own department when none is named, and shows the asker\'s rank', async () => {
    await say(h, 'lihua', '排行');
    const c = card(h, 'lihua');
    expect(c.main_title?.title).toBe('生产部绩效排行');
    expect(c.sub_title_text).toContain('1. 李华 100.0（我）');
    expect(c.horizontal_content_list).toContainEqual({ keyname: '我的排名', value: '1/3' });
  });

  it('lets HR and the general manager rank any department, by a partial name too', async () => {
    await say(h, 'heping', '排行 质量部 本周');
    expect(card(h, 'heping')).toMatchObject({ main_title: { title: '质量部绩效排行', desc: '2026年第48周（11月23日–11月29日）' } });
    expect(card(h, 'heping').sub_title_text).toBe('本期还没有人有总分（缺少数据和评价）。');
    await say(h, 'zhangwei', '排行 生产');
    expect(card(h, 'zhangwei').sub_title_text).toContain('1. 李华 100.0');
  });

  it('with the default minimum basis (70%), reviews alone rank nobody', async () => {
    await saveScoringPolicy(h.ds, { minBasisShare: 0.7 }, 'cli', NOW);
    try {
      await say(h, 'wangqiang', '排行 生产部 本月');
      expect(card(h, 'wangqiang').sub_title_text).toBe('本期还没有人有总分（缺少数据和评价）。');
    } finally {
      await saveScoringPolicy(h.ds, { minBasisShare: 0.2 }, 'cli', NOW);
    }
  });

  it('refuses members and other departments\' managers, and lists the departments for an unknown one', async () => {
    await say(h, 'zhaolei', '排行 生产部');
    expect(lastTextTo(h, 'zhaolei')).toBe('排行仅限 HR 和部门主管查看。');
    await say(h, 'wangqiang', '排行 质量部');
    expect(lastTextTo(h, 'wangqiang')).toBe('您只能查看自己负责的部门的排行，无权查看质量部。');
    await say(h, 'heping', '排行 销售部');
    expect(lastTextTo(h, 'heping')).toBe('没有找到部门“销售部”。现有部门：总公司、研发部、生产部、质量部、仓储部');
    await say(h, 'heping', '排行');
    expect(lastTextTo(h, 'heping')).toBe('请写明部门。用法：排行 [部门] [周期]\n例如：排行 生产部 本月、排行 质量部 上周\n现有部门：总公司、研发部、生产部、质量部、仓储部');
    expect(cardsTo(h, 'zhaolei')).toEqual([]);
  });
});
