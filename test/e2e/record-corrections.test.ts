/**
 * Corrections as first-class data, through the push API: the ERP fixes a wrong work-order count by
 * resending the same (source, externalId), voids a record sent in error, and HR corrects one by id
 * (as an appeal does). Each change is audited per record; a resent identical batch changes nothing.
 *
 * 吴昊 (wuhao), work_orders_completed (input completed, sum), November 2026:
 *   WO-1 8 + WO-2 6 + WO-3 7 = 21 → the ERP corrects WO-2 to 9: 8 + 9 + 7 = 24
 *   → voids WO-3: 8 + 9 = 17 → HR corrects WO-1 to 10 (appeal): 10 + 9 = 19.
 */
import request from 'supertest';
import { AuditEntry, MetricAssignment, MetricRecord } from '../../src/entities';
import { createApiKey } from '../../src/http/auth';
import { correctRecord } from '../../src/ingest/corrections';
import { startHarness, Harness } from '../helpers/app';

const rec = (externalId: string, value: number, day: string, extra: Record<string, unknown> = {}) => ({
  userid: 'wuhao', input: 'completed', value, occurredAt: `2026-11-${day}T10:00:00+08:00`, source: 'MES', externalId, ...extra,
});

describe('record corrections through the API', () => {
  let h: Harness;
  let erpKey: string;
  let readerKey: string;
  beforeAll(async () => {
    h = await startHarness();
    const now = new Date();
    erpKey = (await createApiKey(h.ds, 'mes', ['records:write'], now)).key;
    readerKey = (await createApiKey(h.ds, 'bi', ['scorecards:read', 'metrics:read'], now)).key;
    await h.ds.getRepository(MetricAssignment).insert({ userId: 'wuhao', metricCode: 'work_orders_completed', periodKey: '', target: 40, weight: 100, floor: false, updatedAt: now });
  });
  afterAll(async () => {
    await h.close();
  });

  const push = (records: unknown) => request(h.app.server).post('/api/v1/records').set('authorization', `Bearer ${erpKey}`).send({ records });
  const value = async () => {
    const res = await request(h.app.server).get('/api/v1/scorecards/wuhao?period=2026-11').set('authorization', `Bearer ${readerKey}`);
    return res.body.lines.find((l: { code?: string }) => l.code === 'work_orders_completed').value as number;
  };
  const audits = (action: string) => h.ds.getRepository(AuditEntry).find({ where: { action }, order: { id: 'ASC' } });

  it('replaces a record resent with a different value, audits old and new, and a resent batch changes nothing', async () => {
    const first = [rec('WO-1', 8, '03'), rec('WO-2', 6, '10'), rec('WO-3', 7, '17')];
    expect((await push(first)).body).toMatchObject({ inserted: 3, corrected: 0, duplicates: 0 });
    expect(await value()).toBe(21);

    const fixed = [rec('WO-1', 8, '03'), rec('WO-2', 9, '10'), rec('WO-3', 7, '17')];
    expect((await push(fixed)).body).toEqual({ inserted: 0, corrected: 1, voided: 0, duplicates: 2, warnings: [] });
    expect(await value()).toBe(24);
    const [corrected] = await audits('record.corrected');
    const stored = await h.ds.getRepository(MetricRecord).findOneByOrFail({ externalId: 'WO-2' });
    expect(corrected).toMatchObject({
      actor: 'apikey:mes', entity: 'metric_record', entityId: String(stored.id), subjectUserId: 'wuhao',
      before: { source: 'MES', externalId: 'WO-2', userId: 'wuhao', input: 'completed', value: 6, occurredAt: '2026-11-10T02:00:00.000Z' },
      after: { value: 9, occurredAt: '2026-11-10T02:00:00.000Z' },
      reason: '来源系统重新发送了同一编号的不同内容',
    });

    const auditRows = await h.ds.getRepository(AuditEntry).count();
    expect((await push(fixed)).body).toEqual({ inserted: 0, corrected: 0, voided: 0, duplicates: 3, warnings: [] });
    expect(await h.ds.getRepository(AuditEntry).count()).toBe(auditRows);
    expect(await value()).toBe(24);
  });

  it('voids a record on request, audited; voiding it again changes nothing and says so', async () => {
    const res = await push([{ op: 'void', source: 'MES', externalId: 'WO-3', reason: '重复报工' }]);
    expect(res.body).toEqual({ inserted: 0, corrected: 0, voided: 1, duplicates: 0, warnings: [] });
    expect(await value()).toBe(17);
    expect(await h.ds.getRepository(MetricRecord).countBy({ externalId: 'WO-3' })).toBe(0);
    const [voided] = await audits('record.voided');
    expect(voided).toMatchObject({ subjectUserId: 'wuhao', before: { externalId: 'WO-3', value: 7, occurredAt: '2026-11-17T02:00:00.000Z' }, after: null, reason: '重复报工' });

    const again = await push([{ op: 'void', source: 'MES', externalId: 'WO-3' }]);
    expect(again.body).toMatchObject({ voided: 0, warnings: [{ row: 1, field: 'externalId', message: '没有来源系统 MES 编号 WO-3 的记录（从未接收或已作废），未作处理' }] });
    expect(await audits('record.voided')).toHaveLength(1);
  });

  it('refuses an explicit correction of a record that does not exist, and a batch that disagrees with itself', async () => {
    const missing = await push([rec('WO-9', 5, '20', { op: 'correction' })]);
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ row: 1, field: 'externalId', message: '没有可更正的记录：来源系统 MES 编号 WO-9' }]);
    const torn = await push([rec('WO-8', 5, '20'), rec('WO-8', 6, '20')]);
    expect(torn.status).toBe(422);
    expect(torn.body.errors).toEqual([{ row: 2, field: 'externalId', message: '与第 1 条的来源系统和外部编号相同但内容不同' }]);
    expect(await h.ds.getRepository(MetricRecord).countBy({ externalId: 'WO-8' })).toBe(0);
    expect(await value()).toBe(17);
  });

  it('corrects one record by id for an appeal, audited with who and why; the same value again changes nothing', async () => {
    const wo1 = await h.ds.getRepository(MetricRecord).findOneByOrFail({ externalId: 'WO-1' });
    const now = new Date('2026-11-30T03:00:00Z');
    const r = await correctRecord(h.ds, { recordId: wo1.id, value: 10, actor: 'user:zhoumin', source: 'appeal:7', reason: '报工漏记 2 件' }, now);
    expect(r).toMatchObject({ changed: true, before: { value: 8 }, after: { value: 10 } });
    expect(await value()).toBe(19);
    const last = (await audits('record.corrected')).pop();
    expect(last).toMatchObject({ actor: 'user:zhoumin', subjectUserId: 'wuhao', entityId: String(wo1.id), before: { value: 8 }, after: { value: 10 }, reason: '报工漏记 2 件（appeal:7）' });
    expect(last!.at.toISOString()).toBe(now.toISOString());

    const count = await h.ds.getRepository(AuditEntry).count();
    expect(await correctRecord(h.ds, { recordId: wo1.id, value: 10, actor: 'user:zhoumin', source: 'appeal:7', reason: '再次确认' }, now)).toMatchObject({ changed: false });
    expect(await h.ds.getRepository(AuditEntry).count()).toBe(count);
    await expect(correctRecord(h.ds, { recordId: 999999, void: true, actor: 'user:zhoumin', source: 'appeal:8', reason: '无此单' }, now)).rejects.toThrow('没有编号为 999999 的数据记录');
  });
});
