/**
 * 帮助 and the fallback through WeCom: each role gets its own commands with examples written with
 * its own colleagues' names, within WeCom's markdown limit; an unknown message is answered with the
 * command it most likely meant. Then the everyday wording that used to fail: 查询本月, 查询 11月,
 * 查询 李 (a card to tap), 表扬 @赵磊 @孙丽 …, and the same praise twice (a confirmation card).
 * Demo org: 吴昊 (质检员, reports to 周敏), 李华 (班组长; 赵磊 and 孙丽 report to him), 何萍 (HR).
 */
import { BehaviourTag, ExceptionClaim, MetricAssignment } from '../../src/entities';
import type { Harness } from '../helpers/app';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, say, sentTo, startAt, tap, textsTo } from './reviews-helpers';

const markdownsTo = (h: Harness, userId: string) =>
  h.sim.sent.filter((m) => m.recipients.includes(userId) && m.msgtype === 'markdown').map((m) => (m.body.markdown as { content: string }).content);

describe('帮助 fits the reader', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.msg === 'handler failed')).toEqual([]);
    expect(h.sim.dropped).toEqual([]);
  });

  it('an employee sees 查询, 申诉 and 申报 with examples, and no manager or HR commands', async () => {
    await say(h, 'wuhao', '帮助');
    const help = markdownsTo(h, 'wuhao').join('\n');
    expect(help).toContain('吴昊，您可以这样用绩效助手');
    for (const line of ['`查询 本月`', '`申诉 上周', '`申报 物料延迟 昨天下午', '`我的记录`', '**查看成绩**', '**申诉申报**']) expect(help).toContain(line);
    // 协作 with a real colleague from another department (not his own leader 周敏)
    expect(help).toMatch(/`协作 @(?!周敏)\S+ 5 来料检验及时`/);
    for (const hidden of ['`表扬 @', '`排行', '`导出', '**团队管理**', '**HR**']) expect(help).not.toContain(hidden);
    for (const m of markdownsTo(h, 'wuhao')) expect(Buffer.byteLength(m, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it('a team leader sees praise and team commands with his own reports', async () => {
    await say(h, 'lihua', '帮助');
    const help = markdownsTo(h, 'lihua').join('\n');
    expect(help).toContain('（员工、主管）');
    expect(help).toContain('`表扬 @孙丽 主动加班支援`');
    expect(help).toContain('`表扬 @孙丽 @赵磊 主动加班支援 周末抢修`');
    expect(help).toContain('`评价 @孙丽 4 本月主动支援夜班`');
    expect(help).toContain('`排行 生产部 本月`');
    expect(help).toContain('`查询 孙丽 上月`');
    expect(help).not.toContain('`导出');
  });

  it('HR sees the HR commands, every message within 2048 bytes', async () => {
    await say(h, 'heping', '帮助');
    const msgs = markdownsTo(h, 'heping');
    const help = msgs.join('\n');
    expect(help).toContain('**HR**');
    expect(help).toContain('`导出 上月`');
    expect(help).toContain('`标签 新增 表扬 质量之星 5`');
    for (const m of msgs) expect(Buffer.byteLength(m, 'utf8')).toBeLessThanOrEqual(2048);
  });

  it.each([
    ['查分', '您是想用“查询”吗？可以这样发：查询 本月'],
    ['我的绩效', '您是想用“查询”吗？可以这样发：查询 本月'],
    ['成绩', '您是想用“查询”吗？'],
    ['表杨 @孙丽', '您是想用“表扬”吗？可以这样发：表扬 @孙丽 主动加班支援'],
  ])('李华 typing %s is pointed to the closest command', async (text, answer) => {
    await say(h, 'lihua', text);
    expect(lastTextTo(h, 'lihua')).toContain(answer);
  });

  it('an employee is not pointed to a command he cannot use', async () => {
    await say(h, 'wuhao', '排名');
    expect(lastTextTo(h, 'wuhao')).toMatch(/^没有听懂这条消息。发送“帮助”查看您可以使用的命令，例如：查询 本月/);
  });
});

describe('everyday wording', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt();
  });
  afterAll(async () => {
    await h.close();
  });
  const tags = () => h.ds.getRepository(BehaviourTag).find({ order: { id: 'ASC' } });

  it('查询本月 without a space, 查询 11月 and 查询 2026年11月 all show the month', async () => {
    for (const text of ['查询本月', '查询 11月', '查询 2026年11月', '查询 十一月']) {
      await say(h, 'zhaolei', text);
      expect(lastCardTo(h, 'zhaolei').card.main_title?.title).toBe('赵磊 · 2026年11月');
    }
    await say(h, 'zhaolei', '查询 上周');
    expect(lastCardTo(h, 'zhaolei').card.main_title?.title).toContain('2026年第47周');
  });

  it('查询 李 offers the matches as a card; a tap shows that person', async () => {
    await say(h, 'wangqiang', '查询 李');
    const { card, taskId } = lastCardTo(h, 'wangqiang');
    expect(card.main_title).toEqual({ title: '您指的是哪一位？', desc: '没有叫“李”的同事，是这位吗？' });
    await tap(h, 'wangqiang', buttonKey(card, '李华'), taskId);
    expect(lastCardTo(h, 'wangqiang').card.main_title?.title).toBe('李华 · 2026年11月');
    expect(h.sim.cardUpdates.at(-1)?.replaceName).toBe('已选择');
  });

  it('表扬 @赵磊 @孙丽 … praises both, the note stays a note', async () => {
    await say(h, 'lihua', '表扬 @赵磊 @孙丽 主动加班支援 周末抢修二号线');
    expect((await tags()).map((t) => [t.userId, t.tag, t.note])).toEqual([
      ['zhaolei', '主动加班支援', '周末抢修二号线'],
      ['sunli', '主动加班支援', '周末抢修二号线'],
    ]);
    expect(cardsTo(h, 'zhaolei').at(-1)?.card.main_title?.title).toContain('表扬');
    expect(cardsTo(h, 'sunli').at(-1)?.card.main_title?.title).toContain('表扬');
  });

  it('the same praise again within the window asks first; 仍然记录 records, 不记了 does not', async () => {
    const before = (await tags()).length;
    await say(h, 'lihua', '表扬 @赵磊 主动加班支援');
    expect(await tags()).toHaveLength(before);
    const { card, taskId } = lastCardTo(h, 'lihua');
    expect(card.main_title?.title).toBe('赵磊刚记过这条表扬');
    expect(card.horizontal_content_list).toContainEqual({ keyname: '上次记录', value: '2026-11-27 17:00（您）' });
    await tap(h, 'lihua', buttonKey(card, '仍然记录'), taskId);
    expect(await tags()).toHaveLength(before + 1);
    expect(lastUpdate(h).main_title?.title).toBe('已记录表扬：赵磊');

    const count = sentTo(h, 'zhaolei');
    await say(h, 'lihua', '表扬 @赵磊 主动加班支援');
    const again = lastCardTo(h, 'lihua');
    await tap(h, 'lihua', buttonKey(again.card, '不记了'), again.taskId);
    expect(await tags()).toHaveLength(before + 1);
    expect(h.sim.cardUpdates.at(-1)?.replaceName).toBe('未重复记录');
    expect(sentTo(h, 'zhaolei')).toBe(count);
  });

  it('an employee typing 表扬 is told plainly that only managers and HR can', async () => {
    const before = textsTo(h, 'wuhao').length;
    await say(h, 'wuhao', '表扬');
    await say(h, 'wuhao', '表扬 @赵磊 主动加班支援');
    const [bare, full] = textsTo(h, 'wuhao').slice(before);
    expect(bare).toMatch(/^只有上级和 HR 可以记录表扬。/);
    expect(full).toBe(bare);
  });
});

describe('申报 with a date and hours as people write them', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt({ now: new Date('2026-11-30T02:00:00Z') }); // Monday 10:00
    await h.ds.getRepository(MetricAssignment).insert({ userId: 'zhaolei', metricCode: 'yield_rate', periodKey: '', target: 98.5, weight: 100, floor: false, updatedAt: new Date('2026-11-01T00:00:00Z') });
  });
  afterAll(async () => {
    await h.close();
  });

  it('申报 物料延迟 11月28日 8点到10点 … is filed for Saturday 08:00–10:00, metric named in Chinese', async () => {
    await say(h, 'zhaolei', '申报 物料延迟 11月28日 8点到10点 指标:良品率 铝材未到货，二号线停线');
    const [claim] = await h.ds.getRepository(ExceptionClaim).find();
    expect(claim).toMatchObject({ kind: '物料延迟', metricCodes: ['yield_rate'], note: '铝材未到货，二号线停线' });
    expect([claim.startAt.toISOString(), claim.endAt.toISOString()]).toEqual(['2026-11-28T00:00:00.000Z', '2026-11-28T02:00:00.000Z']);
    expect(textsTo(h, 'zhaolei').join('\n')).toContain('物料延迟 2026-11-28 08:00 至 10:00，影响指标：良品率');
    await say(h, 'zhaolei', '完成');
    await say(h, 'zhaolei', '申报 设备故障 昨天下午 指标:工单 主轴报警');
    expect(lastTextTo(h, 'zhaolei')).toBe('“工单”不是您的考核指标。您的指标：良品率。例如：指标:良品率');
    await say(h, 'zhaolei', '申报 设备故障 昨天下午 主轴报警');
    const claims = await h.ds.getRepository(ExceptionClaim).find({ order: { id: 'ASC' } });
    expect(claims.map((c) => c.startAt.toISOString())).toEqual(['2026-11-28T00:00:00.000Z', '2026-11-29T04:00:00.000Z']);
    expect(lastTextTo(h, 'zhaolei')).toContain('请在 10:30 前（30 分钟内）发送现场照片或文件');
    await say(h, 'zhaolei', '我的申报'); // a command ends the evidence window, and says so
    expect(textsTo(h, 'zhaolei').at(-2)).toBe(`异常申报 #${claims[1].id} 的补充材料已结束（共 0 份照片或文件）。需要时可发送「补充材料」重新开始。`);
  });
});
