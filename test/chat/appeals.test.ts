/**
 * 申诉 end to end through the simulator: 发起申诉 on a scorecard card → the reason → an image as
 * evidence → the leader's card → 同意 → the employee's outcome card; the text path; 驳回; repeated
 * and foreign taps; an expired window; a media_id WeCom no longer has; 我的申诉.
 * 赵磊 and 孙丽 report to 李华; HR (何萍) gets appeals too (PERFBOT_APPEALS_TO_HR=1).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appealStartKey, appealEvidenceKey } from '../../cards/appeal-keys';
import { Appeal, AuditEntry, MetricAssignment, MetricRecord, ScoreSnapshot } from '../../src/entities';
import { parsePeriod } from '../../src/domain/periods';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import type { ButtonInteractionCard } from '../../src/wecom/api-types';
import { buildInboundXml } from '../../src/wecom/envelope';
import { manualClock } from '../helpers/simulator';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';

const NOW = new Date('2026-11-27T09:00:00Z'); // Friday 17:00 in Shanghai, week 2026-W48
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xd9]);

describe('申诉 (appeals) through WeCom', () => {
  let h: Harness;
  let dataDir: string;
  const clock = manualClock(NOW);
  let msgId = 7_400_000_000_000_000_000n;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-appeals-'));
    h = await startHarness({
      app: { clock },
      env: { PERFBOT_HR_USERIDS: 'heping', PERFBOT_APPEALS_TO_HR: '1', PERFBOT_DATA_DIR: dataDir, WECOM_CALLBACK_MAX_SKEW_S: '0' },
    });
  });
  afterEach(() => {
    // every refusal above is a UserError answer; no handler may have crashed, no message dropped
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
  const sendMedia = async (from: string, mediaId: string) => {
    const id = String(msgId++);
    await h.sim.deliverCallback(
      buildInboundXml({ kind: 'image', toUser: TEST_WECOM.corpId, fromUser: from, createTime: Math.floor(Date.now() / 1000), msgId: id, picUrl: 'https://p.example/x.jpg', mediaId, agentId: TEST_WECOM.agentId }),
    );
    await h.app.settle();
  };
  const sendImage = async (from: string, filename: string, data = JPEG) => {
    const up = await h.app.wecom.uploadMedia('image', filename, data, 'image/jpeg');
    await sendMedia(from, up.mediaId);
  };
  const textsTo = (user: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(user) && m.msgtype === 'text').map((m) => (m.body.text as { content: string }).content);
  const lastText = (user: string) => textsTo(user).at(-1) ?? '';
  const cardsTo = (user: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(user) && m.msgtype === 'template_card').map((m) => ({ ...m, card: m.body.template_card as ButtonInteractionCard }));
  const lastCard = (user: string) => cardsTo(user).at(-1)!;
  const appeals = (userId: string) => h.ds.getRepository(Appeal).find({ where: { userId }, order: { id: 'ASC' } });

  /** The weekly scorecard card (a later issue builds the real one) with its two appeal buttons. */
  const sendScorecard = async (userId: string, periodKey: string) => {
    const taskId = `scorecard-${userId}-${periodKey}-${Date.now()}`;
    await h.app.wecom.sendMessage({
      touser: [userId], msgtype: 'template_card',
      template_card: {
        card_type: 'button_interaction', task_id: taskId, main_title: { title: `本周得分 ${periodKey}` },
        button_list: [{ text: '发起申诉', key: appealStartKey(periodKey) }, { text: '补充材料', key: appealEvidenceKey(periodKey) }],
      },
    });
    return taskId;
  };

  it('runs the whole path: tap 发起申诉, reason, image, leader agrees, employee told, evidence on disk, audited', async () => {
    const scorecard = await sendScorecard('zhaolei', '2026-W48');
    await tap('zhaolei', appealStartKey('2026-W48'), scorecard);
    expect(lastText('zhaolei')).toContain('请在 30 分钟内直接回复申诉理由');
    expect(await appeals('zhaolei')).toHaveLength(0);

    await text('zhaolei', '周三设备停机两小时，报工数少了，不是我的原因');
    const [appeal] = await appeals('zhaolei');
    expect(appeal).toMatchObject({ periodKey: '2026-W48', status: 'pending', reason: '周三设备停机两小时，报工数少了，不是我的原因', evidence: [] });
    const request = lastCard('lihua');
    expect(request.recipients.sort()).toEqual(['heping', 'lihua']);
    expect(request.card.main_title?.title).toBe(`员工申诉待处理 #${appeal.id}`);
    expect(request.card.sub_title_text).toContain('周三设备停机两小时');
    expect(request.card.horizontal_content_list).toEqual(expect.arrayContaining([
      { keyname: '申诉人', value: '赵磊（生产部）' }, { keyname: '周期', value: '2026-W48' }, { keyname: '证据', value: '0 份' },
    ]));
    expect(request.card.button_list.map((b) => [b.text, b.key])).toEqual([
      ['更正数据', `appeal:correct:${appeal.id}`], ['调整得分', `appeal:adjust:${appeal.id}`], ['驳回', `appeal:reject:${appeal.id}`],
    ]);
    expect(lastText('zhaolei')).toContain(`申诉 #${appeal.id} 已提交给李华、何萍`);

    await sendImage('zhaolei', 'machine-log.jpg');
    const withEvidence = (await appeals('zhaolei'))[0];
    expect(withEvidence.evidence).toHaveLength(1);
    const file = withEvidence.evidence[0];
    expect(file.filename).toBe('machine-log.jpg');
    expect(fs.readFileSync(path.join(dataDir, file.storedPath!))).toEqual(JPEG);
    expect(file.storedPath).toMatch(new RegExp(`^evidence/appeals/${appeal.id}/`));
    expect(lastText('lihua')).toBe(`赵磊的申诉 #${appeal.id}（2026-W48）补充材料 +1：machine-log.jpg（共 1 份）`);
    expect(lastText('zhaolei')).toContain('已保存证据：machine-log.jpg（共 1 份）');
    // The approvers get the picture itself, uploaded again from the stored copy.
    const forwarded = h.sim.sent.filter((m) => m.msgtype === 'image' && m.recipients.includes('lihua'));
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0].recipients.sort()).toEqual(['heping', 'lihua']);
    const mediaId = (forwarded[0].body.image as { media_id: string }).media_id;
    expect(h.sim.media.find((m) => m.mediaId === mediaId)?.data).toEqual(JPEG);

    await text('zhaolei', '完成');
    expect(lastText('zhaolei')).toContain('共有 1 份证据');

    // 李华 corrects the data: the MES missed the night shift's work orders (12 recorded, 24 done)
    await h.ds.getRepository(MetricAssignment).insert({ userId: 'zhaolei', metricCode: 'work_orders_completed', periodKey: '', target: 120, weight: 100, floor: false, updatedAt: NOW });
    const { identifiers } = await h.ds.getRepository(MetricRecord).insert({
      userId: 'zhaolei', input: 'completed', value: 12, occurredAt: new Date('2026-11-25T02:00:00Z'), source: 'MES', externalId: 'WO-48-1', ref: 'WO-48-1', createdAt: NOW,
    });
    const recordId = identifiers[0].id as number;
    const week = parsePeriod('2026-W48', 'Asia/Shanghai');
    const before = (await computeEmployeeScorecard(h.ds, 'zhaolei', week, 'Asia/Shanghai'))!.totalDisplay;
    const updatesBefore = h.sim.cardUpdates.length;
    await tap('lihua', `appeal:correct:${appeal.id}`, request.taskId!);
    expect(lastText('lihua')).toContain(`#${recordId} 工单完成数·完成工单数 12（11-25 10:00 WO-48-1）`);
    expect(lastText('lihua')).toMatch(/请在 \d\d:\d\d 前回复/);
    expect((await appeals('zhaolei'))[0].status).toBe('pending');
    await text('lihua', `#${recordId} 24 MES 漏记了夜班的 12 单`);
    const after = (await computeEmployeeScorecard(h.ds, 'zhaolei', week, 'Asia/Shanghai'))!.totalDisplay;
    expect(Number(after)).toBeGreaterThan(Number(before));
    expect((await h.ds.getRepository(MetricRecord).findOneByOrFail({ id: recordId })).value).toBe(24);
    const decided = (await appeals('zhaolei'))[0];
    expect(decided).toMatchObject({ status: 'accepted', handlerId: 'lihua', decisionNote: 'MES 漏记了夜班的 12 单' });
    expect(decided.outcome).toMatchObject({ kind: 'corrected', totalBefore: before, totalAfter: after, record: { id: recordId, before: 12, after: 24 } });
    expect(decided.decidedAt?.getTime()).toBe(NOW.getTime());
    const update = h.sim.cardUpdates[updatesBefore];
    expect(update).toMatchObject({ userids: ['lihua'], mode: 'template_card' });
    expect(update.templateCard).toMatchObject({ replace_text: '已更正数据', task_id: request.taskId });
    const outcome = lastCard('zhaolei');
    expect(outcome.recipients).toEqual(['zhaolei']);
    expect(outcome.card.main_title?.title).toBe(`申诉已更正数据 #${appeal.id}`);
    expect(outcome.card.horizontal_content_list).toEqual(expect.arrayContaining([
      { keyname: '处理人', value: '李华' }, { keyname: '本期得分', value: `${before} → ${after}` }, { keyname: '更正', value: '工单完成数·完成工单数 12 → 24' },
    ]));
    expect(outcome.card.sub_title_text).toContain('处理说明：MES 漏记了夜班的 12 单');
    expect(lastText('lihua')).toBe(`申诉 #${appeal.id} 更正数据完成：工单完成数·完成工单数 12 → 24；总分 ${before} → ${after}。已通知赵磊。`);

    const audit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ entity: 'appeal', entityId: String(appeal.id) });
    expect(audit).toMatchObject({ actor: 'user:lihua', action: 'appeal.correct', subjectUserId: 'zhaolei' });
    expect(audit.before).toMatchObject({ status: 'pending', total: before });
    expect(audit.after).toMatchObject({ status: 'accepted', handlerId: 'lihua', total: after });
    const recordAudit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ entity: 'metric_record', entityId: String(recordId) });
    expect(recordAudit).toMatchObject({ actor: 'user:lihua', action: 'record.corrected', subjectUserId: 'zhaolei' });
    expect(recordAudit.reason).toContain(`appeal:${appeal.id}`);
    expect(await h.ds.getRepository(ScoreSnapshot).findOneBy({ userId: 'zhaolei', periodKey: '2026-W48' })).toMatchObject({ total: Number(after) });

    // HR's copy of the card, tapped after the leader decided: refused, nothing changes
    const sentBefore = h.sim.sent.length;
    await tap('heping', `appeal:reject:${appeal.id}`, request.taskId!);
    expect(lastText('heping')).toBe('该申诉已由李华处理（已同意），无需重复操作。');
    expect((await appeals('zhaolei'))[0]).toMatchObject({ status: 'accepted', handlerId: 'lihua' });
    expect(h.sim.sent.length).toBe(sentBefore + 1);
    await h.ds.getRepository(MetricAssignment).delete({ userId: 'zhaolei' });
    expect(await h.ds.getRepository(AuditEntry).countBy({ entity: 'appeal', entityId: String(appeal.id) })).toBe(1);
  });

  it('takes 申诉 <理由> as text; 驳回 tells the employee; a second tap and a stranger change nothing', async () => {
    await text('sunli', '申诉 2026-W47 上周有两天被派去仓库帮忙，工单数不应按全周计算');
    const [appeal] = await appeals('sunli');
    expect(appeal).toMatchObject({ periodKey: '2026-W47', status: 'pending' });
    const request = lastCard('lihua');
    expect(request.card.main_title?.desc).toContain('孙丽 · 2026年第47周');

    await tap('wangqiang', `appeal:accept:${appeal.id}`, request.taskId!); // the leader's leader: not the approver
    expect(lastText('wangqiang')).toBe('只有申诉人的直属上级或 HR 可以处理这条申诉。');
    await tap('zhaolei', `appeal:accept:${appeal.id}`, request.taskId!);
    expect(lastText('zhaolei')).toBe('只有申诉人的直属上级或 HR 可以处理这条申诉。');
    expect((await appeals('sunli'))[0].status).toBe('pending');

    await tap('lihua', `appeal:reject:${appeal.id}`, request.taskId!);
    expect(lastText('lihua')).toContain('请回复驳回理由');
    expect((await appeals('sunli'))[0].status).toBe('pending');
    await text('lihua', '上周仓库支援已按实际出勤折算目标，数据无误');
    expect((await appeals('sunli'))[0]).toMatchObject({ status: 'rejected', handlerId: 'lihua', decisionNote: '上周仓库支援已按实际出勤折算目标，数据无误' });
    const outcome = lastCard('sunli');
    expect(outcome.card.main_title?.title).toBe(`申诉已驳回 #${appeal.id}`);
    expect(outcome.card.sub_title_text).toContain('未通过');
    expect(outcome.card.sub_title_text).toContain('驳回理由：上周仓库支援已按实际出勤折算目标，数据无误');
    expect(h.sim.cardUpdates.at(-1)?.templateCard).toMatchObject({ replace_text: '已驳回' });
    const audit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ entity: 'appeal', entityId: String(appeal.id) });
    expect(audit).toMatchObject({ action: 'appeal.reject', actor: 'user:lihua' });
    expect(audit.reason).toContain('上周仓库支援已按实际出勤折算目标');

    const cardsBefore = cardsTo('sunli').length;
    await tap('lihua', `appeal:accept:${appeal.id}`, request.taskId!);
    expect(lastText('lihua')).toBe('该申诉已由李华处理（已驳回），无需重复操作。');
    expect((await appeals('sunli'))[0].status).toBe('rejected');
    expect(cardsTo('sunli')).toHaveLength(cardsBefore);
  });

  it('answers 申诉 alone with the usage, refuses a future period and a second pending appeal for the same week', async () => {
    await text('chenjing', '申诉');
    expect(lastText('chenjing')).toContain('申诉用法');
    await text('chenjing', '申诉 2026-W52 还没到的周');
    expect(lastText('chenjing')).toContain('还没有开始');
    await text('chenjing', '申诉 工艺评审被记成缺席');
    expect(await appeals('chenjing')).toHaveLength(1);
    expect(lastCard('liuyang').card.horizontal_content_list).toEqual(expect.arrayContaining([{ keyname: '周期', value: '2026-W48' }]));
    await text('chenjing', '完成');
    await text('chenjing', '申诉 再申诉一次');
    expect(lastText('chenjing')).toContain('已有待处理的申诉');
    expect(await appeals('chenjing')).toHaveLength(1);
  });

  it('after the window: the text is not a reason, an image gets a hint, 补充材料 reopens the window', async () => {
    const scorecard = await sendScorecard('yangfan', '2026-W48');
    await tap('yangfan', appealStartKey('2026-W48'), scorecard);
    clock.advance(31 * 60_000);
    await text('yangfan', '理由写晚了');
    expect(await appeals('yangfan')).toHaveLength(0);
    expect(lastText('yangfan')).toContain('没有听懂');

    await text('yangfan', '申诉 试制任务被算进了量产工单');
    const [appeal] = await appeals('yangfan');
    clock.advance(31 * 60_000);
    await sendImage('yangfan', 'late.jpg');
    expect(lastText('yangfan')).toBe('申诉补充材料的时间已过，请点击卡片上的「补充材料」（或发送“补充材料”）重新开始，再发送图片或文件。');
    expect((await appeals('yangfan'))[0].evidence).toHaveLength(0);

    await tap('yangfan', appealEvidenceKey('2026-W48'), scorecard);
    expect(lastText('yangfan')).toContain(`申诉 #${appeal.id}（2026-W48）的证据`);
    await sendImage('yangfan', 'plan.png');
    expect((await appeals('yangfan'))[0].evidence.map((e) => e.filename)).toEqual(['plan.png']);
  });

  it('tells the member when WeCom no longer has the file, and stores nothing', async () => {
    await text('wuhao', '申诉 抽检数量统计有误');
    const [appeal] = await appeals('wuhao');
    await sendMedia('wuhao', 'expired-media-id-0000');
    expect(lastText('wuhao')).toContain('无法获取您发送的文件');
    expect((await appeals('wuhao'))[0].evidence).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'evidence', 'appeals', String(appeal.id)))).toBe(false);
    await sendImage('wuhao', 'ok.jpg'); // the conversation is still open
    expect((await appeals('wuhao'))[0].evidence).toHaveLength(1);
  });

  it('lists 我的申诉: pending first, then decided ones with who decided', async () => {
    await text('sunli', '申诉 本周夜班的产量没有统计进来');
    await text('sunli', '完成');
    await text('sunli', '我的申诉');
    const list = lastText('sunli');
    expect(list).toContain('我的申诉（待处理 1 条）');
    expect(list.indexOf('2026-W48 待处理')).toBeLessThan(list.indexOf('2026-W47 已驳回'));
    expect(list).toContain('处理：李华');
    await text('fengxue', '我的申诉');
    expect(lastText('fengxue')).toContain('您还没有申诉记录');
  });

  it('within the window: an image before the reason is refused, files arriving together are all kept, a command ends it', async () => {
    const scorecard = await sendScorecard('fengxue', '2026-W48');
    await tap('fengxue', appealStartKey('2026-W48'), scorecard);
    await sendImage('fengxue', 'early.jpg');
    expect(lastText('fengxue')).toBe('请先用一条文字消息说明申诉理由，再发送图片或文件。');
    await text('fengxue', '盘点差异是系统出入库延迟造成的');
    const [appeal] = await appeals('fengxue');
    expect(lastCard('zhengyu').card.main_title?.title).toBe(`员工申诉待处理 #${appeal.id}`);

    const photo = await h.app.wecom.uploadMedia('image', 'shelf.jpg', JPEG, 'image/jpeg');
    const report = await h.app.wecom.uploadMedia('file', '出入库记录.xlsx', Buffer.from('PK-fake-xlsx-bytes'), 'application/octet-stream');
    const at = Math.floor(Date.now() / 1000);
    await Promise.all([
      h.sim.deliverCallback(buildInboundXml({ kind: 'image', toUser: TEST_WECOM.corpId, fromUser: 'fengxue', createTime: at, msgId: String(msgId++), picUrl: 'https://p.example/s.jpg', mediaId: photo.mediaId, agentId: TEST_WECOM.agentId })),
      h.sim.deliverCallback(buildInboundXml({ kind: 'file', toUser: TEST_WECOM.corpId, fromUser: 'fengxue', createTime: at, msgId: String(msgId++), mediaId: report.mediaId, agentId: TEST_WECOM.agentId })),
    ]);
    await h.app.settle();
    const evidence = (await appeals('fengxue'))[0].evidence;
    expect(evidence.map((e) => e.filename).sort()).toEqual(['shelf.jpg', '出入库记录.xlsx'].sort());
    const xlsx = evidence.find((e) => e.filename === '出入库记录.xlsx')!;
    expect(fs.readFileSync(path.join(dataDir, xlsx.storedPath!)).toString()).toBe('PK-fake-xlsx-bytes');

    await text('fengxue', '我的申诉'); // a command: the window closes and the command runs
    expect(lastText('fengxue')).toContain('证据 2 份');
    await sendImage('fengxue', 'after.jpg');
    expect(lastText('fengxue')).toContain('时间已过');
    expect((await appeals('fengxue'))[0].evidence).toHaveLength(2);
  });

  it('取消 while adding evidence ends the window but says the appeal stays pending', async () => {
    await text('zhengyu', '申诉 本周工艺评审被记成缺席，实际在外协厂');
    const [appeal] = await appeals('zhengyu');
    expect(appeal.status).toBe('pending');
    await text('zhengyu', '取消');
    expect(lastText('zhengyu')).toContain('申诉已提交，仍在等待处理');
    expect((await appeals('zhengyu'))[0].status).toBe('pending');
    await sendImage('zhengyu', 'late.jpg');
    expect(lastText('zhengyu')).toContain('时间已过');
  });
});
