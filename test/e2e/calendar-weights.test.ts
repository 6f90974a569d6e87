/**
 * The working calendar and department weights end to end: HR imports a shift calendar (生产部
 * works Monday–Saturday) as a CSV through the API, sets 质量部's weights in chat from a date, and
 * the scorecard API shows the prorated targets and the weights in force, by hand:
 *  - 吴昊 (质量部, Monday–Friday + national calendar), work_orders_completed 120 / month:
 *      W41 (国庆 week 5–11 Oct: 8, 9 Oct and the 调休 Saturday 10 Oct; October has 18 working days)
 *      → 120 × 3/18 = 20; equipment_downtime ≤ 2 h / month → 2 × 3/18 = 0.333… h;
 *      yield_rate 98.5 % stays 98.5.
 *  - 赵磊 (生产部, Monday–Saturday: October 21 working days) → W41 120 × 3/21 = 17.142857…
 *      吴昊 stopped 30 minutes on 8 Oct: 0.5 h > 1/3 h → 100 × (2 × 1/3 − 0.5) / (1/3) = 50.
 *  - 陈静 (研发部), an approved 设备故障 on all of 8 Oct (1 of W41's 3 working days), 10 work orders
 *    on 9 Oct: target 20 × (3 − 1)/3 = 13.333…, score 100 × 10 / 13.333 = 75 (plain: 50, so it counts).
 *  - 质量部's weights: 70/20/10 until 30 Nov; 50/30/20 from 1 Dec (set by HR in chat). 周敏 (质量部)
 *    does 96 of 120 work orders each month (80), 4 stars from her manager (80), 5 stars of
 *    collaboration (100): November 0.7 × 80 + 0.2 × 80 + 0.1 × 100 = 82.0; December
 *    0.5 × 80 + 0.3 × 80 + 0.2 × 100 = 84.0.
 */
import request from 'supertest';
import { AuditEntry, CollaborationRating, DepartmentWeights, ExceptionClaim, MetricAssignment, MetricRecord, SupervisorReview, WorkCalendarRule } from '../../src/entities';
import { createApiKey } from '../../src/http/auth';
import { importFile } from '../../src/import';
import { CALENDAR_COMMANDS, showCalendar } from '../../src/cli/calendar-commands';
import type { Config } from '../../src/config';
import { isMysql } from '../helpers/db';
import { lastTextTo, NOW, say, startAt } from '../chat/reviews-helpers';
import type { Harness } from '../helpers/app';

describe('working calendar and department weights', () => {
  let h: Harness;
  let hrKey: string;
  let readerKey: string;
  beforeAll(async () => {
    h = await startAt();
    hrKey = (await createApiKey(h.ds, 'hr-sheets', ['imports:write'], NOW)).key;
    readerKey = (await createApiKey(h.ds, 'bi', ['scorecards:read'], NOW)).key;
    const assign = (userId: string, metricCode: string, target: number) => ({ userId, metricCode, periodKey: '', target, weight: 30, floor: false, updatedAt: NOW });
    await h.ds.getRepository(MetricAssignment).insert([
      assign('wuhao', 'work_orders_completed', 120),
      assign('wuhao', 'equipment_downtime', 2),
      assign('wuhao', 'yield_rate', 98.5),
      assign('zhaolei', 'work_orders_completed', 120),
      assign('chenjing', 'work_orders_completed', 120),
      assign('zhoumin', 'work_orders_completed', 120),
    ]);
    const at = (local: string) => new Date(`${local}+08:00`);
    const rec = (userId: string, input: string, value: number, day: string, externalId: string) =>
      ({ userId, input, value, occurredAt: at(`${day}T10:00:00`), source: 'MES', externalId, ref: '', createdAt: NOW });
    await h.ds.getRepository(MetricRecord).insert([
      rec('wuhao', 'downtime_minutes', 30, '2026-10-08', 'DT-1'),
      rec('chenjing', 'completed', 10, '2026-10-09', 'WO-C1'),
      rec('zhoumin', 'completed', 96, '2026-11-10', 'WO-Z11'),
      rec('zhoumin', 'completed', 96, '2026-12-10', 'WO-Z12'),
    ]);
    await h.ds.getRepository(ExceptionClaim).insert({
      userId: 'chenjing', kind: '设备故障', metricCodes: ['work_orders_completed'], startAt: at('2026-10-08T00:00:00'), endAt: at('2026-10-09T00:00:00'),
      note: '设备故障', evidence: [], status: 'approved', approverId: 'liuyang', decidedAt: NOW, createdAt: NOW,
    });
    for (const month of ['2026-11', '2026-12']) {
      await h.ds.getRepository(SupervisorReview).insert({ userId: 'zhoumin', reviewerId: 'zhangwei', periodKey: month, stars: 4, comment: '', createdAt: NOW, updatedAt: NOW });
      await h.ds.getRepository(CollaborationRating).insert({ userId: 'zhoumin', raterId: 'wangqiang', periodKey: month, stars: 5, note: '', createdAt: NOW });
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const card = async (userId: string, period: string) => {
    const res = await request(h.app.server).get(`/api/v1/scorecards/${userId}?period=${period}`).set('authorization', `Bearer ${readerKey}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const target = async (userId: string, period: string, code: string) =>
    ((await card(userId, period)).lines as Array<{ code?: string; target: number }>).find((l) => l.code === code)!.target;

  it('prorates a 国庆 week by its own working days (the 调休 Saturday counts), limits on totals too', async () => {
    expect(await target('wuhao', '2026-W41', 'work_orders_completed')).toBeCloseTo(20, 9);
    expect(await target('wuhao', '2026-W41', 'equipment_downtime')).toBeCloseTo(1 / 3, 9);
    expect(await target('wuhao', '2026-W41', 'yield_rate')).toBe(98.5);
    const downtime = (await card('wuhao', '2026-W41')).lines.find((l: { code?: string }) => l.code === 'equipment_downtime');
    expect(downtime.value).toBeCloseTo(0.5, 9);
    expect(downtime.score).toBeCloseTo(50, 9);
    const orders = (await card('chenjing', '2026-W41')).lines.find((l: { code?: string }) => l.code === 'work_orders_completed');
    expect(orders.target).toBeCloseTo(40 / 3, 9);
    expect(orders.score).toBeCloseTo(75, 9);
    expect(await target('wuhao', '2026-W40', 'work_orders_completed')).toBeCloseTo((120 * 3) / 22, 9);
    expect(await target('wuhao', '2026-Q4', 'work_orders_completed')).toBeCloseTo(360, 9);
  });

  it('imports a shift calendar for one department and prorates its targets by it', async () => {
    expect(await target('zhaolei', '2026-W41', 'work_orders_completed')).toBeCloseTo(20, 9); // before: Monday–Friday
    const csv = '部门,类型,开始日期,结束日期,上班日,说明\r\n生产部,班制,2026-01-01,,周一至周六,生产部单休\r\n';
    const res = await request(h.app.server)
      .post('/api/v1/imports/calendar?filename=calendar.csv').set('authorization', `Bearer ${hrKey}`).set('content-type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, kind: 'calendar', inserted: 1, updated: 0, unchanged: 0, dryRun: false, notes: ['生产部自 2026-01-01 起班制为 周一至周六'] });
    expect(await h.ds.getRepository(WorkCalendarRule).findOneByOrFail({ kind: 'shift' })).toMatchObject({ departmentId: 3, startDate: '2026-01-01', endDate: null, weekdays: '1,2,3,4,5,6' });
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'work_calendar.import' })).toBe(1);

    expect(await target('zhaolei', '2026-W41', 'work_orders_completed')).toBeCloseTo((120 * 3) / 21, 9);
    expect(await target('wuhao', '2026-W41', 'work_orders_completed')).toBeCloseTo(20, 9); // 质量部 unchanged

    const bad = await request(h.app.server)
      .post('/api/v1/imports/calendar?filename=calendar.csv').set('authorization', `Bearer ${hrKey}`).set('content-type', 'text/csv')
      .send('部门,类型,开始日期,结束日期,上班日\r\n包装部,停工,2026-10-08,2026-10-09,\r\n,班制,2026-01-01,,周八\r\n');
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { row: 2, column: '部门', message: '未找到部门“包装部”，请先同步通讯录或导入员工' },
      { row: 3, column: '上班日', message: '无法识别的上班日“周八”，请写成 周一至周六 或 1-6' },
    ]);
  });

  it('lets HR set a department’s weights in chat from a date; periods use the weights in force', async () => {
    await say(h, 'wuhao', '权重 质量部 50/30/20 从2026-12-01');
    expect(lastTextTo(h, 'wuhao')).toBe('设置部门权重仅限 HR 使用。');
    await say(h, 'heping', '权重 质量部 50/-30/20 从2026-12-01');
    expect(lastTextTo(h, 'heping')).toMatch(/^权重「主管评价」必须是不小于 0 的数/);
    await say(h, 'heping', '权重 质量部 50/30/20 从2026-11-01');
    expect(lastTextTo(h, 'heping')).toBe('生效日期 2026-11-01 早于今天：已经发出的绩效不能被悄悄改动。请从今天或以后的日期生效。');
    expect(await h.ds.getRepository(DepartmentWeights).count()).toBe(0);

    await say(h, 'heping', '权重 质量部 50/30/20 从2026-12-01');
    expect(lastTextTo(h, 'heping')).toBe(
      '已设置质量部的评分权重，自 2026-12-01 起生效：自动数据 50%、主管评价 30%、跨部门协作 20%。\n' +
        '此前：自动数据 70%、主管评价 20%、跨部门协作 10%（默认）。各周期按其第一天生效的权重计分（如2026年12月）；已记入审计日志。',
    );
    const audit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'department_weights.set' });
    expect(audit).toMatchObject({ actor: 'user:heping', entityId: '4@2026-12-01', before: null, after: { department: '质量部', effectiveFrom: '2026-12-01', automatic: 50, review: 30, collaboration: 20 } });

    const november = await card('wuhao', '2026-11');
    const december = await card('wuhao', '2026-12');
    const configured = (c: { components: Record<string, { weight: number }> }) => [c.components.automatic.weight, c.components.review.weight, c.components.collaboration.weight];
    expect(configured(november)).toEqual([0.7, 0.2, 0.1]);
    expect(configured(december)).toEqual([50, 30, 20]);
    expect((await card('zhoumin', '2026-11')).totalDisplay).toBe('82.0');
    expect((await card('zhoumin', '2026-12')).totalDisplay).toBe('84.0');
    expect((await card('zhoumin', '2026-W49')).components.automatic.weight).toBe(0.7); // starts 30 Nov

    await say(h, 'heping', '权重 质量部');
    expect(lastTextTo(h, 'heping')).toBe('质量部当前权重：自动数据 70%、主管评价 20%、跨部门协作 10%（默认）\n自 2026-12-01 起：自动数据 50%、主管评价 30%、跨部门协作 20%');
  });

  it('imports department weights from Excel/CSV, validated, and a re-import changes nothing', async () => {
    const opts = { actor: 'user:heping', now: NOW, timeZone: 'Asia/Shanghai' };
    const csv = Buffer.from('部门,自动数据,主管评价,跨部门协作,生效日期\r\n生产部,80,10,10,2027-01-01\r\n仓储部,0,0,0,2027-01-01\r\n', 'utf8');
    const bad = await importFile(h.ds, 'weights', csv, 'weights.csv', opts);
    expect(bad).toEqual({ ok: false, errors: [{ row: 3, column: '自动数据', message: '三项权重之和必须大于 0' }] });
    const good = Buffer.from('部门,自动数据,主管评价,跨部门协作,生效日期\r\n生产部,80,10,10,2027-01-01\r\n', 'utf8');
    expect(await importFile(h.ds, 'weights', good, 'weights.csv', opts)).toMatchObject({ ok: true, inserted: 1, updated: 0 });
    expect(await importFile(h.ds, 'weights', good, 'weights.csv', opts)).toMatchObject({ ok: true, inserted: 0, unchanged: 1 });
    const jan = await card('zhaolei', '2027-01');
    expect(jan.components.automatic.weight).toBe(80);
    expect((await card('zhaolei', '2026-12')).components.automatic.weight).toBe(0.7);
  });

  it('shows a period’s working days per department from the CLI, and sets weights from it', async () => {
    const out: string[] = [];
    await showCalendar(h.ds, '2026-W41', '生产部', 'Asia/Shanghai', (l) => out.push(l));
    expect(out).toEqual([
      '2026年第41周（10月5日–10月11日）, 生产部: 3 working day(s)',
      "  2026-10: 3 of the month's 21 working days (target share 0.142857)",
      '  2026-10-05 off  法定节假日（国庆节）',
      '  2026-10-06 off  法定节假日（国庆节）',
      '  2026-10-07 off  法定节假日（国庆节）',
      '  2026-10-08 work 工作日（班制 周一至周六）',
      '  2026-10-09 work 工作日（班制 周一至周六）',
      '  2026-10-10 work 调休上班（国庆节）',
      '  2026-10-11 off  休息日（班制 周一至周六）',
    ]);
    const config: Config = { ...h.config, database: isMysql() ? { type: 'mysql', url: process.env.DATABASE_URL! } : { type: 'sqlite', file: String(h.ds.options.database) } };
    const logs: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((l: unknown) => void logs.push(String(l)));
    const err = jest.spyOn(console, 'error').mockImplementation((l: unknown) => void logs.push(String(l)));
    try {
      expect(await CALENDAR_COMMANDS['weights set'].run(['仓储部', '60/30/10', '--from', '2027-02-01'], config, h.app.logger)).toBe(0);
      expect(await CALENDAR_COMMANDS['weights set'].run(['仓储部', '0/0/0', '--from', '2027-02-01'], config, h.app.logger)).toBe(1);
    } finally {
      spy.mockRestore();
      err.mockRestore();
    }
    expect(logs).toEqual(['仓储部: 60/30/10 from 2027-02-01 (audited)', '三项权重之和必须大于 0']);
    expect(await h.ds.getRepository(DepartmentWeights).findOneByOrFail({ departmentId: 5 })).toMatchObject({ effectiveFrom: '2027-02-01', automatic: 60, updatedBy: 'cli' });
  });
});
