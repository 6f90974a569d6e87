/**
 * History that stays put (docs/scoring.md, 生效日期与已发布成绩), end to end through the API, a
 * change_contact callback from the simulator and the Friday push. November 2026 has 21 working
 * days; every week here has 5. work_orders_completed is a count metric with a monthly target:
 * a week's target is 42 × 5/21 = 10.
 *
 * 生产部: 赵磊 zhaolei and 孙丽 sunli (操作工) are the only members with a total, so they are ranked
 * in the whole department (fewer than 5 share the position). Both: work_orders_completed, 42/month,
 * weight 100, from 1 Nov; no review or collaboration, so total = automatic = the line's score.
 *   W47 (16–22 Nov): zhaolei 8 → 80, sunli 6 → 60. Published Fri 20 Nov: 80 1/2, 60 2/2.
 *   Tue 24 Nov a late MES record for sunli on Thu 19 Nov, 4 more: 10 of 10 → 100. W47 now: sunli
 *     100.0 1/2 (from 60.0 2/2, reason 迟到数据 1 条), zhaolei 80.0 2/2 (from 1/2, peers changed).
 *   Wed 25 Nov 10:00 zhaolei moves to 质量部. W47 keeps him in 生产部 (its end, 22 Nov, is before
 *     the move); W48 (23–29 Nov) is scored with the org at its end (期末口径): zhaolei in 质量部 (the
 *     only one there with a total: 1/1, 9 → 90), sunli alone in 生产部 (7 → 70, 1/1).
 *
 * 陈静 chenjing: work_orders_completed 42/month weight 50 from Mon 16 to Fri 20 Nov (结束日期
 * inclusive), training_hours 8/month weight 50 from 1 Nov. Records: orders 3 (10 Nov, before the
 * start), 8 (18 Nov), 5 (24 Nov, after the end); hours 6 (12 Nov).
 *   November: orders cover 5 of 21 working days → target 42 × 5/21 = 10, weight 50 × 5/21 = 11.905;
 *   8 of 10 → 80. Hours: 6 of 8 → 75, weight 50. Automatic = (80 × 250/21 + 75 × 50) ÷ (250/21 + 50)
 *   = 98750 ÷ 1300 = 75.9615… → 76.0.
 *
 * 冯雪 fengxue: work_orders_completed for 2026-11 only (周期 2026-11), 42, weight 100; 9 orders on
 *   24 Nov → W48 target 10 → 90.0 on her Friday card.
 */
import request from 'supertest';
import { AuditEntry, EmployeeOrgHistory, MetricAssignment, MetricRecord } from '../../src/entities';
import { syncOrg } from '../../src/jobs/org-sync';
import { createApiKey, signViewerToken } from '../../src/http/auth';
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import type { ButtonInteractionCard } from '../../src/wecom/card-types';
import { buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, TEST_WECOM, type Harness } from '../helpers/app';
import { testRun } from '../jobs/weekly-scorecard-helpers';

const at = (local: string) => new Date(`${local}+08:00`);

describe('effective dating and published scorecards', () => {
  let h: Harness;
  let now = at('2026-11-20T17:00:00');
  let reader: string;
  let mes: string;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => now }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    reader = (await createApiKey(h.ds, 'bi', ['scorecards:read'], now)).key;
    mes = (await createApiKey(h.ds, 'mes', ['records:write'], now)).key;
    const nov1 = at('2026-11-01T00:00:00');
    const row = (userId: string, metricCode: string, target: number, weight: number, extra: Partial<MetricAssignment> = {}) =>
      ({ userId, metricCode, periodKey: '', target, weight, floor: false, startsAt: nov1, endsAt: null, updatedAt: nov1, ...extra });
    await h.ds.getRepository(MetricAssignment).insert([
      row('zhaolei', 'work_orders_completed', 42, 100),
      row('sunli', 'work_orders_completed', 42, 100),
      row('chenjing', 'work_orders_completed', 42, 50, { startsAt: at('2026-11-16T00:00:00'), endsAt: at('2026-11-21T00:00:00') }),
      row('chenjing', 'training_hours', 8, 50),
      row('fengxue', 'work_orders_completed', 42, 100, { periodKey: '2026-11' }),
    ]);
    let n = 0;
    const rec = (userId: string, input: string, value: number, local: string) =>
      ({ userId, input, value, occurredAt: at(local), source: 'MES', externalId: `SEED-${++n}`, ref: '', createdAt: nov1 });
    await h.ds.getRepository(MetricRecord).insert([
      rec('zhaolei', 'completed', 8, '2026-11-18T17:00:00'),
      rec('sunli', 'completed', 6, '2026-11-18T17:00:00'),
      rec('zhaolei', 'completed', 9, '2026-11-24T17:00:00'),
      rec('sunli', 'completed', 7, '2026-11-24T17:00:00'),
      rec('chenjing', 'completed', 3, '2026-11-10T17:00:00'),
      rec('chenjing', 'completed', 8, '2026-11-18T17:00:00'),
      rec('chenjing', 'completed', 5, '2026-11-24T17:00:00'),
      rec('chenjing', 'hours', 6, '2026-11-12T10:00:00'),
      rec('fengxue', 'completed', 9, '2026-11-24T17:00:00'),
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  const scorecard = async (userId: string, period: string) => {
    const res = await request(h.app.server).get(`/api/v1/scorecards/${userId}?period=${period}`).set('authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    return res.body as {
      total: number | null;
      totalDisplay: string;
      period: { label: string };
      peer: { rank: number; of: number } | null;
      employee: { departmentId: number; departmentName: string };
      lines: Array<{ code: string; target: number; weight: number; value: number; display: string }>;
      changes?: Array<{ what: string; from: string; to: string; reasons: string[] }>;
    };
  };
  const ranking = async (department: number, period: string) => {
    const res = await request(h.app.server).get(`/api/v1/rankings?department=${department}&period=${period}`).set('authorization', `Bearer ${reader}`);
    expect(res.status).toBe(200);
    return (res.body.ranking as Array<{ userId: string; display: string; rank: number | null }>).filter((r) => r.rank !== null);
  };
  const changeAudits = () => h.ds.getRepository(AuditEntry).find({ where: { action: 'scorecard.changed' }, order: { id: 'ASC' } });
  const weeklyCard = (userId: string, week: string) => {
    const cards = h.sim.sent
      .filter((m) => m.recipients.includes(userId))
      .map((m) => m.body.template_card as ButtonInteractionCard | undefined)
      .filter((c): c is ButtonInteractionCard => c?.source?.desc?.includes('每周绩效看板') === true && c.button_list.some((b) => b.key?.includes(week)));
    expect(cards).toHaveLength(1);
    return cards[0];
  };
  const field = (card: ButtonInteractionCard, key: string) => card.horizontal_content_list?.find((x) => x.keyname === key)?.value;

  it('publishes the Friday push of W47 as the record', async () => {
    await weeklyScorecardJob.run(testRun(h, { firedAt: now }).ctx);
    await h.app.settle();
    expect(weeklyCard('zhaolei', '2026-W47').main_title?.title).toContain('80.0');
    expect(field(weeklyCard('sunli', '2026-W47'), '同组排名')).toContain('第2/2');
    const sunli = await scorecard('sunli', '2026-W47');
    expect(sunli).toMatchObject({ totalDisplay: '60.0', peer: { rank: 2, of: 2 }, changes: [] });
    expect(await changeAudits()).toHaveLength(0);
  });

  it('a late record changes a published score: one audit row per change, and the view says what and why', async () => {
    now = at('2026-11-24T09:00:00');
    const late = { userid: 'sunli', input: 'completed', value: 4, occurredAt: '2026-11-19T16:00:00+08:00', source: 'MES', externalId: 'WO-1119-LATE' };
    expect((await request(h.app.server).post('/api/v1/records').set('authorization', `Bearer ${mes}`).send({ records: [late] })).status).toBe(200);

    const sunli = await scorecard('sunli', '2026-W47');
    expect(sunli).toMatchObject({ totalDisplay: '100.0', peer: { rank: 1, of: 2 } });
    expect(sunli.changes).toEqual([
      expect.objectContaining({ what: 'total', from: '60.0', to: '100.0', reasons: ['迟到数据 1 条'] }),
      expect.objectContaining({ what: 'rank', from: '2/2', to: '1/2', reasons: ['迟到数据 1 条'] }),
    ]);
    const audits = await changeAudits();
    expect(audits.map((a) => a.subjectUserId).sort()).toEqual(['sunli', 'zhaolei']);
    const mine = audits.find((a) => a.subjectUserId === 'sunli')!;
    expect(mine).toMatchObject({ actor: 'system', entityId: 'sunli:2026-W47', before: { total: 60, rank: { rank: 2, of: 2 } }, after: { total: 100, rank: { rank: 1, of: 2 } } });
    expect(mine.reason).toContain('迟到数据 1 条');
    const zhaolei = await scorecard('zhaolei', '2026-W47');
    expect(zhaolei.changes).toEqual([expect.objectContaining({ what: 'rank', from: '1/2', to: '2/2', reasons: ['同组同事的成绩有变动'] })]);

    // Computed again (API, ranking): the change is already on record, no second audit row.
    await scorecard('sunli', '2026-W47');
    await ranking(3, '2026-W47');
    expect(await changeAudits()).toHaveLength(2);
  });

  it('a transfer mid-month leaves past weeks as they were, for the person and the peers', async () => {
    now = at('2026-11-25T10:00:00');
    h.sim.org.updateUser('zhaolei', { department: [4], main_department: 4, position: '质检员', direct_leader: ['zhoumin'] });
    const res = await h.sim.deliverCallback(
      buildInboundXml({
        kind: 'event', event: 'change_contact', changeType: 'update_user', toUser: TEST_WECOM.corpId, fromUser: 'sys',
        createTime: Math.floor(now.getTime() / 1000), user: { userId: 'zhaolei', departments: [4] },
      }),
    );
    expect(res.status).toBe(200);
    await h.app.settle();
    // Appended, not overwritten; the nightly sync that follows finds nothing new to record.
    await syncOrg(h.ds, h.app.wecom, at('2026-11-26T02:30:00'), h.app.logger);
    const history = await h.ds.getRepository(EmployeeOrgHistory).find({ where: { userId: 'zhaolei' }, order: { validFrom: 'ASC' } });
    expect(history.map((r) => [r.mainDepartmentId, r.position, r.validTo?.toISOString() ?? null])).toEqual([
      [3, '操作工', now.toISOString()],
      [4, '质检员', null],
    ]);

    const sunliW47 = await scorecard('sunli', '2026-W47');
    expect(sunliW47).toMatchObject({ totalDisplay: '100.0', peer: { rank: 1, of: 2 } });
    const zhaoleiW47 = await scorecard('zhaolei', '2026-W47');
    expect(zhaoleiW47).toMatchObject({ totalDisplay: '80.0', peer: { rank: 2, of: 2 }, employee: { departmentId: 3, departmentName: '生产部' } });
    expect((await ranking(3, '2026-W47')).map((r) => [r.userId, r.rank])).toEqual([['sunli', 1], ['zhaolei', 2]]);
    expect(await ranking(4, '2026-W47')).toEqual([]);
    expect(await changeAudits()).toHaveLength(2); // the move changed nothing published

    // The move's week, by the org at its end: each alone among the ranked of their department.
    const zhaoleiW48 = await scorecard('zhaolei', '2026-W48');
    expect(zhaoleiW48).toMatchObject({ totalDisplay: '90.0', peer: { rank: 1, of: 1 }, employee: { departmentId: 4, departmentName: '质量部' } });
    expect(await scorecard('sunli', '2026-W48')).toMatchObject({ totalDisplay: '70.0', peer: { rank: 1, of: 1 } });
    expect((await ranking(3, '2026-W48')).map((r) => r.userId)).toEqual(['sunli']);
  });

  it('an assignment starting and ending mid-month counts for its days only', async () => {
    const nov = await scorecard('chenjing', '2026-11');
    const orders = nov.lines.find((l) => l.code === 'work_orders_completed')!;
    expect(orders.value).toBe(8);
    expect(orders.target).toBeCloseTo(10, 9);
    expect(orders.weight).toBeCloseTo(250 / 21, 9);
    expect(orders.display).toBe('80.0');
    expect(nov.total).toBeCloseTo(98750 / 1300, 9);
    expect(nov.totalDisplay).toBe('76.0');
    // After it ended, the week has only the standing line.
    expect((await scorecard('chenjing', '2026-W48')).lines.map((l) => l.code)).toEqual(['training_hours']);
  });

  it('the Friday card shows a 2026-11 assignment, and the change to last week’s published score', async () => {
    now = at('2026-11-27T17:00:00');
    await weeklyScorecardJob.run(testRun(h, { runId: 2, firedAt: now }).ctx);
    await h.app.settle();
    const feng = weeklyCard('fengxue', '2026-W48');
    expect(feng.main_title?.title).toContain('90.0');
    expect(feng.sub_title_text).toContain('工单完成数');

    const sunli = weeklyCard('sunli', '2026-W48');
    expect(sunli.sub_title_text).toMatch(/^⚠ 成绩变动：2026年第47周.*总分 60\.0→100\.0（迟到数据 1 条）/);
    expect(weeklyCard('zhaolei', '2026-W48').sub_title_text).toMatch(/^⚠ 成绩变动：2026年第47周.*排名 1\/2→2\/2（同组同事的成绩有变动）/);
    expect(weeklyCard('chenjing', '2026-W48').sub_title_text).not.toContain('成绩变动');

    // The detail page says the same, in full.
    // Signed like the card's own link: for this page and query only.
    const params = { user: 'sunli', period: '2026-W47' };
    const token = signViewerToken(h.config.linkSecret, 'sunli', new Date(now.getTime() + 600_000), { path: '/h5/scorecard', params });
    const page = await request(h.app.server).get(`/h5/scorecard?${new URLSearchParams({ ...params, t: token }).toString()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h2>成绩变动</h2>');
    expect(page.text).toContain('总分：已发布 <b>60.0</b> → 现为 <b>100.0</b><br><small>原因：迟到数据 1 条</small>');
    expect(page.text).toContain('同组排名：已发布 <b>2/2</b> → 现为 <b>1/2</b>');
  });
});
