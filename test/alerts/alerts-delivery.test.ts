/**
 * How alerts reach supervisors: quiet hours hold them in the outbox until they end (delivered then,
 * not dropped), and a supervisor with many reports gets one weekly digest card instead of one card
 * per person, whose 逐条处理 button brings the individual cards. WeCom simulator, frozen clock.
 */
import { Alert } from '../../src/alerts/alert.entity';
import { AlertAction } from '../../src/alerts/alert-action.entity';
import { alertsJob } from '../../src/alerts/alerts-job';
import { parseQuietHours, quietUntil, usesDigest } from '../../src/alerts/delivery';
import { loadConfig } from '../../src/config';
import { OutboxMessage } from '../../src/entities';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import { buttonKey, cardsTo, lastTextTo } from '../helpers/inbox';
import { runJobAt, startAt, type ClockedHarness } from '../jobs/review-todo-helpers';
import { assign, completedRecord, insertRecords, onlyDeliveryRule, seedLibrary, TZ, weeksEnding } from './seed-history';

const local = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);
const MONDAY_W49 = local('2026-11-30 09:00'); // evaluates 2026-W48
const weeks = weeksEnding('2026-W52', 30);
const idx = (key: string) => weeks.findIndex((w) => w.key === key);

describe('quiet hours and the digest (pure)', () => {
  it('finds the end of quiet hours, across midnight or not', () => {
    const night = parseQuietHours('22:00-08:30');
    expect(quietUntil(local('2026-11-29 23:15'), night, TZ)).toEqual(local('2026-11-30 08:30'));
    expect(quietUntil(local('2026-11-30 07:59'), night, TZ)).toEqual(local('2026-11-30 08:30'));
    expect(quietUntil(local('2026-11-30 08:30'), night, TZ)).toBeNull();
    expect(quietUntil(local('2026-11-30 21:59'), night, TZ)).toBeNull();
    const lunch = parseQuietHours('12:00-13:30');
    expect(quietUntil(local('2026-11-30 12:10'), lunch, TZ)).toEqual(local('2026-11-30 13:30'));
    expect(quietUntil(local('2026-11-30 11:00'), lunch, TZ)).toBeNull();
    expect(quietUntil(local('2026-11-30 03:00'), null, TZ)).toBeNull();
    expect(() => parseQuietHours('22点-8点')).toThrow('22:00-08:00');
    expect(() => parseQuietHours('08:00-08:00')).toThrow();
  });

  it('reads both settings from the environment and refuses nonsense', () => {
    expect(loadConfig({ PERFBOT_ALERT_QUIET_HOURS: '21:30-07:00', PERFBOT_ALERT_DIGEST_MIN_REPORTS: '8' }).alerts).toEqual({ quietHours: { start: 1290, end: 420 }, digestMinReports: 8 });
    expect(loadConfig({}).alerts).toEqual({ quietHours: null, digestMinReports: 0 });
    expect(() => loadConfig({ PERFBOT_ALERT_QUIET_HOURS: '25:00-07:00' })).toThrow('PERFBOT_ALERT_QUIET_HOURS must look like 22:00-08:00');
    expect(usesDigest({ quietHours: null, digestMinReports: 0 }, 500)).toBe(false);
    expect(usesDigest({ quietHours: null, digestMinReports: 8 }, 7)).toBe(false);
    expect(usesDigest({ quietHours: null, digestMinReports: 8 }, 8)).toBe(true);
  });
});

describe('alert delivery through WeCom', () => {
  let h: ClockedHarness;
  beforeEach(async () => {
    h = await startAt(DEMO_ORG, MONDAY_W49);
    await seedLibrary(h.ds);
    await assign(h.ds, ['zhaolei', 'sunli'], 'work_orders_completed', 170);
    await onlyDeliveryRule(h.ds);
    // Both of 李华's operators drop from W47: 赵磊 40 → 30, 孙丽 44 → 30.
    await insertRecords(h.ds, [
      ...weeks.map((w) => completedRecord('zhaolei', w, idx(w.key) >= idx('2026-W47') ? 30 : 40)),
      ...weeks.map((w) => completedRecord('sunli', w, idx(w.key) >= idx('2026-W47') ? 30 : 44)),
    ]);
  });
  afterEach(async () => {
    await h.close();
  });

  it('holds alerts generated in quiet hours and delivers them when the quiet hours end', async () => {
    h.app.services.config.alerts = { quietHours: parseQuietHours('22:00-09:30'), digestMinReports: 0 };
    await runJobAt(h, alertsJob, MONDAY_W49); // 09:00: quiet
    expect(await h.ds.getRepository(Alert).count()).toBe(2);
    expect(cardsTo(h, 'lihua')).toHaveLength(0);
    const held = await h.ds.getRepository(OutboxMessage).find({ where: { status: 'pending' } });
    expect(held.map((r) => [r.recipients, r.nextAttemptAt.toISOString()])).toEqual([
      ['lihua', local('2026-11-30 09:30').toISOString()],
      ['lihua', local('2026-11-30 09:30').toISOString()],
    ]);
    h.setNow(local('2026-11-30 09:29'));
    await h.app.settle();
    expect(cardsTo(h, 'lihua')).toHaveLength(0);
    h.setNow(local('2026-11-30 09:30'));
    await h.app.settle();
    expect(cardsTo(h, 'lihua').map((c) => c.card.main_title?.title)).toEqual(['预警：孙丽的工单完成数', '预警：赵磊的工单完成数']);
  });

  it('sends a supervisor with many reports one digest, whose button brings the individual cards', async () => {
    h.app.services.config.alerts = { quietHours: null, digestMinReports: 2 };
    await runJobAt(h, alertsJob, MONDAY_W49);
    const cards = cardsTo(h, 'lihua');
    expect(cards).toHaveLength(1);
    const digest = cards[0].card;
    expect(digest.main_title).toEqual({ title: '本周预警：2 条', desc: '2026-W48 新触发的预警，数值为该周对比基线' });
    expect(digest.horizontal_content_list).toEqual([
      { keyname: '孙丽', value: '工单完成数 30（-32%）' },
      { keyname: '赵磊', value: '工单完成数 30（-25%）' },
    ]);
    expect(digest.button_list.map((b) => b.text)).toEqual(['逐条处理']);
    await runJobAt(h, alertsJob, MONDAY_W49); // the same week again: no second digest
    expect(cardsTo(h, 'lihua')).toHaveLength(1);

    await h.sim.tapButton('zhaolei', { eventKey: buttonKey(digest, '逐条处理'), taskId: cards[0].taskId });
    await h.app.settle();
    expect(cardsTo(h, 'zhaolei')).toHaveLength(0);
    expect(lastTextTo(h, 'zhaolei')).toContain('不在您的处理范围内');

    await h.sim.tapButton('lihua', { eventKey: buttonKey(digest, '逐条处理'), taskId: cards[0].taskId });
    await h.app.settle();
    const each = cardsTo(h, 'lihua').slice(1);
    expect(each.map((c) => c.card.main_title?.title)).toEqual(['预警：孙丽的工单完成数', '预警：赵磊的工单完成数']);
    expect(each[1].card.button_list.map((b) => b.text)).toEqual(['安排带教', '安排培训', '已沟通', '暂不处理']);
    await h.sim.tapButton('lihua', { eventKey: buttonKey(each[1].card, '已沟通'), taskId: each[1].taskId });
    await h.app.settle();
    const [action] = await h.ds.getRepository(AlertAction).find();
    expect(action).toMatchObject({ actorId: 'lihua', action: 'talk' });
    expect((await h.ds.getRepository(Alert).findOneByOrFail({ id: action.alertId })).userId).toBe('zhaolei');
  });

  it('sends one card each to a supervisor under the digest threshold', async () => {
    h.app.services.config.alerts = { quietHours: null, digestMinReports: 50 };
    await runJobAt(h, alertsJob, MONDAY_W49);
    expect(cardsTo(h, 'lihua').map((c) => c.card.main_title?.title)).toEqual(['预警：孙丽的工单完成数', '预警：赵磊的工单完成数']);
  });
});
