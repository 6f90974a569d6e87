/**
 * 协作: colleagues from other departments rate collaboration once a month (the 跨部门协作
 * component is their mean × 20); same department, oneself, one's own reports and a second rating
 * in the month are refused. 建议: suggestions are stored and counted per month.
 */
import { AuditEntry, CollaborationRating, Suggestion } from '../../src/entities';
import { parsePeriod } from '../../src/domain/periods';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import type { Harness } from '../helpers/app';
import { lastTextTo, say, sentTo, startAt, textsTo } from './reviews-helpers';

const ratings = (h: Harness) => h.ds.getRepository(CollaborationRating).find({ order: { id: 'ASC' } });
const collaboration = async (h: Harness, userId: string) =>
  (await computeEmployeeScorecard(h.ds, userId, parsePeriod('2026-11', 'Asia/Shanghai'), 'Asia/Shanghai'))!.components.collaboration;

describe('协作 command', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt();
  });
  afterEach(async () => {
    await h.close();
  });

  it('records ratings from other departments, audited, and the component is their mean', async () => {
    expect(await collaboration(h, 'zhaolei')).toMatchObject({ missing: true });
    await say(h, 'wuhao', '协作 @zhaolei 5 配合首件检验很及时');
    await say(h, 'fengxue', '协作 赵磊 4');

    expect(await ratings(h)).toEqual([
      expect.objectContaining({ userId: 'zhaolei', raterId: 'wuhao', periodKey: '2026-11', stars: 5, note: '配合首件检验很及时' }),
      expect.objectContaining({ userId: 'zhaolei', raterId: 'fengxue', periodKey: '2026-11', stars: 4, note: '' }),
    ]);
    const audits = await h.ds.getRepository(AuditEntry).find({ where: { entity: 'collaboration_rating' }, order: { id: 'ASC' } });
    expect(audits.map((a) => [a.actor, a.action, a.subjectUserId])).toEqual([
      ['user:wuhao', 'collaboration.create', 'zhaolei'],
      ['user:fengxue', 'collaboration.create', 'zhaolei'],
    ]);
    expect(audits[0].after).toEqual({ stars: 5, note: '配合首件检验很及时', raterId: 'wuhao' });
    expect(lastTextTo(h, 'wuhao')).toBe('已记录：您对赵磊2026年11月的跨部门协作评价 ★★★★★ 5 星。感谢反馈！');
    expect(await collaboration(h, 'zhaolei')).toMatchObject({ missing: false, score: 90 });
    // Ratings are not announced to the person rated.
    expect(sentTo(h, 'zhaolei')).toBe(0);
  });

  it('refuses the same department, oneself, one\'s reports and a second rating this month, changing nothing', async () => {
    await say(h, 'wuhao', '协作 @zhaolei 5 好');
    await say(h, 'wuhao', '协作 @zhaolei 2 改主意了');
    expect(lastTextTo(h, 'wuhao')).toBe('本月已评价过赵磊的协作（5 星，11-27），每人每月只能评价一次。');
    await say(h, 'sunli', '协作 @zhaolei 4');
    expect(lastTextTo(h, 'sunli')).toBe('协作评价只能给其他部门的同事。赵磊和您同在生产部，TA的表现请由主管在“评价”中体现。');
    await say(h, 'wuhao', '协作 @wuhao 5');
    expect(lastTextTo(h, 'wuhao')).toBe('不能给自己评价协作。');
    await say(h, 'zhangwei', '协作 @zhaolei 5');
    expect(lastTextTo(h, 'zhangwei')).toContain('您是赵磊的上级，请用“评价 @zhaolei 星级 评语”给主管评价');

    expect(await ratings(h)).toEqual([expect.objectContaining({ raterId: 'wuhao', stars: 5 })]);
    expect(await h.ds.getRepository(AuditEntry).countBy({ entity: 'collaboration_rating' })).toBe(1);
  });

  it('answers missing arguments with the usage', async () => {
    await say(h, 'wuhao', '协作');
    await say(h, 'wuhao', '协作 @zhaolei 非常好');
    const [bare, noStars] = textsTo(h, 'wuhao');
    expect(bare).toMatch(/^用法：协作 @姓名 星级\(1–5\) 说明/);
    expect(noStars).toContain('请写明 1–5 的星级。');
    expect(await ratings(h)).toEqual([]);
  });
});

describe('建议 command', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt();
  });
  afterEach(async () => {
    await h.close();
  });

  it('stores suggestions, thanks the member and counts the month\'s suggestions', async () => {
    await say(h, 'zhaolei', '建议 二号线换模时增加定位销，缩短调机时间');
    await say(h, 'zhaolei', '建议：仓库通道重新划线');
    await say(h, 'sunli', '建议工具柜加锁');
    const rows = await h.ds.getRepository(Suggestion).find({ order: { id: 'ASC' } });
    expect(rows.map((r) => [r.userId, r.content, r.status])).toEqual([
      ['zhaolei', '二号线换模时增加定位销，缩短调机时间', 'open'],
      ['zhaolei', '仓库通道重新划线', 'open'],
      ['sunli', '工具柜加锁', 'open'],
    ]);
    const [first, second] = textsTo(h, 'zhaolei');
    expect(first).toBe(`感谢您的改进建议！已记录（编号 ${rows[0].id}）。这是您2026年11月提交的第 1 条建议。`);
    expect(second).toContain('第 2 条建议');
    expect(lastTextTo(h, 'sunli')).toContain('第 1 条建议');
  });

  it('answers 建议 alone with the usage and stores nothing', async () => {
    await say(h, 'zhaolei', '建议');
    expect(lastTextTo(h, 'zhaolei')).toBe('用法：建议 改进建议的内容\n例如：建议 二号线换模时增加定位销，缩短调机时间');
    expect(await h.ds.getRepository(Suggestion).count()).toBe(0);
  });
});
