/**
 * The performance core through its HTTP API: the ERP pushes records with an API key, HR's data
 * (assignments, a key result, ratings, an approved exception) is in the database, and the
 * scorecard matches a hand computation line by line.
 *
 * 吴昊 (wuhao), 质检员 in 质量部, November 2026 (Asia/Shanghai). November 2026 has 21 working days
 * (Mon 2 … Mon 30).
 *  - sampling_error_rate, KPI floor, limit 0.5, weight 40: errors 3 / samples 500 × 100 = 0.6 %
 *      lower-is-better: 100 × (2 × 0.5 − 0.6) / 0.5 = 80; floor breached.
 *  - work_orders_completed, count target 40 / month, weight 30: records 8 + 8 + 1 + 8 + 8 = 33,
 *      the 1 on Tue 17 Nov falls in an approved 设备故障 (Mon 16 00:00 – Wed 18 00:00, 2 working days):
 *      value 32, target 40 × (21 − 2) / 21 = 36.190476…, score 100 × 32 / 36.190476 = 88.421052…
 *      (better than without the exception, 100 × 33 / 40 = 82.5, so the exception counts).
 *  - key result "推动新检测工艺上线", progress 60 %, weight 30: 60.
 *  automatic = (80 × 40 + 88.421052 × 30 + 60 × 30) / 100 = 76.526315…
 *  review: missing. collaboration: 4 and 5 stars → 4.5 × 20 = 90.
 *  total = (0.7 × 76.526315 + 0.1 × 90) / (0.7 + 0.1) = 78.210526…  → '78.2'
 */
import request from 'supertest';
import { AuditEntry, CollaborationRating, ExceptionClaim, Goal, MetricAssignment, MetricRecord } from '../../src/entities';
import { createApiKey, signViewerToken } from '../../src/http/auth';
import { startHarness, Harness } from '../helpers/app';

const at = (local: string) => new Date(`${local}+08:00`);

function batch() {
  const row = (input: string, value: number, day: string, externalId: string, ref = '') =>
    ({ userid: 'wuhao', input, value, occurredAt: `${day}T10:00:00+08:00`, source: 'MES', externalId, ref });
  return [
    row('errors', 3, '2026-11-20', 'QC-ERR-1120', '抽检单 QC-1120'),
    row('samples', 500, '2026-11-20', 'QC-SMP-1120', '抽检单 QC-1120'),
    row('completed', 8, '2026-11-03', 'WO-1103', '工单 WO-1103'),
    row('completed', 8, '2026-11-10', 'WO-1110'),
    row('completed', 1, '2026-11-17', 'WO-1117', '工单 WO-1117（设备故障期间）'),
    row('completed', 8, '2026-11-24', 'WO-1124'),
    row('completed', 8, '2026-11-26', 'WO-1126'),
    // December: outside the period
    row('completed', 99, '2026-12-01', 'WO-1201'),
  ];
}

describe('scorecard API, by hand', () => {
  let h: Harness;
  let erpKey: string;
  let readerKey: string;
  beforeAll(async () => {
    h = await startHarness();
    const now = new Date();
    erpKey = (await createApiKey(h.ds, 'mes', ['records:write'], now)).key;
    readerKey = (await createApiKey(h.ds, 'bi', ['scorecards:read', 'metrics:read'], now)).key;
    await h.ds.getRepository(MetricAssignment).insert([
      { userId: 'wuhao', metricCode: 'sampling_error_rate', periodKey: '', target: 0.5, weight: 40, floor: true, updatedAt: now },
      { userId: 'wuhao', metricCode: 'work_orders_completed', periodKey: '', target: 40, weight: 30, floor: false, updatedAt: now },
    ]);
    await h.ds.getRepository(Goal).insert({
      level: 'key_result', title: '推动新检测工艺上线', ownerUserId: 'wuhao', parentId: null, periodKey: '2026-11', weight: 30, progress: 60, createdAt: now, updatedAt: now,
    });
    await h.ds.getRepository(CollaborationRating).insert([
      { userId: 'wuhao', raterId: 'lihua', periodKey: '2026-11', stars: 4, note: '配合首件检验', createdAt: now },
      { userId: 'wuhao', raterId: 'fengxue', periodKey: '2026-11', stars: 5, note: '来料检验及时', createdAt: now },
    ]);
    await h.ds.getRepository(ExceptionClaim).insert({
      userId: 'wuhao', kind: '设备故障', metricCodes: ['work_orders_completed'], startAt: at('2026-11-16T00:00:00'), endAt: at('2026-11-18T00:00:00'),
      note: '三坐标测量机故障', evidence: [], status: 'approved', approverId: 'zhoumin', decidedAt: now, createdAt: now,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const push = (records: unknown, key = erpKey) =>
    request(h.app.server).post('/api/v1/records').set('authorization', `Bearer ${key}`).send({ records });
  const scorecard = (key = readerKey) =>
    request(h.app.server).get('/api/v1/scorecards/wuhao?period=2026-11').set('authorization', `Bearer ${key}`);

  it('stores a batch from the ERP, and a resent batch changes nothing', async () => {
    const first = await push(batch());
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ inserted: 8, corrected: 0, voided: 0, duplicates: 0, warnings: [] });
    const again = await push(batch());
    expect(again.body).toEqual({ inserted: 0, corrected: 0, voided: 0, duplicates: 8, warnings: [] });
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(8);
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'records.ingest' })).toBe(1);
  });

  it('computes the scorecard exactly as by hand', async () => {
    const res = await scorecard();
    expect(res.status).toBe(200);
    const card = res.body;
    const line = (code: string) => card.lines.find((l: { code?: string }) => l.code === code);

    expect(line('sampling_error_rate')).toMatchObject({ value: 0.6, target: 0.5, score: 80, floor: true, floorBreached: true, status: 'scored', formula: 'errors / samples * 100' });
    expect(line('sampling_error_rate').inputs).toEqual({ errors: 3, samples: 500 });

    const orders = line('work_orders_completed');
    expect(orders.value).toBe(32);
    expect(orders.targetBefore).toBe(40);
    expect(orders.target).toBeCloseTo((40 * 19) / 21, 9);
    expect(orders.score).toBeCloseTo((100 * 32) / ((40 * 19) / 21), 9);
    expect(orders.recordsExcluded).toBe(1);

    const kr = card.lines.find((l: { kind: string }) => l.kind === 'key_result');
    expect(kr).toMatchObject({ name: '推动新检测工艺上线', score: 60 });

    const automatic = (80 * 40 + ((100 * 32) / ((40 * 19) / 21)) * 30 + 60 * 30) / 100;
    expect(card.components.automatic.score).toBeCloseTo(automatic, 9);
    expect(card.components.review.missing).toBe(true);
    expect(card.components.collaboration.score).toBe(90);
    expect(card.total).toBeCloseTo((0.7 * automatic + 0.1 * 90) / 0.8, 9);
    expect(card.totalDisplay).toBe('78.2');
    expect(card.missing).toEqual(['主管评价']);
    expect(card.exceptionsApplied).toHaveLength(1);
    expect(card.exceptionsApplied[0]).toMatchObject({ kind: '设备故障', coveredWorkingDays: 2, recordsExcluded: 1 });
    expect(card.employee).toMatchObject({ name: '吴昊', position: '质检员', departmentName: '质量部' });
    expect(card.peer).toMatchObject({ rank: 1, group: '全部门' });
  });

  it('shows the source records behind a line (the drill-down)', async () => {
    const res = await request(h.app.server)
      .get('/api/v1/metrics/work_orders_completed/records?userid=wuhao&period=2026-11')
      .set('authorization', `Bearer ${readerKey}`);
    expect(res.status).toBe(200);
    expect(res.body.metric).toMatchObject({ name: '工单完成数', formula: 'completed', source: { system: 'MES' } });
    expect(res.body.records.map((r: { externalId: string }) => r.externalId)).toEqual(['WO-1103', 'WO-1110', 'WO-1117', 'WO-1124', 'WO-1126']);
  });

  it('publishes the metric library with formulas and sources', async () => {
    const res = await request(h.app.server).get('/api/v1/metrics').set('authorization', `Bearer ${readerKey}`);
    expect(res.status).toBe(200);
    expect(res.body.metrics.length).toBeGreaterThanOrEqual(15);
    expect(res.body.metrics.find((m: { code: string }) => m.code === 'yield_rate')).toMatchObject({ formula: 'good / (good + scrap) * 100', direction: 'higher_better' });
  });

  it('lets an employee see their own card and their manager see it, but not a colleague', async () => {
    const token = (userId: string) => signViewerToken(h.config.linkSecret, userId, new Date(Date.now() + 600_000));
    expect((await scorecard(token('wuhao'))).status).toBe(200);
    expect((await scorecard(token('zhoumin'))).status).toBe(200); // 质量部经理, direct leader
    expect((await scorecard(token('zhangwei'))).status).toBe(200); // 总经理, two levels up
    expect((await scorecard(token('zhaolei'))).status).toBe(403); // 操作工 in 生产部
    const expired = signViewerToken(h.config.linkSecret, 'wuhao', new Date(Date.now() - 1000));
    expect((await scorecard(expired)).status).toBe(401);
  });

  describe('bad input is refused whole, with reasons, and nothing is stored', () => {
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['a non-numeric value', [{ userid: 'wuhao', input: 'completed', value: '八', occurredAt: '2026-11-05 09:00', source: 'MES', externalId: 'X1' }], 1, /value/],
      ['an unknown userid', [{ userid: 'nobody', input: 'completed', value: 1, occurredAt: '2026-11-05 09:00', source: 'MES', externalId: 'X2' }], 1, /未知员工/],
      ['an unknown input', [{ userid: 'wuhao', input: 'banana', value: 1, occurredAt: '2026-11-05 09:00', source: 'MES', externalId: 'X3' }], 1, /未知的指标输入项/],
      ['a bad time', [{ userid: 'wuhao', input: 'completed', value: 1, occurredAt: '昨天', source: 'MES', externalId: 'X4' }], 1, /无法识别的时间/],
    ];
    it.each(cases)('%s', async (_name, rows, errorCount, pattern) => {
      const good = { userid: 'wuhao', input: 'completed', value: 5, occurredAt: '2026-11-06 09:00', source: 'MES', externalId: `OK-${_name}` };
      const before = await h.ds.getRepository(MetricRecord).count();
      const res = await push([good, ...(rows as unknown[])]);
      expect(res.status).toBe(422);
      expect(res.body.errors).toHaveLength(errorCount);
      expect(res.body.errors[0].row).toBe(2);
      expect(JSON.stringify(res.body.errors[0])).toMatch(pattern);
      expect(await h.ds.getRepository(MetricRecord).count()).toBe(before);
    });

    it('refuses a wrong API key, a key without the scope, and a batch over 5,000 rows', async () => {
      expect((await push(batch(), 'pbk_not-a-real-key')).status).toBe(401);
      expect((await push(batch(), readerKey)).status).toBe(403);
      const big = Array.from({ length: 5001 }, (_, i) => ({ userid: 'wuhao', input: 'completed', value: 1, occurredAt: '2026-11-05 09:00', source: 'MES', externalId: `B${i}` }));
      const res = await push(big);
      expect(res.status).toBe(422);
      expect(res.body.errors[0].message).toContain('5000');
    });

    it('refuses a body that is not JSON', async () => {
      const res = await request(h.app.server).post('/api/v1/records').set('authorization', `Bearer ${erpKey}`).set('content-type', 'application/json').send('{"records": [');
      expect(res.status).toBe(400);
    });
  });
});

describe('imports over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const csv = (rows: string[]) => Buffer.from(`\uFEFF工号,输入项,数值,发生时间,来源系统,外部编号\n${rows.join('\n')}\n`, 'utf8');
  const post = (body: Buffer, key: string, query = '') =>
    request(h.app.server).post(`/api/v1/imports/records?filename=records.csv${query}`).set('authorization', `Bearer ${key}`).set('content-type', 'text/csv').send(body);

  it('imports a CSV of records for HR, all or nothing, with sheet rows in the errors', async () => {
    const key = (await createApiKey(h.ds, 'hr-sheets', ['imports:write'], new Date())).key;
    const dry = await post(csv(['zhaolei,completed,8,2026-11-23 10:00,excel,R1']), key, '&dryRun=1');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ ok: true, dryRun: true });
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(0);

    const bad = await post(csv(['zhaolei,completed,8,2026-11-23 10:00,excel,R1', 'zhaolei,completed,abc,2026-11-23 11:00,excel,R2']), key);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ row: 3, column: '数值' });
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(0);

    const good = await post(csv(['zhaolei,completed,8,2026-11-23 10:00,excel,R1', 'zhaolei,completed,6,2026-11-23 11:00,excel,R2']), key);
    expect(good.status).toBe(200);
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(2);
  });

  it('refuses a person who is not HR', async () => {
    const token = signViewerToken(h.config.linkSecret, 'zhaolei', new Date(Date.now() + 60_000));
    expect((await post(csv(['zhaolei,completed,8,2026-11-23 10:00,excel,R9']), token)).status).toBe(403);
  });
});

describe('department ranking API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    const now = new Date();
    await h.ds.getRepository(MetricAssignment).insert(
      ['zhaolei', 'sunli', 'lihua'].map((userId) => ({ userId, metricCode: 'work_orders_completed', periodKey: '', target: 40, weight: 100, floor: false, updatedAt: now })),
    );
    const key = (await createApiKey(h.ds, 'mes', ['records:write'], now)).key;
    const rec = (userid: string, value: number) => ({ userid, input: 'completed', value, occurredAt: '2026-11-10 10:00', source: 'MES', externalId: `R-${userid}` });
    await request(h.app.server).post('/api/v1/records').set('authorization', `Bearer ${key}`).send({ records: [rec('zhaolei', 30), rec('sunli', 40), rec('lihua', 30)] });
  });
  afterAll(() => h.close());

  const get = (viewer: string) =>
    request(h.app.server).get('/api/v1/rankings?department=3&period=2026-11').set('authorization', `Bearer ${signViewerToken(h.config.linkSecret, viewer, new Date(Date.now() + 60_000))}`);

  it('ranks the department for its manager, ties sharing a rank', async () => {
    const res = await get('wangqiang');
    expect(res.status).toBe(200);
    const rank = Object.fromEntries(res.body.ranking.map((r: { userId: string; rank: number | null; display: string }) => [r.userId, [r.rank, r.display]]));
    // 40/40 → 100; 30/40 → 75 twice: a tie shares rank 2
    expect(rank.sunli).toEqual([1, '100.0']);
    expect(rank.lihua).toEqual([2, '75.0']);
    expect(rank.zhaolei).toEqual([2, '75.0']);
    expect(res.body.ranking[0].userId).toBe('sunli');
  });

  it('refuses an employee', async () => {
    expect((await get('zhaolei')).status).toBe(403);
  });
});
