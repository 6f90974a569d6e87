/**
 * 表扬/提醒 typed as a complete command: the person by userid or by name, an ambiguous name picked
 * on a card, an unknown name or tag, refusals; what is stored, audited and sent to whom.
 */
import { InboundCallback } from '../../src/entities';
import { startHarness, type Harness } from '../helpers/app';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, orgWith, tagAudits, tags } from './tags-helpers';

describe('表扬 / 提醒 commands', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  describe('in the demo org', () => {
    beforeEach(async () => {
      h = await startHarness({ env: { PERFBOT_HR_USERIDS: 'heping' } });
    });

    it('records a praise named by userid at once (0 taps), audits it and sends the employee a card', async () => {
      await h.sim.sendText('lihua', '表扬 @zhaolei 主动加班支援 昨晚留到十点赶交期');
      await h.app.settle();

      const rows = await tags(h);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ userId: 'zhaolei', authorId: 'lihua', polarity: 'praise', tag: '主动加班支援', weight: 3, note: '昨晚留到十点赶交期' });
      const [audit] = await tagAudits(h);
      expect(audit).toMatchObject({ actor: 'user:lihua', action: 'behaviour_tag.praise', entityId: String(rows[0].id), subjectUserId: 'zhaolei' });
      expect(audit.after).toMatchObject({ tag: '主动加班支援', weight: 3 });

      const { card } = lastCardTo(h, 'zhaolei');
      expect(card.main_title).toEqual({ title: '李华表扬了你', desc: '主动加班支援' });
      // The notice says what the +3 does: it moves the month's 行为分, not the total.
      expect(card.sub_title_text).toBe('昨晚留到十点赶交期\n本条标签+3计入本月行为分（基准60，加减本月标签），不影响绩效总分。');
      expect(card.horizontal_content_list).toEqual(
        expect.arrayContaining([{ keyname: '表扬人', value: '李华' }, { keyname: '行为分', value: '+3（计入本月行为分，不计入总分）' }]),
      );
      expect(card.button_list).toEqual([{ text: '收到，谢谢', style: 1, key: `tag:ack:${rows[0].id}` }]);
      expect(lastTextTo(h, 'lihua')).toContain('已记录表扬：赵磊「主动加班支援」，行为分 +3（计入本月行为分，不计入总分）。');

      const first = await h.ds.getRepository(InboundCallback).findOneByOrFail({ fromUser: 'lihua' });
      console.log(`表扬 by command: 0 taps, ${rows[0].createdAt.getTime() - first.receivedAt.getTime()} ms server time from the message to the recorded tag`);
    });

    it('finds the person by name too', async () => {
      await h.sim.sendText('lihua', '表扬 赵磊 跨部门协作');
      await h.app.settle();
      expect(await tags(h)).toEqual([expect.objectContaining({ userId: 'zhaolei', tag: '跨部门协作', note: '' })]);
      expect(cardsTo(h, 'zhaolei')).toHaveLength(1);
    });

    it('sends a 提醒 privately: only the employee gets it, the manager a confirmation, nobody else anything', async () => {
      await h.sim.sendText('lihua', '提醒 @sunli 安全规范提醒 未戴护目镜');
      await h.app.settle();

      expect(await tags(h)).toEqual([expect.objectContaining({ userId: 'sunli', polarity: 'remind', tag: '安全规范提醒', weight: -3 })]);
      expect(await tagAudits(h)).toEqual([expect.objectContaining({ action: 'behaviour_tag.remind', subjectUserId: 'sunli' })]);
      const recipients = h.sim.sent.map((m) => m.recipients);
      expect(recipients).toEqual(expect.arrayContaining([['sunli'], ['lihua']]));
      expect(recipients.flat().sort()).toEqual(['lihua', 'sunli']);
      const { card } = lastCardTo(h, 'sunli');
      expect(card.main_title?.title).toBe('李华给你一条提醒');
      expect(card.sub_title_text).toContain('仅你和你的上级可见');
      expect(lastTextTo(h, 'lihua')).toContain('已私下通知孙丽');
    });

    it('lets HR (by configuration) tag anyone', async () => {
      await h.sim.sendText('heping', '提醒 @wuhao 质量问题提醒');
      await h.app.settle();
      expect(await tags(h)).toEqual([expect.objectContaining({ userId: 'wuhao', authorId: 'heping', weight: -2 })]);
    });

    it('refuses a non-manager (赵磊 tagging 孙丽) and stores nothing', async () => {
      await h.sim.sendText('zhaolei', '表扬 @sunli 主动加班支援');
      await h.app.settle();
      expect(lastTextTo(h, 'zhaolei')).toMatch(/^只有上级和 HR 可以记录表扬。/);
      expect(await tags(h)).toHaveLength(0);
      expect(await tagAudits(h)).toHaveLength(0);
      expect(h.sim.sent.flatMap((m) => m.recipients)).toEqual(['zhaolei']);
    });

    it('refuses tagging oneself', async () => {
      await h.sim.sendText('lihua', '表扬 @lihua 带教新人');
      await h.app.settle();
      expect(lastTextTo(h, 'lihua')).toBe('不能给自己记录表扬。');
      expect(await tags(h)).toHaveLength(0);
    });

    it('answers an unknown name with a clear message and stores nothing', async () => {
      await h.sim.sendText('lihua', '表扬 @无此人 主动加班支援');
      await h.app.settle();
      const text = lastTextTo(h, 'lihua');
      expect(text).toContain('没有找到“无此人”');
      expect(text).toContain('只发“表扬”可从下属列表中点选');
      expect(await tags(h)).toHaveLength(0);
    });

    it('keeps a text that is no preset tag as the note and asks for the tag on a card', async () => {
      await h.sim.sendText('lihua', '表扬 @zhaolei 今天表现很好');
      await h.app.settle();
      const { card, taskId } = lastCardTo(h, 'lihua');
      expect(card.main_title).toEqual({ title: '表扬赵磊：选择标签', desc: '“今天表现很好”不是预设标签，已作备注' });
      expect(card.button_list.map((b) => b.text)).toEqual(['主动加班支援', '提出工艺优化建议', '跨部门协作', '带教新人']);
      expect(await tags(h)).toHaveLength(0);

      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '带教新人'), taskId });
      await h.app.settle();
      expect(await tags(h)).toEqual([expect.objectContaining({ userId: 'zhaolei', tag: '带教新人', note: '今天表现很好' })]);
      expect(lastUpdate(h)).toMatchObject({ task_id: taskId, replace_text: '已记录' });
    });
  });

  describe('with two members named 赵磊', () => {
    beforeEach(async () => {
      const org = orgWith({ userid: 'zhaolei2', name: '赵磊', department: [5], position: '仓管员', direct_leader: ['zhengyu'] });
      h = await startHarness({ org, env: { PERFBOT_HR_USERIDS: 'heping' } });
    });

    it('offers both on a card instead of guessing; the tap records the tag and note typed in the command', async () => {
      await h.sim.sendText('lihua', '表扬 赵磊 带教新人 带了两个新人上岗');
      await h.app.settle();
      expect(await tags(h)).toHaveLength(0);
      const { card, taskId } = lastCardTo(h, 'lihua');
      expect(card.main_title).toEqual({ title: '要表扬谁？', desc: '“赵磊”对应 2 人，请点选' });
      expect(card.button_list.map((b) => b.text).sort()).toEqual(['赵磊(仓储部)', '赵磊(生产部)']);
      expect(card.horizontal_content_list).toEqual([{ keyname: '标签', value: '带教新人' }, { keyname: '备注', value: '带了两个新人上岗' }]);

      // The other 赵磊 is not 李华's report: refused on tap, nothing stored, the card still open.
      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '赵磊(仓储部)'), taskId });
      await h.app.settle();
      expect(lastTextTo(h, 'lihua')).toContain('您不是赵磊的上级');
      expect(await tags(h)).toHaveLength(0);
      expect(h.sim.cardUpdates).toHaveLength(0);

      await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '赵磊(生产部)'), taskId });
      await h.app.settle();
      expect(await tags(h)).toEqual([expect.objectContaining({ userId: 'zhaolei', tag: '带教新人', note: '带了两个新人上岗', weight: 3 })]);
      expect(lastUpdate(h)).toMatchObject({ task_id: taskId, replace_text: '已记录', main_title: { title: '已记录表扬：赵磊' } });
      expect(cardsTo(h, 'zhaolei')).toHaveLength(1);
      expect(cardsTo(h, 'zhaolei2')).toHaveLength(0);
    });
  });
});
