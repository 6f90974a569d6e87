/**
 * The weekly alert job through WeCom-shaped traffic: 赵磊's work orders drop two weeks running, his
 * leader 李华 gets one card (two instances racing), no repeat while the episode lasts, recovery
 * closes it, a new drop opens a new one; the buttons record actions; 预警 and 预警规则 answer by role.
 */
import { Alert } from '../../src/alerts/alert.entity';
import { AlertAction } from '../../src/alerts/alert-action.entity';
import { alertsJob } from '../../src/alerts/alerts-job';
import { AlertRule } from '../../src/alerts/alert-rule.entity';
import type { App } from '../../src/app';
import { AuditEntry, MetricRecord } from '../../src/entities';
import type { JobDefinition } from '../../src/jobs/job';
import { createJobContext, type RunTally } from '../../src/jobs/runner-context';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import { buttonKey, cardsTo, lastTextTo, lastUpdate, textsTo } from '../helpers/inbox';
import { startAt, type ClockedHarness } from '../jobs/review-todo-helpers';
import { assign, completedRecord, insertRecords, onlyDeliveryRule, seedLibrary, weeksEnding } from './seed-history';

const local = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);
const MONDAY_W49 = local('2026-11-30 09:00'); // evaluates 2026-W48
const weeks = weeksEnding('2026-W52', 30);
const idx = (key: string) => weeks.findIndex((w) => w.key === key);

let runId = 1000;
async function runOn(h: ClockedHarness, app: App, job: JobDefinition, firedAt: Date): Promise<RunTally> {
  h.setNow(firedAt);
  const tally: RunTally = { queued: 0, duplicates: 0, skipped: [], messages: [] };
  const run = { id: runId++, job: job.name, periodKey: job.periodKeyFor(firedAt, h.config.timezone), firedAt, dryRun: false };
  await job.run(createJobContext({ ds: h.ds, services: app.services, log: app.logger, run, tally, checkpoint: () => undefined }));
  return tally;
}

describe('early warnings end to end', () => {
  let h: ClockedHarness;
  let ruleId: number;
  beforeEach(async () => {
    h = await startAt(DEMO_ORG, MONDAY_W49);
    await seedLibrary(h.ds);
    await assign(h.ds, ['zhaolei', 'sunli'], 'work_orders_completed', 170);
    ruleId = (await onlyDeliveryRule(h.ds)).id;
    // 赵磊: 40 a week, then 30 in W47–W49, 41 in W50, 30 again in W51–W52. 孙丽: 44 every week.
    const low = new Set(['2026-W47', '2026-W48', '2026-W49', '2026-W51', '2026-W52']);
    await insertRecords(h.ds, [
      ...weeks.map((w) => completedRecord('zhaolei', w, low.has(w.key) ? 30 : w.key === '2026-W50' ? 41 : 40)),
      ...weeks.map((w) => completedRecord('sunli', w, 44)),
    ]);
    expect(idx('2026-W47')).toBeGreaterThan(8);
  });
  afterEach(async () => {
    await h.close();
  });

  const alerts = () => h.ds.getRepository(Alert).find({ order: { id: 'ASC' } });

  it('sends one card per episode, across two instances, and closes the episode when the metric recovers', async () => {
    const second = await h.restart();
    await Promise.all([runOn(h, h.app, alertsJob, MONDAY_W49), runOn(h, second, alertsJob, MONDAY_W49)]);
    await h.app.settle();
    await second.settle();
    let rows = await alerts();
    expect(rows).toEqual([expect.objectContaining({ ruleId, userId: 'zhaolei', episodeKey: '2026-W47', firedWeekKey: '2026-W48', baseline: 40, baselineSource: 'own', status: 'open' })]);
    expect(cardsTo(h, 'lihua')).toHaveLength(1);
    expect(cardsTo(h, 'zhaolei')).toHaveLength(0); // audience: supervisor only
    const { card } = cardsTo(h, 'lihua')[0];
    expect(card.main_title).toEqual({ title: '预警：赵磊的工单完成数', desc: '工单完成数 连续 2 周低于基线 15%' });
    expect(card.horizontal_content_list).toEqual([
      { keyname: '基线', value: '40单（本人近 8 周中位数）' },
      { keyname: 'W45', value: '40（0%）' },
      { keyname: 'W46', value: '40（0%）' },
      { keyname: 'W47', value: '30（-25%）' },
      { keyname: 'W48', value: '30（-25%）' },
    ]);
    expect(card.sub_title_text).toMatch(/^此规则尚未被历史数据证实/);
    expect(card.quote_area?.quote_text).toContain('带教：同岗位表现最好的 孙丽');
    expect(card.button_list.map((b) => b.text)).toEqual(['安排带教', '安排培训', '已沟通', '暂不处理']);

    // W49: still low, the episode lasts: nothing new.
    await runOn(h, h.app, alertsJob, local('2026-12-07 09:00'));
    await h.app.settle();
    expect(await alerts()).toHaveLength(1);
    expect(cardsTo(h, 'lihua')).toHaveLength(1);

    // W50: back at baseline: the episode closes.
    await runOn(h, h.app, alertsJob, local('2026-12-14 09:00'));
    rows = await alerts();
    expect(rows[0]).toMatchObject({ status: 'recovered', closedWeekKey: '2026-W50' });

    // W51–W52 low again: a new episode, a new card.
    await runOn(h, h.app, alertsJob, local('2026-12-21 09:00'));
    await runOn(h, h.app, alertsJob, local('2026-12-28 09:00'));
    // Both instances send from the one outbox: either may have taken the card.
    await h.app.settle();
    await second.settle();
    rows = await alerts();
    expect(rows.map((r) => [r.episodeKey, r.status])).toEqual([['2026-W47', 'recovered'], ['2026-W51', 'open']]);
    expect(cardsTo(h, 'lihua')).toHaveLength(2);
  });

  it('delivers the card of an episode a stopped run opened but never sent', async () => {
    await h.ds.getRepository(Alert).insert({
      ruleId, userId: 'zhaolei', episodeKey: '2026-W47', firedWeekKey: '2026-W48', baseline: 40, baselineSource: 'own', weekValues: [], evidence: '', mentors: [],
      status: 'open', action: null, closedWeekKey: null, openedAt: MONDAY_W49, closedAt: null,
    });
    await runOn(h, h.app, alertsJob, MONDAY_W49);
    await h.app.settle();
    expect(await alerts()).toHaveLength(1);
    expect(cardsTo(h, 'lihua')).toHaveLength(1);
    await runOn(h, h.app, alertsJob, MONDAY_W49); // the same week again: the outbox key holds
    await h.app.settle();
    expect(cardsTo(h, 'lihua')).toHaveLength(1);
  });

  it('records the buttons, refuses others, takes a reason for 暂不处理, and reports recovery per action', async () => {
    await h.ds.getRepository(AlertRule).update({ id: ruleId }, { audience: 'supervisor_employee' });
    await runOn(h, h.app, alertsJob, MONDAY_W49);
    await h.app.settle();
    expect(textsTo(h, 'zhaolei').join('\n')).toContain('提醒：您的工单完成数近期低于您的常态');
    const { card, taskId } = cardsTo(h, 'lihua')[0];

    await h.sim.tapButton('sunli', { eventKey: buttonKey(card, '安排带教'), taskId });
    await h.app.settle();
    expect(lastTextTo(h, 'sunli')).toBe('只有该员工的上级或 HR 可以处理这条预警。');
    expect(await h.ds.getRepository(AlertAction).count()).toBe(0);

    await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '安排带教'), taskId });
    await h.app.settle();
    expect(lastUpdate(h)).toMatchObject({ task_id: taskId, replace_text: '已安排带教', quote_area: card.quote_area, horizontal_content_list: card.horizontal_content_list });
    expect(lastTextTo(h, 'lihua')).toBe('已记录：赵磊 —— 已安排带教。指标回到基线时预警会自动结束。处理效果可发送“预警”查看。');
    expect((await alerts())[0].action).toBe('mentor');
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'alert.mentor' })).toBe(1);

    await h.sim.tapButton('lihua', { eventKey: buttonKey(card, '暂不处理'), taskId });
    await h.app.settle();
    expect(lastTextTo(h, 'lihua')).toContain('请直接回复原因');
    await h.sim.sendText('lihua', '设备故障已报修');
    await h.app.settle();
    expect(lastTextTo(h, 'lihua')).toBe('已记录暂不处理的原因：设备故障已报修');
    const actions = await h.ds.getRepository(AlertAction).find({ order: { id: 'ASC' } });
    expect(actions.map((a) => [a.actorId, a.action, a.note])).toEqual([['lihua', 'mentor', ''], ['lihua', 'skip', '设备故障已报修']]);

    // 预警 for the leader: his report's open alert; for someone without reports: a clear no.
    await h.sim.sendText('lihua', '预警');
    await h.app.settle();
    expect(textsTo(h, 'lihua').slice(-2)[0]).toMatch(/\*\*预警（1 条进行中）\*\*\n- 赵磊：工单完成数 连续 2 周低于基线 15%，基线 40，2026-W48 为 30；已处理/);
    await h.sim.sendText('sunli', '预警');
    await h.app.settle();
    expect(lastTextTo(h, 'sunli')).toBe('“预警”供 HR 和有下属的主管使用：您目前没有下属。');

    // Recovery in W50 (2 weeks after firing): counted for the latest action, 暂不处理.
    await runOn(h, h.app, alertsJob, local('2026-12-14 09:00'));
    await h.sim.sendText('heping', '预警');
    await h.app.settle();
    const hr = textsTo(h, 'heping').slice(-2).join('\n');
    expect(hr).toContain('目前没有进行中的预警。');
    expect(hr).toContain(`#${ruleId} 工单完成数 连续 2 周低于基线 15%：触发后未达标`);
    expect(hr).toContain('暂不处理：1 条中 1 条在 4 周内回到基线（100%）');
  });

  it('reports recovery per action and for the alerts nobody handled, from the actions taken in WeCom', async () => {
    // 孙丽 drops too (44 → 30 from W47) and never recovers; 赵磊 is back in W50.
    await h.ds.getRepository(MetricRecord).delete({ userId: 'sunli' });
    await insertRecords(h.ds, weeks.map((w) => completedRecord('sunli', w, idx(w.key) >= idx('2026-W47') ? 30 : 44)));
    await runOn(h, h.app, alertsJob, MONDAY_W49);
    await h.app.settle();
    // The outbox sends with several workers at once: the two cards may arrive in either order.
    const cards = cardsTo(h, 'lihua');
    expect(cards.map((c) => c.card.main_title?.title).sort()).toEqual(['预警：孙丽的工单完成数', '预警：赵磊的工单完成数'].sort());
    const zhao = cards.find((c) => c.card.main_title?.title === '预警：赵磊的工单完成数')!;
    await h.sim.tapButton('lihua', { eventKey: buttonKey(zhao.card, '已沟通'), taskId: zhao.taskId });
    await h.app.settle();
    expect(await h.ds.getRepository(AlertAction).count()).toBe(1);

    for (const day of ['2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']) await runOn(h, h.app, alertsJob, local(`${day} 09:00`));
    await h.sim.sendText('heping', '预警');
    await h.app.settle();
    const hr = textsTo(h, 'heping').slice(-2).join('\n');
    // 赵磊's first episode (已沟通) closed in W50, 2 weeks after firing; 孙丽's (未处理) is open 5 weeks on;
    // 赵磊's second episode (W52) has had 1 week: not judged yet.
    expect(hr).toContain('**预警（2 条进行中）**');
    expect(hr).toContain('已沟通：1 条中 1 条在 4 周内回到基线（100%）');
    expect(hr).toContain('未处理：1 条中 0 条在 4 周内回到基线（0%）');
    expect(hr).not.toContain('暂不处理：');
  });

  it('lets HR edit rules by chat, audited, and nobody else', async () => {
    await h.sim.sendText('zhaolei', '预警规则');
    await h.app.settle();
    expect(lastTextTo(h, 'zhaolei')).toBe('只有 HR 可以查看和设置预警规则。主管可发送“预警”查看下属的预警。');

    await h.sim.sendText('heping', '预警规则 新增 良品率 低于 5% 连续 3 周 通知本人');
    await h.app.settle();
    const rule = await h.ds.getRepository(AlertRule).findOneByOrFail({ metricCode: 'yield_rate', thresholdPct: 5 });
    expect(rule).toMatchObject({ direction: 'below', weeks: 3, audience: 'supervisor_employee', active: true });
    expect(lastTextTo(h, 'heping')).toContain(`已保存预警规则 #${rule.id}：良品率 连续 3 周低于基线 5%`);

    // One at a time: messages sent together are handled concurrently, in no set order.
    for (const text of [`预警规则 停用 ${rule.id}`, '预警规则 新增 不存在的指标 低于 5% 连续 3 周', '预警规则 新增 良品率 低于 150% 连续 3 周']) {
      await h.sim.sendText('heping', text);
      await h.app.settle();
    }
    expect((await h.ds.getRepository(AlertRule).findOneByOrFail({ id: rule.id })).active).toBe(false);
    const replies = textsTo(h, 'heping').slice(-2);
    expect(replies[0]).toContain('没有找到指标“不存在的指标”');
    expect(replies[1]).toBe('幅度应大于 0%（“低于”时小于 100%）。');
    // The list: every rule (10 shipped, the test's, HR's), in messages WeCom will not truncate (2,048 bytes).
    const before = textsTo(h, 'heping').length;
    await h.sim.sendText('heping', '预警规则');
    await h.app.settle();
    const list = textsTo(h, 'heping').slice(before);
    expect(list.length).toBeGreaterThanOrEqual(1);
    for (const m of list) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(2048);
    expect(list.join('\n').match(/^#\d+ /gm)).toHaveLength(12);
    expect(list.join('\n')).toContain('设备停机时长 连续 2 周高于基线 50%（通知上级，已停用）');
    const audits = await h.ds.getRepository(AuditEntry).find({ where: { entity: 'alert_rule' }, order: { id: 'ASC' } });
    expect(audits.map((a) => [a.actor, a.action])).toEqual([['user:heping', 'alert_rule.add'], ['user:heping', 'alert_rule.disable']]);
  });

  it('puts the suggestions HR maintains on the card', async () => {
    await h.sim.sendText('lihua', '预警建议 新增 培训 随便写');
    await h.sim.sendText('heping', '预警建议 新增 培训 工单完成数 排产软件操作培训');
    await h.app.settle();
    await h.sim.sendText('heping', '预警建议 新增 培训 良品率 不该出现在工单卡片上');
    await h.app.settle();
    expect(lastTextTo(h, 'lihua')).toBe('只有 HR 可以维护预警建议。');
    expect(textsTo(h, 'heping')[0]).toMatch(/^已新增预警建议 #\d+：培训（工单完成数）：排产软件操作培训$/);
    await h.sim.sendText('heping', '预警建议');
    await h.app.settle();
    expect(lastTextTo(h, 'heping')).toContain('培训（work_orders_completed）：排产软件操作培训');
    await runOn(h, h.app, alertsJob, MONDAY_W49);
    await h.app.settle();
    expect(cardsTo(h, 'lihua')[0].card.quote_area?.quote_text).toBe(
      '带教：同岗位表现最好的 孙丽\n培训：岗位技能复训（班组内训）；排产软件操作培训\n沟通：一对一沟通：了解近两周的困难（设备、物料、排班、个人情况）',
    );
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'alert_suggestion.add' })).toBe(2);
  });
});
