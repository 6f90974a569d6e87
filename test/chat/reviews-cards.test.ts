/**
 * 评价 by card: the list of reports without a review, a tap for the person, a tap for the stars;
 * the card updates in place each time, a repeated or stale tap records nothing twice, and a
 * comment can be added afterwards by command. More than six reports: a selection on the card.
 */
import { AuditEntry, BehaviourTag, SupervisorReview } from '../../src/entities';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import type { WeComUser } from '../../src/wecom/api-types';
import type { Harness } from '../helpers/app';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, local, say, startAt, tap } from './reviews-helpers';

const reviews = (h: Harness) => h.ds.getRepository(SupervisorReview).find({ order: { id: 'ASC' } });

describe('评价 card flow', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  describe('in the demo org', () => {
    beforeEach(async () => {
      h = await startAt();
    });

    it('records in two taps, updates the card in place, and a second tap records nothing', async () => {
      await h.ds.getRepository(BehaviourTag).insert([
        { userId: 'zhaolei', authorId: 'lihua', polarity: 'praise', tag: '主动加班支援', weight: 3, note: '', createdAt: local('2026-11-10 10:00') },
        { userId: 'zhaolei', authorId: 'lihua', polarity: 'remind', tag: '安全规范提醒', weight: -3, note: '', createdAt: local('2026-11-12 10:00') },
        { userId: 'zhaolei', authorId: 'lihua', polarity: 'praise', tag: '带教新人', weight: 3, note: '', createdAt: local('2026-10-30 10:00') },
      ]);
      await say(h, 'lihua', '评价');
      const { card: list, taskId } = lastCardTo(h, 'lihua');
      expect(list.main_title).toEqual({ title: '2026年11月 主管评价', desc: '还有 2 人未评价' });
      expect(list.button_list.map((b) => [b.text, b.key])).toEqual([
        ['孙丽', 'review:who:sunli:2026-11'],
        ['赵磊', 'review:who:zhaolei:2026-11'],
      ]);

      await tap(h, 'lihua', buttonKey(list, '赵磊'), taskId);
      expect(h.sim.cardUpdates).toHaveLength(1);
      expect(h.sim.cardUpdates[0]).toMatchObject({ userids: ['lihua'], mode: 'template_card' });
      const stars = lastUpdate(h);
      expect(stars.task_id).toBe(taskId);
      expect(stars.main_title).toEqual({ title: '评价 赵磊 · 2026年11月', desc: '生产部 · 操作工' });
      expect(stars.horizontal_content_list).toEqual([
        { keyname: '本月表扬', value: '1 次' },
        { keyname: '本月提醒', value: '1 次' },
        // The supervisor's reference: November's tags +3 and −3 (October's +3 does not count) → 60.
        { keyname: '行为分', value: '60（基准60，标签合计±0；不计入总分）' },
      ]);
      expect(stars.button_list.map((b) => b.text)).toEqual(['5星 优秀', '4星 良好', '3星 合格', '2星 待改进', '1星 不合格', '返回']);
      expect(await reviews(h)).toEqual([]);

      const fourKey = buttonKey(stars, '4星 良好');
      expect(fourKey).toBe('review:star:zhaolei:2026-11:4');
      await tap(h, 'lihua', fourKey, taskId);
      expect(await reviews(h)).toEqual([expect.objectContaining({ userId: 'zhaolei', reviewerId: 'lihua', periodKey: '2026-11', stars: 4, comment: '' })]);
      expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'review.create', subjectUserId: 'zhaolei' })).toBe(1);
      const recorded = lastUpdate(h);
      expect(recorded.main_title).toEqual({ title: '已记录：赵磊 ★★★★☆', desc: '2026年11月，还有 1 人未评价' });
      expect(recorded.sub_title_text).toContain('已通知赵磊。补充评语：评价 @zhaolei 4 评语');
      expect(recorded.button_list.map((b) => b.key)).toEqual(['review:who:sunli:2026-11']);
      expect(cardsTo(h, 'zhaolei')).toHaveLength(1);
      expect(cardsTo(h, 'zhaolei')[0].card).toMatchObject({ card_type: 'text_notice', emphasis_content: { title: '★★★★☆' } });

      // The same star tapped again (a stale card, or WeCom delivering a second tap): nothing twice.
      await tap(h, 'lihua', fourKey, taskId);
      await tap(h, 'lihua', 'review:star:zhaolei:2026-11:2', taskId);
      expect(await reviews(h)).toHaveLength(1);
      expect((await reviews(h))[0].stars).toBe(4);
      expect(cardsTo(h, 'zhaolei')).toHaveLength(1);
      expect(lastTextTo(h, 'lihua')).toBe('赵磊2026年11月已有主管评价（4 星），不会重复记录。如需修改请发送：评价 @zhaolei 星级 评语');
      // A stale tap on the person is refused the same way.
      await tap(h, 'lihua', 'review:who:zhaolei:2026-11', taskId);
      expect(lastTextTo(h, 'lihua')).toContain('已有主管评价');
      expect(h.sim.cardUpdates).toHaveLength(2);

      // The comment, added afterwards by command, replaces the review's comment.
      await say(h, 'lihua', '评价 @zhaolei 4 本月带新人很用心');
      expect((await reviews(h))[0]).toMatchObject({ stars: 4, comment: '本月带新人很用心' });

      // The last one: 孙丽, with 返回 on the way; then the card is finished and greyed out.
      await tap(h, 'lihua', 'review:who:sunli:2026-11', taskId);
      await tap(h, 'lihua', 'review:back:2026-11', taskId);
      expect(lastUpdate(h).button_list.map((b) => b.text)).toEqual(['孙丽']);
      await tap(h, 'lihua', 'review:who:sunli:2026-11', taskId);
      await tap(h, 'lihua', 'review:star:sunli:2026-11:5', taskId);
      const finished = lastUpdate(h);
      expect(finished.main_title?.title).toBe('已记录：孙丽 ★★★★★');
      expect(finished.replace_text).toBe('本月评价已全部完成');
      expect((await reviews(h)).map((r) => [r.userId, r.stars])).toEqual([
        ['zhaolei', 4],
        ['sunli', 5],
      ]);

      await say(h, 'lihua', '评价');
      expect(lastTextTo(h, 'lihua')).toBe('2026年11月的主管评价已全部完成（2 人）。如需修改：评价 @账号 星级 评语');
    });

    it('refuses a tap from someone who is not the manager, and 评价 alone from someone without reports', async () => {
      await h.sim.tapButton('sunli', { eventKey: 'review:star:zhaolei:2026-11:5', taskId: 'review-forged-1' });
      await h.sim.tapButton('sunli', { eventKey: 'review:who:zhaolei:2026-11', taskId: 'review-forged-2' });
      await h.app.settle();
      expect(await reviews(h)).toEqual([]);
      expect(h.sim.cardUpdates).toEqual([]);
      expect(lastTextTo(h, 'sunli')).toContain('只有赵磊的上级或 HR 可以给TA主管评价');

      await say(h, 'zhaolei', '评价');
      expect(lastTextTo(h, 'zhaolei')).toContain('您目前没有直属下属，无需评价。');
      expect(cardsTo(h, 'zhaolei')).toEqual([]);
    });
  });

  describe('with eight reports', () => {
    const crew: WeComUser[] = Array.from({ length: 8 }, (_, i) => ({
      userid: `op${i + 1}`,
      name: `操作工${i + 1}`,
      department: [3],
      position: '操作工',
      is_leader_in_dept: [0],
      direct_leader: ['lihua'],
      main_department: 3,
      status: 1,
    }));
    beforeEach(async () => {
      h = await startAt({ org: { departments: DEMO_ORG.departments, users: [...DEMO_ORG.users, ...crew] } });
    });

    it('offers a selection instead of buttons, and the selected person gets the stars', async () => {
      await say(h, 'lihua', '评价');
      const { card, taskId } = lastCardTo(h, 'lihua');
      expect(card.main_title?.desc).toBe('还有 10 人未评价');
      expect(card.button_selection?.option_list).toHaveLength(10);
      expect(card.button_selection?.question_key).toBe('review_who');
      expect(card.button_list).toEqual([{ text: '评价所选', style: 1, key: 'review:pick:2026-11' }]);

      await tap(h, 'lihua', 'review:pick:2026-11', taskId, [{ questionKey: 'review_who', optionIds: ['op3'] }]);
      expect(lastUpdate(h).main_title?.title).toBe('评价 操作工3 · 2026年11月');
      await tap(h, 'lihua', 'review:star:op3:2026-11:3', taskId);
      expect(await reviews(h)).toEqual([expect.objectContaining({ userId: 'op3', stars: 3 })]);
      const next = lastUpdate(h);
      expect(next.button_selection?.option_list.map((o) => o.id)).not.toContain('op3');
      expect(next.main_title?.desc).toBe('2026年11月，还有 9 人未评价');
    });
  });
});
