/**
 * The tap path: 表扬 alone → the reports card → the preset tags → recorded, the same card updated in
 * place each step; repeated and racing taps; paging past six reports; expired cards; the
 * employee's acknowledgement. Measures taps and server time from the first message to the tag.
 */
import { InboundCallback, TagDraft } from '../../src/entities';
import { startHarness, type Harness } from '../helpers/app';
import { isMysql } from '../helpers/db';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, orgWith, tagAudits, tags } from './tags-helpers';

describe('表扬 / 提醒 by buttons', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  describe('in the demo org', () => {
    beforeEach(async () => {
      h = await startHarness();
    });

    it('records a praise in two taps: reports card → tag card → recorded, updated in place', async () => {
      let taps = 0;
      await h.sim.sendText('lihua', '表扬');
      await h.app.settle();
      const { card: people, taskId } = lastCardTo(h, 'lihua');
      expect(people.main_title).toEqual({ title: '要表扬谁？', desc: '点选一位，下一步选标签' });
      expect(people.button_list.map((b) => b.text)).toEqual(['孙丽', '赵磊']);
      expect(people.button_list[1].key).toMatch(/^tag:who:\d+:zhaolei$/);

      await h.sim.tapButton('lihua', { eventKey: buttonKey(people, '赵磊'), taskId });
      taps++;
      await h.app.settle();
      const picker = lastUpdate(h);
      expect(h.sim.cardUpdates[0]).toMatchObject({ userids: ['lihua'], mode: 'template_card', taskId });
      expect(picker.task_id).toBe(taskId);
      expect(picker.main_title?.title).toBe('表扬赵磊：选择标签');
      expect(picker.button_list.map((b) => b.text)).toEqual(['主动加班支援', '提出工艺优化建议', '跨部门协作', '带教新人']);
      expect(await tags(h)).toHaveLength(0);

      await h.sim.tapButton('lihua', { eventKey: buttonKey(picker, '提出工艺优化建议'), taskId });
      taps++;
      await h.app.settle();
      const rows = await tags(h);
      expect(rows).toEqual([expect.objectContaining({ userId: 'zhaolei', authorId: 'lihua', polarity: 'praise', tag: '提出工艺优化建议', weight: 4 })]);
      expect(await tagAudits(h)).toHaveLength(1);
      const recorded = lastUpdate(h);
      expect(recorded).toMatchObject({ task_id: taskId, replace_text: '已记录', main_title: { title: '已记录表扬：赵磊' } });
      expect(h.sim.cardUpdates).toHaveLength(2);
      // The manager's card changed in place: no second card was sent to them.
      expect(cardsTo(h, 'lihua')).toHaveLength(1);
      expect(lastCardTo(h, 'zhaolei').card.main_title?.title).toBe('李华表扬了你');

      expect(taps).toBe(2);
      const first = await h.ds.getRepository(InboundCallback).findOneByOrFail({ fromUser: 'lihua', kind: 'text' });
      console.log(`表扬 by buttons: ${taps} taps, ${rows[0].createdAt.getTime() - first.receivedAt.getTime()} ms server time from the first message to the recorded tag`);
    });

    it('does not record twice when the answered card is tapped again, and says so', async () => {
      await h.sim.sendText('lihua', '提醒');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '孙丽'), taskId });
      await h.app.settle();
      const picker = lastUpdate(h);
      expect(picker.button_list.map((b) => b.text)).toEqual(['质量问题提醒', '安全规范提醒']);
      const key = buttonKey(picker, '质量问题提醒');
      await h.sim.tapButton('lihua', { eventKey: key, taskId });
      await h.app.settle();
      expect(await tags(h)).toHaveLength(1);

      // The same button again, another tag on the stale card, and a person on the first card.
      await h.sim.tapButton('lihua', { eventKey: key, taskId });
      await h.sim.tapButton('lihua', { eventKey: buttonKey(picker, '安全规范提醒'), taskId });
      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '赵磊'), taskId });
      await h.app.settle();
      expect(await tags(h)).toHaveLength(1);
      expect(await tagAudits(h)).toHaveLength(1);
      expect(lastTextTo(h, 'lihua')).toBe('这张卡片已记录过提醒：孙丽「质量问题提醒」，不会重复记录。如需再记一条，请重新发送“提醒”。');
      expect(lastUpdate(h)).toMatchObject({ replace_text: '已记录' });
      expect(lastUpdate(h).sub_title_text).toContain('已记录过');
      // The remind went to 孙丽 alone, once.
      expect(cardsTo(h, 'sunli')).toHaveLength(1);
      expect(cardsTo(h, 'zhaolei')).toHaveLength(0);
    });

    it('records one tag when two taps on the same card race', async () => {
      await h.sim.sendText('lihua', '表扬 @zhaolei');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      const a = buttonKey(card, '跨部门协作');
      const b = buttonKey(card, '带教新人');
      await Promise.all([h.sim.tapButton('lihua', { eventKey: a, taskId }), h.sim.tapButton('lihua', { eventKey: b, taskId })]);
      await h.app.settle();
      expect(await tags(h)).toHaveLength(1);
      expect(await tagAudits(h)).toHaveLength(1);
      expect(cardsTo(h, 'zhaolei')).toHaveLength(1);
      expect(lastTextTo(h, 'lihua')).toContain('这张卡片已记录过表扬');
    });

    it('takes a tag typed without a person: reports card, then one tap records', async () => {
      await h.sim.sendText('lihua', '表扬 主动加班支援 周末抢修');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      expect(card.main_title?.desc).toBe('点选即记录：主动加班支援');
      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '孙丽'), taskId });
      await h.app.settle();
      expect(await tags(h)).toEqual([expect.objectContaining({ userId: 'sunli', tag: '主动加班支援', note: '周末抢修' })]);
      expect(lastUpdate(h).replace_text).toBe('已记录');
    });

    it('answers a member without reports, and a card older than 72 hours, without recording', async () => {
      await h.sim.sendText('zhaolei', '表扬');
      await h.app.settle();
      expect(lastTextTo(h, 'zhaolei')).toMatch(/^只有上级和 HR 可以记录表扬。/);

      await h.sim.sendText('lihua', '表扬');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      const draftId = Number(card.button_list[0].key!.split(':')[2]);
      await h.ds.getRepository(TagDraft).update({ id: draftId }, { createdAt: new Date(Date.now() - 73 * 3600 * 1000) });
      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '赵磊'), taskId });
      await h.app.settle();
      expect(lastTextTo(h, 'lihua')).toContain('这张卡片已过期');
      expect(h.sim.cardUpdates).toHaveLength(0);
    });

    it('refuses a tap on someone else’s card', async () => {
      await h.sim.sendText('lihua', '表扬');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      await h.sim.tapButton('zhaolei', { eventKey: buttonKey(card, '孙丽'), taskId });
      await h.app.settle();
      expect(lastTextTo(h, 'zhaolei')).toContain('这张卡片已失效');
      expect(h.sim.cardUpdates).toHaveLength(0);
    });

    it('greys out the employee’s acknowledgement button', async () => {
      await h.sim.sendText('lihua', '表扬 @zhaolei 带教新人');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'zhaolei');
      await h.sim.tapButton('zhaolei', { eventKey: card.button_list[0].key!, taskId });
      await h.app.settle();
      expect(h.sim.cardUpdates).toEqual([expect.objectContaining({ userids: ['zhaolei'], mode: 'button', replaceName: '已收到' })]);
    });
  });

  describe('a manager with eight reports', () => {
    beforeEach(async () => {
      const extra = ['钱一', '孙二', '李三', '周四', '吴五', '郑六'].map((name, i) => ({ userid: `op${i + 1}`, name, department: [3], direct_leader: ['lihua'] }));
      h = await startHarness({ org: orgWith(...extra) });
    });

    it('pages 5 at a time with 更多; a report on page 2 is recorded in three taps', async () => {
      await h.sim.sendText('lihua', '表扬');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      expect(card.button_list).toHaveLength(6);
      expect(card.button_list[5]).toMatchObject({ text: '更多 1/2', key: expect.stringMatching(/^tag:more:\d+:5:r$/) });
      const page1 = card.button_list.slice(0, 5).map((b) => b.text);

      await h.sim.tapButton('lihua', { eventKey: card.button_list[5].key!, taskId });
      await h.app.settle();
      const page2 = lastUpdate(h);
      expect(page2.button_list).toHaveLength(4);
      expect(page2.button_list[3]).toMatchObject({ text: '更多 2/2', key: expect.stringMatching(/^tag:more:\d+:0:r$/) });
      const all = [...page1, ...page2.button_list.slice(0, 3).map((b) => b.text)];
      expect(all.sort()).toEqual(['钱一', '孙二', '李三', '周四', '吴五', '郑六', '赵磊', '孙丽'].sort());

      await h.sim.tapButton('lihua', { eventKey: page2.button_list[0].key!, taskId });
      await h.app.settle();
      await h.sim.tapButton('lihua', { eventKey: buttonKey(lastUpdate(h), '跨部门协作'), taskId });
      await h.app.settle();
      expect(await tags(h)).toEqual([expect.objectContaining({ tag: '跨部门协作', authorId: 'lihua' })]);
      expect(h.sim.cardUpdates).toHaveLength(3);
    });
  });
});

describe('recordTag on one draft from three transactions', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('lets exactly one win; the other writes nothing and sees the winner’s tag', async () => {
    h = await startHarness();
    const { createDraft, recordTag } = await import('../../src/repositories/tags');
    const now = new Date();
    const draft = await createDraft(h.ds, { authorId: 'lihua', polarity: 'praise', tag: null, note: '', people: ['zhaolei'] }, now);
    const input = { draftId: draft.id, userId: 'zhaolei', authorId: 'lihua', polarity: 'praise' as const, tag: '带教新人', weight: 3, note: '' };
    const run = () => h.ds.transaction((m) => recordTag(m, input, now));
    // MariaDB: three pooled connections truly race on the draft row. SQLite (one connection, whose
    // transactions cannot overlap) runs them one after another.
    const results = isMysql() ? await Promise.all([run(), run(), run()]) : [await run(), await run(), await run()];
    expect(results.map((r) => r.kind).sort()).toEqual(['duplicate', 'duplicate', 'recorded']);
    const rows = await tags(h);
    expect(rows).toHaveLength(1);
    expect(await tagAudits(h)).toHaveLength(1);
    for (const r of results.filter((x) => x.kind === 'duplicate')) expect(r.tag?.id).toBe(rows[0].id);
  });
});
