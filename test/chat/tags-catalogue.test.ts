/**
 * 标签 (the catalogue; HR edits it, audited) and 我的记录 (one's own tags with author and time, and
 * the month's behaviour score), on a frozen clock: 2026-11-27 17:00 in Shanghai.
 */
import { AuditEntry, TagType } from '../../src/entities';
import { startHarness, type Harness } from '../helpers/app';
import { lastCardTo, lastTextTo, tags, textsTo } from './tags-helpers';

const NOW = new Date('2026-11-27T09:00:00Z');

describe('标签 and 我的记录', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ app: { clock: () => NOW }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
  });
  afterEach(async () => {
    await h.close();
  });

  it('lists the default catalogue with weights for anyone', async () => {
    await h.sim.sendText('lihua', '标签');
    await h.app.settle();
    const text = lastTextTo(h, 'lihua');
    for (const line of ['• 主动加班支援  +3', '• 提出工艺优化建议  +4', '• 跨部门协作  +3', '• 带教新人  +3', '• 质量问题提醒  -2', '• 安全规范提醒  -3']) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('标签 新增');
  });

  it('lets HR add a tag (audited), which managers can then use with its weight', async () => {
    await h.sim.sendText('heping', '标签 新增 表扬 质量之星 5');
    await h.app.settle();
    expect(lastTextTo(h, 'heping')).toBe('已新增表扬标签“质量之星”，行为分 +5。');
    expect(await h.ds.getRepository(TagType).findOneBy({ label: '质量之星' })).toMatchObject({ polarity: 'praise', weight: 5, sortOrder: 6, active: true });
    expect(await h.ds.getRepository(AuditEntry).findOneBy({ entity: 'tag_type' })).toMatchObject({ actor: 'user:heping', action: 'tag_type.create', entityId: '质量之星' });

    await h.sim.sendText('heping', '标签 新增 提醒 迟到 2');
    await h.app.settle();
    expect(await h.ds.getRepository(TagType).findOneBy({ label: '迟到' })).toMatchObject({ polarity: 'remind', weight: -2 });

    await h.sim.sendText('lihua', '表扬 @zhaolei 质量之星');
    await h.app.settle();
    expect(await tags(h)).toEqual([expect.objectContaining({ tag: '质量之星', weight: 5 })]);
  });

  it('lets HR deactivate a tag: it leaves the cards, recorded tags stay', async () => {
    await h.sim.sendText('heping', '标签 停用 跨部门协作');
    await h.app.settle();
    expect(lastTextTo(h, 'heping')).toContain('已停用标签“跨部门协作”');
    expect(await h.ds.getRepository(TagType).findOneBy({ label: '跨部门协作' })).toMatchObject({ active: false });

    await h.sim.sendText('lihua', '表扬 @zhaolei 跨部门协作');
    await h.app.settle();
    expect(await tags(h)).toHaveLength(0);
    expect(lastCardTo(h, 'lihua').card.button_list.map((b) => b.text)).toEqual(['主动加班支援', '提出工艺优化建议', '带教新人']);
  });

  it('refuses catalogue changes from anyone but HR and changes nothing', async () => {
    await h.sim.sendText('lihua', '标签 新增 表扬 自封标签 20');
    await h.app.settle();
    expect(lastTextTo(h, 'lihua')).toBe('只有 HR 可以修改标签目录。发送“标签”可查看现有标签。');
    expect(await h.ds.getRepository(TagType).count()).toBe(6);
    expect(await h.ds.getRepository(AuditEntry).count()).toBe(0);
  });

  it('answers a malformed change with the usage', async () => {
    await h.sim.sendText('heping', '标签 新增 表扬 太长的标签名称超过十个字了 3');
    await h.sim.sendText('heping', '标签 新增 夸奖 好 3');
    await h.app.settle();
    const [tooLong, badWord] = textsTo(h, 'heping');
    expect(tooLong).toBe('标签名称最多 10 个字，不能含空格或冒号。');
    expect(badWord).toContain('用法：标签 新增 表扬 <名称> <权重>');
    expect(await h.ds.getRepository(TagType).count()).toBe(6);
  });

  it('shows a member their own tags with author and time, and the month’s behaviour score', async () => {
    await h.sim.sendText('lihua', '表扬 @zhaolei 主动加班支援 周末抢修');
    await h.sim.sendText('lihua', '提醒 @zhaolei 质量问题提醒');
    await h.sim.sendText('lihua', '表扬 @sunli 带教新人');
    await h.app.settle();
    await h.sim.sendText('zhaolei', '我的记录');
    await h.app.settle();
    const text = lastTextTo(h, 'zhaolei');
    expect(text).toContain('我的记录（最近 2 条）');
    expect(text).toContain('2026-11-27 17:00 表扬「主动加班支援」+3 · 李华：周末抢修');
    expect(text).toContain('2026-11-27 17:00 提醒「质量问题提醒」-2 · 李华');
    expect(text).not.toContain('带教新人');
    expect(text).toContain('2026年11月行为分 61（基准 60，标签合计 +1）');

    await h.sim.sendText('wuhao', '我的记录');
    await h.app.settle();
    expect(lastTextTo(h, 'wuhao')).toContain('您还没有收到表扬或提醒');
  });
});
