/**
 * 评价 typed as a command: the month's review is stored (then replaced), audited with before and
 * after, the employee gets a card, the scorecard's 主管评价 component follows; and the refusals.
 * Clock: Friday 27 November 2026 (month 2026-11).
 */
import request from 'supertest';
import { AuditEntry, SupervisorReview } from '../../src/entities';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import { parsePeriod } from '../../src/domain/periods';
import type { Harness } from '../helpers/app';
import { lastTextTo, noticeTo, say, sentTo, startAt, textsTo } from './reviews-helpers';
import { buttonKey, lastCardTo } from '../helpers/inbox';

const reviews = (h: Harness) => h.ds.getRepository(SupervisorReview).find({ order: { id: 'ASC' } });
const audits = (h: Harness) => h.ds.getRepository(AuditEntry).find({ where: { entity: 'supervisor_review' }, order: { id: 'ASC' } });
const reviewComponent = async (h: Harness, userId: string) =>
  (await computeEmployeeScorecard(h.ds, userId, parsePeriod('2026-11', 'Asia/Shanghai'), 'Asia/Shanghai'))!.components.review;

describe('评价 command', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt();
  });
  afterEach(async () => {
    await h.close();
  });

  it('stores the review, audits it, tells the employee with a card, and the scorecard counts it', async () => {
    expect(await reviewComponent(h, 'zhaolei')).toMatchObject({ missing: true, score: null });

    await say(h, 'lihua', '评价 @zhaolei 4 本月主动支援夜班，首件零差错');

    const rows = await reviews(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: 'zhaolei', reviewerId: 'lihua', periodKey: '2026-11', stars: 4, comment: '本月主动支援夜班，首件零差错' });
    const [audit] = await audits(h);
    expect(audit).toMatchObject({ actor: 'user:lihua', action: 'review.create', entityId: String(rows[0].id), subjectUserId: 'zhaolei', before: null });
    expect(audit.after).toEqual({ stars: 4, comment: '本月主动支援夜班，首件零差错', reviewerId: 'lihua' });

    const card = noticeTo(h, 'zhaolei');
    expect(card.card_type).toBe('text_notice');
    expect(card.main_title).toEqual({ title: '2026年11月 主管评价', desc: '来自 李华' });
    expect(card.emphasis_content).toEqual({ title: '★★★★☆', desc: '4 星 · 良好' });
    expect(card.sub_title_text).toBe('评语：本月主动支援夜班，首件零差错');
    expect(lastTextTo(h, 'lihua')).toBe('已记录赵磊2026年11月的主管评价：★★★★☆ 4 星\n评语：本月主动支援夜班，首件零差错\n已通知赵磊。');
    // Nobody else heard of it.
    expect(h.sim.sent.flatMap((m) => m.recipients).sort()).toEqual(['lihua', 'zhaolei']);

    expect(await reviewComponent(h, 'zhaolei')).toMatchObject({ missing: false, score: 80 });

    // The card's link opens the employee's own scorecard with a signed viewer token.
    const url = new URL(card.card_action.type === 1 ? card.card_action.url : '');
    expect(url.pathname).toBe('/h5/scorecard');
    expect(url.searchParams.get('user')).toBe('zhaolei');
    expect(url.searchParams.get('period')).toBe('2026-11');
    const res = await request(h.app.server).get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('主管评价');
  });

  it('replaces the month\'s review on a second rating (by name, from the manager above), audited with before and after', async () => {
    await say(h, 'lihua', '评价 @zhaolei 4 不错');
    await say(h, 'wangqiang', '评价 赵磊 5星 夜班抢修表现突出');

    const rows = await reviews(h);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stars: 5, comment: '夜班抢修表现突出', reviewerId: 'wangqiang' });
    const [, update] = await audits(h);
    expect(update).toMatchObject({ actor: 'user:wangqiang', action: 'review.update', subjectUserId: 'zhaolei' });
    expect(update.before).toEqual({ stars: 4, comment: '不错', reviewerId: 'lihua' });
    expect(update.after).toEqual({ stars: 5, comment: '夜班抢修表现突出', reviewerId: 'wangqiang' });

    const card = noticeTo(h, 'zhaolei');
    expect(card.main_title?.title).toBe('2026年11月 主管评价（已更新）');
    expect(card.emphasis_content?.title).toBe('★★★★★');
    expect(lastTextTo(h, 'wangqiang')).toContain('已更新赵磊2026年11月的主管评价：4 星 → 5 星');
    expect(await reviewComponent(h, 'zhaolei')).toMatchObject({ score: 100 });
  });

  it('lets HR review anyone, without a comment (and says how to add one)', async () => {
    await say(h, 'heping', '评价 wuhao 3');
    expect(await reviews(h)).toEqual([expect.objectContaining({ userId: 'wuhao', reviewerId: 'heping', stars: 3, comment: '' })]);
    expect(lastTextTo(h, 'heping')).toContain('未写评语。补充评语：评价 @wuhao 3 评语');
    expect(noticeTo(h, 'wuhao').sub_title_text).toBe('暂无评语。');
  });

  it('refuses a colleague, a review of oneself and a manager of another team, changing nothing', async () => {
    await say(h, 'sunli', '评价 @zhaolei 2 不配合');
    expect(lastTextTo(h, 'sunli')).toBe('只有赵磊的上级或 HR 可以给TA主管评价。跨部门同事请用：协作 @zhaolei 星级 说明');
    await say(h, 'lihua', '评价 @lihua 5');
    expect(lastTextTo(h, 'lihua')).toBe('不能评价自己。');
    await say(h, 'zhoumin', '评价 @zhaolei 3');
    expect(lastTextTo(h, 'zhoumin')).toContain('只有赵磊的上级或 HR');

    expect(await reviews(h)).toEqual([]);
    expect(await audits(h)).toEqual([]);
    expect(sentTo(h, 'zhaolei')).toBe(0);
  });

  it('answers missing or invalid stars with the usage, and unknown or partial names clearly', async () => {
    await say(h, 'lihua', '评价 @zhaolei');
    await say(h, 'lihua', '评价 @zhaolei 6 太棒了');
    await say(h, 'lihua', '评价 @zhaolei 很好');
    const [missing, six, words] = textsTo(h, 'lihua');
    for (const t of [missing, six, words]) expect(t).toContain('请写明 1–5 的星级。\n用法：评价 @姓名 星级(1–5) 评语');

    await say(h, 'lihua', '评价 @nobody 4 好');
    expect(lastTextTo(h, 'lihua')).toBe('通讯录中没有找到“nobody”。请检查姓名，或使用企业微信账号（如 @zhangsan）。');
    expect(await reviews(h)).toEqual([]);
    // part of a name is offered as a card to tap; the tap runs the command for that person
    await say(h, 'lihua', '评价 赵 4 好');
    const { card, taskId } = lastCardTo(h, 'lihua');
    expect(card.main_title?.title).toBe('您指的是哪一位？');
    expect(card.sub_title_text).toContain('赵磊：生产部 · 操作工');
    await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '赵磊'), taskId });
    await h.app.settle();
    expect((await reviews(h)).map((r) => [r.userId, r.stars, r.comment])).toEqual([['zhaolei', 4, '好']]);
    await h.ds.getRepository(SupervisorReview).clear();
  });

  it('reads the person and the month as people write them: @ 赵磊, ＠赵磊, 上个月, 10月', async () => {
    await say(h, 'lihua', '评价 @ 赵磊 4 上个月 夜班支援到位，辛苦了');
    await say(h, 'lihua', '评价 ＠孙丽 3 本月 首件检验偶有遗漏');
    const rows = await reviews(h);
    expect(rows.map((r) => [r.userId, r.periodKey, r.stars, r.comment])).toEqual([
      ['zhaolei', '2026-10', 4, '夜班支援到位，辛苦了'],
      ['sunli', '2026-11', 3, '首件检验偶有遗漏'],
    ]);
    await h.ds.getRepository(SupervisorReview).clear();
  });

  it('accepts full-width and Chinese numerals for the stars', async () => {
    await say(h, 'lihua', '评价 @zhaolei ４ 好');
    await say(h, 'lihua', '评价 @sunli 三 还行');
    const rows = await reviews(h);
    expect(rows.map((r) => [r.userId, r.stars])).toEqual([
      ['zhaolei', 4],
      ['sunli', 3],
    ]);
  });

  it('reviews last month with 上月 (early December closing November), and refuses older months', async () => {
    await h.close();
    h = await startAt({ now: new Date('2026-12-02T02:00:00Z') }); // Wed 2 December 10:00
    await say(h, 'lihua', '评价 @zhaolei 5 上月 夜班支援到位');
    expect((await reviews(h)).map((r) => [r.userId, r.periodKey, r.stars, r.comment])).toEqual([['zhaolei', '2026-11', 5, '夜班支援到位']]);
    await say(h, 'lihua', '评价 @sunli 4 2026-10 迟到的评价');
    expect(lastTextTo(h, 'lihua')).toContain('只能评价本月（2026-12）或上月（2026-11）');
    await say(h, 'lihua', '评价 @sunli 4 上岗培训表现好');
    expect((await reviews(h)).find((r) => r.userId === 'sunli')?.periodKey).toBe('2026-12');
  });
});

