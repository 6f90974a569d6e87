/**
 * 异常申报 end to end through the simulator, with a score that can be checked by hand.
 *
 * 赵磊 (zhaolei, 操作工, reports to 李华) has work_orders_completed, a count target of 84 a month,
 * weight 100, and no review or collaboration ratings yet, so his total is that one line.
 * November 2026 has 21 working days; week 2026-W48 (Mon 23 – Sun 29) has 5.
 *  - records: 4 completed on Mon 23, Tue 24 and Thu 26 (none on Wed 25, the day the spindle broke).
 *  - week: target 84 × 5 / 21 = 20, value 12 → 60.0. After 设备故障 on Wed 25 (one working day):
 *      target 20 × 4 / 5 = 16 → 12 / 16 = 75.0.
 *  - month: target 84, value 12 → 14.3 (14.2857…). After: 84 × 20 / 21 = 80 → 12 / 80 = 15.0.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditEntry, ExceptionClaim, MetricAssignment, MetricRecord, ScoreSnapshot } from '../../src/entities';
import type { EvidenceFile } from '../../src/repositories/evidence';
import type { ButtonInteractionCard } from '../../src/wecom/api-types';
import { buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';
import { manualClock } from '../helpers/simulator';

const NOW = new Date('2026-11-27T09:00:00Z'); // Friday 17:00 in Shanghai
const local = (s: string) => new Date(`${s}+08:00`);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);

describe('异常申报 (exception declarations) through WeCom', () => {
  let h: Harness;
  let dataDir: string;
  let msgId = 7_500_000_000_000_000_000n;
  const clock = manualClock(NOW);

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-exceptions-'));
    h = await startHarness({
      app: { clock },
      env: { PERFBOT_HR_USERIDS: 'heping', PERFBOT_DATA_DIR: dataDir, WECOM_CALLBACK_MAX_SKEW_S: '0' },
    });
    const assign = (userId: string, metricCode: string, target: number, weight: number) =>
      ({ userId, metricCode, periodKey: '', target, weight, floor: false, updatedAt: NOW });
    await h.ds.getRepository(MetricAssignment).insert([
      assign('zhaolei', 'work_orders_completed', 84, 100),
      assign('sunli', 'work_orders_completed', 84, 60),
      assign('sunli', 'yield_rate', 98.5, 40),
    ]);
    const rec = (day: string, n: number) =>
      ({ userId: 'zhaolei', input: 'completed', value: n, occurredAt: local(`${day}T10:00:00`), source: 'MES', externalId: `WO-${day}`, ref: '', createdAt: NOW });
    await h.ds.getRepository(MetricRecord).insert([rec('2026-11-23', 4), rec('2026-11-24', 4), rec('2026-11-26', 4)]);
  });
  afterEach(() => {
    expect(h.logs.filter((l) => l.msg === 'handler failed' || l.msg === 'dispatch failed')).toEqual([]);
    expect(h.sim.dropped).toEqual([]);
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const text = async (from: string, content: string) => {
    await h.sim.sendText(from, content);
    await h.app.settle();
  };
  const tap = async (from: string, eventKey: string, taskId: string) => {
    await h.sim.tapButton(from, { eventKey, taskId });
    await h.app.settle();
  };
  const sendImage = async (from: string, filename: string) => {
    const up = await h.app.wecom.uploadMedia('image', filename, PNG, 'image/png');
    await h.sim.deliverCallback(
      buildInboundXml({ kind: 'image', toUser: TEST_WECOM.corpId, fromUser: from, createTime: Math.floor(Date.now() / 1000), msgId: String(msgId++), picUrl: 'https://p.example/x.png', mediaId: up.mediaId, agentId: TEST_WECOM.agentId }),
    );
    await h.app.settle();
  };
  const lastText = (user: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(user) && m.msgtype === 'text').map((m) => (m.body.text as { content: string }).content).at(-1) ?? '';
  const cardsTo = (user: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(user) && m.msgtype === 'template_card').map((m) => ({ ...m, card: m.body.template_card as ButtonInteractionCard }));
  const lastCard = (user: string) => cardsTo(user).at(-1)!;
  const claims = (userId: string) => h.ds.getRepository(ExceptionClaim).find({ where: { userId }, order: { id: 'ASC' } });

  it('approves 设备故障 for a whole day: the week goes 60.0 → 75.0 and the month 14.3 → 15.0, both sides told', async () => {
    await text('zhaolei', '申报 设备故障 2026-11-25 3号机主轴故障，停机一天');
    const [claim] = await claims('zhaolei');
    expect(claim).toMatchObject({ kind: '设备故障', status: 'pending', metricCodes: ['work_orders_completed'], note: '3号机主轴故障，停机一天', approverId: null });
    expect(claim.startAt.getTime()).toBe(local('2026-11-25T00:00:00').getTime());
    expect(claim.endAt.getTime()).toBe(local('2026-11-26T00:00:00').getTime());
    expect(lastText('zhaolei')).toContain(`异常申报 #${claim.id} 已提交给李华审批：设备故障 2026-11-25（全天），影响指标：工单完成数`);

    const request = lastCard('lihua');
    expect(request.recipients).toEqual(['lihua']);
    expect(request.card.main_title?.title).toBe(`异常申报待审批 #${claim.id}`);
    expect(request.card.horizontal_content_list).toEqual([
      { keyname: '申报人', value: '赵磊（生产部）' }, { keyname: '类型', value: '设备故障' }, { keyname: '时段', value: '2026-11-25（全天）' },
      { keyname: '指标', value: '工单完成数' }, { keyname: '照片', value: '0 张' },
    ]);
    expect(request.card.button_list.map((b) => [b.text, b.key])).toEqual([['批准', `exception:approve:${claim.id}`], ['驳回', `exception:reject:${claim.id}`]]);

    await sendImage('zhaolei', 'spindle.png');
    const [withPhoto] = await claims('zhaolei');
    expect(withPhoto.evidence).toHaveLength(1);
    const stored = (withPhoto.evidence[0] as unknown as EvidenceFile).storedPath;
    expect(stored).toMatch(new RegExp(`^evidence/exceptions/${claim.id}/.*spindle\\.png$`));
    expect(fs.readFileSync(path.join(dataDir, stored))).toEqual(PNG);
    expect(lastText('lihua')).toBe(`赵磊的异常申报 #${claim.id} 补充照片 +1：spindle.png（共 1 份）`);
    await text('zhaolei', '完成');

    await tap('sunli', `exception:approve:${claim.id}`, request.taskId!);
    expect(lastText('sunli')).toBe('只有申报人的直属上级或 HR 可以审批这条异常申报。');
    expect((await claims('zhaolei'))[0].status).toBe('pending');

    await tap('lihua', `exception:approve:${claim.id}`, request.taskId!);
    const [approved] = await claims('zhaolei');
    expect(approved).toMatchObject({ status: 'approved', approverId: 'lihua' });
    expect(approved.decidedAt?.getTime()).toBe(NOW.getTime());

    const update = h.sim.cardUpdates.at(-1)!;
    expect(update).toMatchObject({ userids: ['lihua'], mode: 'template_card' });
    const decided = update.templateCard as ButtonInteractionCard;
    expect(decided).toMatchObject({ replace_text: '已批准', task_id: request.taskId });
    expect(decided.sub_title_text).toContain('得分变化：11月 14.3 → 15.0；第48周 60.0 → 75.0');

    const outcome = lastCard('zhaolei');
    expect(outcome.recipients).toEqual(['zhaolei']);
    expect(outcome.card.main_title?.title).toBe(`异常申报已批准 #${claim.id}`);
    expect(outcome.card.horizontal_content_list).toEqual(expect.arrayContaining([
      { keyname: '11月', value: '14.3 → 15.0' }, { keyname: '第48周', value: '60.0 → 75.0' },
    ]));

    const audit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ entity: 'exception_claim', entityId: String(claim.id) });
    expect(audit).toMatchObject({ actor: 'user:lihua', action: 'exception.approve', subjectUserId: 'zhaolei' });
    expect(audit.before).toMatchObject({ status: 'pending', totals: { '2026-11': expect.closeTo(14.2857, 3), '2026-W48': 60 } });
    expect(audit.after).toMatchObject({ status: 'approved', approverId: 'lihua' });
    const snapshot = await h.ds.getRepository(ScoreSnapshot).findOneByOrFail({ userId: 'zhaolei', periodKey: '2026-W48' });
    expect(snapshot.total).toBeCloseTo(75, 6);

    await tap('lihua', `exception:reject:${claim.id}`, request.taskId!);
    expect(lastText('lihua')).toBe('该异常申报已由李华处理（已批准），无需重复操作。');
    expect((await claims('zhaolei'))[0].status).toBe('approved');
    expect(await h.ds.getRepository(AuditEntry).countBy({ entity: 'exception_claim', entityId: String(claim.id) })).toBe(1);
  });

  it('reads the time-range forms and named metrics; a rejected claim leaves the score alone', async () => {
    await text('sunli', '申报 物料延迟 2026-11-26 08:00-12:00 铝棒未到货 指标:work_orders_completed');
    await text('sunli', '完成');
    await text('sunli', '申报 停电 2026-11-20 08:00 至 2026-11-21 12:00 全厂停电检修');
    await text('sunli', '完成');
    const [partDay, twoDays] = await claims('sunli');
    expect(partDay).toMatchObject({ kind: '物料延迟', metricCodes: ['work_orders_completed'], note: '铝棒未到货' });
    expect([partDay.startAt, partDay.endAt].map((d) => d.toISOString())).toEqual(['2026-11-26T00:00:00.000Z', '2026-11-26T04:00:00.000Z']);
    expect(twoDays).toMatchObject({ kind: '停电', metricCodes: ['work_orders_completed', 'yield_rate'], note: '全厂停电检修' });
    expect([twoDays.startAt, twoDays.endAt].map((d) => d.toISOString())).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-21T04:00:00.000Z']);
    const request = cardsTo('lihua').find((c) => c.card.button_list[0].key === `exception:approve:${partDay.id}`)!;
    expect(request.card.horizontal_content_list).toEqual(expect.arrayContaining([{ keyname: '时段', value: '2026-11-26 08:00 至 12:00' }]));

    await tap('wangqiang', `exception:reject:${partDay.id}`, request.taskId!);
    expect(lastText('wangqiang')).toBe('只有申报人的直属上级或 HR 可以审批这条异常申报。');
    await tap('lihua', `exception:reject:${partDay.id}`, request.taskId!);
    expect((await claims('sunli'))[0]).toMatchObject({ status: 'rejected', approverId: 'lihua' });
    const outcome = lastCard('sunli');
    expect(outcome.card.main_title?.title).toBe(`异常申报已驳回 #${partDay.id}`);
    expect(outcome.card.sub_title_text).toContain('未获批准，得分不变');
    expect(await h.ds.getRepository(ScoreSnapshot).countBy({ userId: 'sunli' })).toBe(0);

    // HR may decide too; the other copy of a decided claim is refused
    const second = cardsTo('lihua').find((c) => c.card.button_list[0].key === `exception:approve:${twoDays.id}`)!;
    await tap('heping', `exception:approve:${twoDays.id}`, second.taskId!);
    expect((await claims('sunli'))[1]).toMatchObject({ status: 'approved', approverId: 'heping' });
    await tap('lihua', `exception:approve:${twoDays.id}`, second.taskId!);
    expect(lastText('lihua')).toBe('该异常申报已由何萍处理（已批准），无需重复操作。');

    await text('sunli', '我的申报');
    expect(lastText('sunli')).toContain(`#${partDay.id} 物料延迟 已驳回（李华）`);
  });

  it.each([
    ['申报', '异常申报用法'],
    ['申报 下雨 2026-11-20 08:00-12:00 路面积水', '不支持的异常类型“下雨”'],
    ['申报 设备故障 明天 停机', '请写明异常发生的时间段'],
    ['申报 设备故障 2026-11-20 12:00-08:00 停机', '结束时间必须晚于开始时间'],
    ['申报 设备故障 2026-11-28 08:00-12:00 停机', '不能晚于今天'],
    ['申报 物料延迟 2026-10-01 至 2026-11-20 长期缺料', '最长 31 天'],
    ['申报 设备故障 2026-11-20 08:00 停机', '需要开始和结束时间'],
    ['申报 设备故障 2026-11-20 08:00-12:00', '请补充异常说明'],
    ['申报 设备故障 2026-11-20 08:00-12:00 指标:scrap_rate 停机', '“scrap_rate”不是您的考核指标'],
    ['申报 设备故障 2026-11-20 13:61-14:00 停机', '无法识别的时间'],
  ])('refuses %s with a clear answer and stores nothing', async (command, answer) => {
    const before = await h.ds.getRepository(ExceptionClaim).count();
    await text('sunli', command);
    expect(lastText('sunli')).toContain(answer);
    expect(await h.ds.getRepository(ExceptionClaim).count()).toBe(before);
  });

  it('refuses a member without assigned metrics, and a repeated declaration', async () => {
    await text('fengxue', '申报 物料延迟 2026-11-20 08:00-12:00 叉车故障');
    expect(lastText('fengxue')).toContain('没有分配考核指标');
    await text('zhaolei', '申报 设备故障 2026-11-25 再报一次');
    expect(lastText('zhaolei')).toContain('已申报过相同的异常');
    expect(await claims('zhaolei')).toHaveLength(1);
  });

  it('photos after the window get a hint; 补充材料 reopens the window for the pending claim', async () => {
    await text('sunli', '申报 其他 2026-11-27 08:00-09:00 新模具调试 指标:良品率');
    const claim = (await claims('sunli')).at(-1)!;
    expect(claim).toMatchObject({ kind: '其他', metricCodes: ['yield_rate'], status: 'pending' });
    clock.advance(31 * 60_000);
    await sendImage('sunli', 'late.png');
    expect(lastText('sunli')).toBe('异常申报补充照片的时间已过，请发送“补充材料”重新开始，再发送图片或文件。');
    expect((await claims('sunli')).at(-1)!.evidence).toEqual([]);
    await text('sunli', '补充材料');
    expect(lastText('sunli')).toContain(`作为异常申报 #${claim.id} 的证据`);
    await sendImage('sunli', 'mould.png');
    expect((await claims('sunli')).at(-1)!.evidence.map((e) => e.filename)).toEqual(['mould.png']);
  });
});
