/**
 * From the 评价待办 into the 评价 card flow, and the 27th reminder: a tap on a person opens the star
 * card for that person and records the review; two days later only what is still open is sent
 * again, and a manager who finished gets nothing. A team of 13: two cards, a selection on the first.
 */
import { SupervisorReview } from '../../src/entities';
import { reviewReminderJob, reviewTodoJob } from '../../src/jobs/review-todo';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import {
  buttons, cardsTo, dedupeKeys, FIRED_25TH, FIRED_27TH, lastUpdate, markdownTo, recipients, review, runJobAt, startAt, tag, tap, user, type ClockedHarness,
} from './review-todo-helpers';

const stored = async (h: ClockedHarness) =>
  (await h.ds.getRepository(SupervisorReview).find({ where: { reviewerId: 'lihua' }, order: { userId: 'ASC' } })).map((r) => [r.userId, r.reviewerId, r.periodKey, r.stars]);

describe('review to-do → 评价 flow → reminder', () => {
  let h: ClockedHarness;
  afterEach(async () => {
    await h.close();
  });

  it('a tap on a person opens the star card for that person; the reminder lists only what is still open', async () => {
    h = await startAt(DEMO_ORG);
    // The single reports of wangqiang, zhoumin and zhengyu are done already: those three get nothing.
    for (const id of ['lihua', 'wuhao', 'fengxue']) await review(h, id, '2026-11', '', '2026-11-20 10:00');
    await runJobAt(h, reviewTodoJob, FIRED_25TH);
    const [{ card, taskId }] = cardsTo(h, 'lihua');
    expect(buttons(card)).toEqual([
      ['孙丽', 'review:who:sunli:2026-11'],
      ['赵磊', 'review:who:zhaolei:2026-11'],
    ]);

    await tap(h, 'lihua', 'review:who:zhaolei:2026-11', taskId);
    const stars = lastUpdate(h);
    expect(h.sim.cardUpdates.at(-1)).toMatchObject({ userids: ['lihua'], mode: 'template_card' });
    expect(stars.task_id).toBe(taskId);
    expect(stars.main_title).toEqual({ title: '评价 赵磊 · 2026年11月', desc: '生产部 · 操作工' });
    expect(stars.button_list.map((b) => b.key)).toContain('review:star:zhaolei:2026-11:4');
    await tap(h, 'lihua', 'review:star:zhaolei:2026-11:4', taskId);
    expect(await stored(h)).toEqual([['zhaolei', 'lihua', '2026-11', 4]]);
    expect(lastUpdate(h).button_list.map((b) => b.key)).toEqual(['review:who:sunli:2026-11']);

    // liuyang finishes both by command; zhangwei reviews two of five.
    h.setNow(new Date('2026-11-26T02:00:00Z'));
    for (const [from, text] of [
      ['liuyang', '评价 @chenjing 4 图纸按时'],
      ['liuyang', '评价 @yangfan 3 需加强现场跟进'],
      ['zhangwei', '评价 @wangqiang 5 产量达标'],
      ['zhangwei', '评价 @heping 4 培训组织到位'],
    ]) {
      await h.sim.sendText(from, text);
      await h.app.settle();
    }
    await tag(h, 'zhoumin', '2026-11-26 10:00');

    h.setNow(FIRED_27TH);
    const before = h.sim.sent.length;
    const tally = await runJobAt(h, reviewReminderJob, FIRED_27TH);
    const reminders = h.sim.sent.slice(before);
    expect(reminders.map((m) => m.recipients[0]).sort()).toEqual(['lihua', 'zhangwei']);
    const reminderTo = (id: string) => cardsTo(h, id).at(-1)!.card;
    expect(reminderTo('lihua').main_title).toEqual({ title: '2026年11月 评价提醒', desc: '还有 1 人未评价，1 人已连续3周无反馈' });
    expect(buttons(reminderTo('lihua'))).toEqual([['孙丽', 'review:who:sunli:2026-11']]);
    // zhoumin was silent on the 25th too (no tags in the demo) and got a tag on the 26th: no flag now.
    expect(buttons(reminderTo('zhangwei'))).toEqual([
      ['刘洋', 'review:who:liuyang:2026-11'],
      ['郑宇', 'review:who:zhengyu:2026-11'],
      ['周敏', 'review:who:zhoumin:2026-11'],
    ]);
    expect(reminderTo('zhangwei').main_title?.desc).toBe('还有 3 人未评价，2 人已连续3周无反馈');
    expect(reminderTo('zhangwei').horizontal_content_list?.map((x) => x.value)).toEqual([
      '⚠ 已连续3周无反馈',
      '⚠ 已连续3周无反馈',
      '待评价 · 质量部 · 质量部经理',
    ]);
    expect(tally.skipped.map((s) => s.userId).sort()).toEqual(['liuyang', 'wangqiang', 'zhengyu', 'zhoumin']);
    expect(markdownTo(h, 'heping')).toHaveLength(1); // only the 25th's report
    expect((await dedupeKeys(h)).filter((k) => k.startsWith('job:review_reminder:'))).toEqual([
      'job:review_reminder:2026-11:reminder:lihua',
      'job:review_reminder:2026-11:reminder:zhangwei',
    ]);

    // The reminder's button opens the same flow.
    const last = cardsTo(h, 'lihua').at(-1)!;
    await tap(h, 'lihua', 'review:who:sunli:2026-11', last.taskId);
    expect(lastUpdate(h).main_title?.title).toBe('评价 孙丽 · 2026年11月');
  });

  describe('a team of 13 under lihua', () => {
    const NAMES = ['钱峰', '孔亮', '曹明', '严丽', '华强', '金鑫', '魏东', '陶然', '姜宁', '戚红', '谢安'];
    const extra = NAMES.map((name, i) => user(`op${String(i + 1).padStart(2, '0')}`, name, 3, '操作工', ['lihua']));
    const ORG = { departments: DEMO_ORG.departments, users: [...DEMO_ORG.users, ...extra] };

    it('gets two balanced cards (7 as a selection, 6 as buttons), flagged first; 评价所选 opens the picked person', async () => {
      h = await startAt(ORG);
      for (const id of ['zhaolei', 'op01', 'op02', 'op03', 'op04', 'op05']) await tag(h, id, '2026-11-16 10:00');
      await runJobAt(h, reviewTodoJob, FIRED_25TH);
      expect(recipients(h)).toEqual(['heping', 'lihua', 'liuyang', 'wangqiang', 'zhangwei', 'zhengyu', 'zhoumin']);
      const cards = cardsTo(h, 'lihua');
      expect(cards).toHaveLength(2);
      const [first, second] = cards.map((c) => c.card);
      expect(first.main_title?.desc).toBe('还有 13 人未评价，7 人已连续3周无反馈 · 第 1/2 张');
      expect(second.main_title?.desc).toBe('还有 13 人未评价，7 人已连续3周无反馈 · 第 2/2 张');
      expect(first.button_list).toEqual([{ text: '评价所选', style: 1, key: 'review:pick:2026-11' }]);
      const options = first.button_selection!.option_list;
      expect(options).toHaveLength(7);
      // The 7 flagged (孙丽 and op06–op11, sorted by pinyin) fill the first card.
      expect(options.every((o) => o.text.endsWith('（已连续3周无反馈）'))).toBe(true);
      expect(options.map((o) => o.id).sort()).toEqual(['op06', 'op07', 'op08', 'op09', 'op10', 'op11', 'sunli']);
      expect(second.button_list).toHaveLength(6);
      expect(second.button_list.map((b) => b.key).sort()).toEqual(
        ['op01', 'op02', 'op03', 'op04', 'op05', 'zhaolei'].map((id) => `review:who:${id}:2026-11`),
      );
      expect((await dedupeKeys(h)).filter((k) => k.includes(':todo:lihua'))).toEqual(['job:review_todo:2026-11:todo:lihua', 'job:review_todo:2026-11:todo:lihua:2']);

      await tap(h, 'lihua', 'review:pick:2026-11', cards[0].taskId, [{ questionKey: 'review_who', optionIds: ['op09'] }]);
      expect(lastUpdate(h).main_title?.title).toBe('评价 姜宁 · 2026年11月');
      await tap(h, 'lihua', 'review:star:op09:2026-11:3', cards[0].taskId);
      expect(await stored(h)).toEqual([['op09', 'lihua', '2026-11', 3]]);
      expect(h.sim.dropped).toEqual([]);
    });
  });
});
