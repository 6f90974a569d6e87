/** 学习成长 in by the API and by Excel, like metric records: whole batches, idempotent, corrections audited. */
import ExcelJS from 'exceljs';
import request from 'supertest';
import { AuditEntry, GrowthRecord } from '../../src/entities';
import { createApiKey } from '../../src/http/auth';
import { importFile } from '../../src/import';
import { startHarness, type Harness } from '../helpers/app';

describe('learning and growth records', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await startHarness();
    key = (await createApiKey(h.ds, 'lms', ['records:write'], new Date())).key;
  });
  afterAll(async () => {
    await h.close();
  });
  const push = (records: unknown) => request(h.app.server).post('/api/v1/growth-records').set('authorization', `Bearer ${key}`).send({ records });

  it('stores a batch from the training system; a resent batch changes nothing', async () => {
    const batch = [
      { userid: 'zhaolei', kind: '培训学时', value: 6, title: '精益生产基础', occurredAt: '2026-11-20T09:00:00+08:00', source: 'LMS', externalId: 'PX-1' },
      { userid: 'zhaolei', kind: 'certification', title: '叉车操作证', occurredAt: '2026-11-25', source: 'LMS', externalId: 'ZS-1' },
    ];
    expect((await push(batch)).body).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect((await push(batch)).body).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
    expect(await h.ds.getRepository(GrowthRecord).findOneByOrFail({ externalId: 'ZS-1' })).toMatchObject({ kind: 'certification', value: 1 });
  });

  it('a resent record with a corrected value replaces the old one, with an audit row', async () => {
    const res = await push([{ userid: 'zhaolei', kind: '培训学时', value: 8, title: '精益生产基础', occurredAt: '2026-11-20T09:00:00+08:00', source: 'LMS', externalId: 'PX-1' }]);
    expect(res.body).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect((await h.ds.getRepository(GrowthRecord).findOneByOrFail({ externalId: 'PX-1' })).value).toBe(8);
    const audit = await h.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'growth_record.corrected' });
    expect(audit).toMatchObject({ actor: 'apikey:lms', subjectUserId: 'zhaolei', before: { value: 6 }, after: { value: 8 } });
  });

  it('refuses the whole batch with row errors in Chinese', async () => {
    const res = await push([
      { userid: 'zhaolei', kind: '培训学时', title: '没有学时', occurredAt: '2026-11-20', source: 'LMS', externalId: 'PX-2' },
      { userid: 'nobody', kind: '跳舞', title: 'x', occurredAt: '2026-11-20', source: 'LMS', externalId: 'PX-3' },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { row: 1, field: 'value', message: '培训学时必须填写学时数' },
      { row: 2, field: 'userid', message: '通讯录中没有员工 nobody' },
      { row: 2, field: 'kind', message: '类型应为 培训学时、认证 或 技能，而不是“跳舞”' },
    ]);
    expect(await h.ds.getRepository(GrowthRecord).countBy({ externalId: 'PX-3' })).toBe(0);
  });

  it('comes in from Excel the same way', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('学习成长');
    ws.addRow(['工号', '类型', '学时', '名称', '日期', '来源系统', '外部编号']);
    ws.addRow(['sunli', '技能', null, '数控车床编程', '2026-12-02', '培训系统', 'JN-7']);
    const result = await importFile(h.ds, 'growth', Buffer.from(await wb.xlsx.writeBuffer()), 'growth.xlsx', { actor: 'user:heping', now: new Date(), timeZone: 'Asia/Shanghai' });
    expect(result).toMatchObject({ ok: true, kind: 'growth', inserted: 1 });
    expect(await h.ds.getRepository(GrowthRecord).findOneByOrFail({ externalId: 'JN-7' })).toMatchObject({ userId: 'sunli', kind: 'skill', value: 1, title: '数控车床编程' });
  });
});
