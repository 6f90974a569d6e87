/**
 * 入职日期 through the imports API (the way a roster system posts employees): a WeCom-synced member gets
 * a hire date from a CSV whose other columns agree with WeCom; a bad date is refused whole, in Chinese.
 */
import request from 'supertest';
import { AuditEntry, Department, Employee } from '../../src/entities';
import { createApiKey } from '../../src/http/auth';
import { startHarness, type Harness } from '../helpers/app';

describe('hire dates through POST /api/v1/imports/employees', () => {
  let h: Harness;
  let key: string;
  beforeAll(async () => {
    h = await startHarness();
    key = (await createApiKey(h.ds, 'hr-roster', ['imports:write'], new Date())).key;
  });
  afterAll(async () => {
    await h.close();
  });

  /** The CSV row of a synced member as WeCom has them, with a hire date. */
  async function rowOf(userId: string, hiredOn: string): Promise<string> {
    const e = await h.ds.getRepository(Employee).findOneByOrFail({ userId });
    const dept = await h.ds.getRepository(Department).findOneByOrFail({ id: e.mainDepartmentId! });
    return [e.userId, e.name, dept.name, e.position, e.directLeaderIds.join('、'), e.leadsDepartmentIds.includes(dept.id) ? '是' : '否', hiredOn].join(',');
  }
  const post = (rows: string[]) =>
    request(h.app.server)
      .post('/api/v1/imports/employees?filename=roster.csv')
      .set('authorization', `Bearer ${key}`)
      .set('content-type', 'text/csv')
      .send(Buffer.from(`\uFEFF工号,姓名,部门,岗位,直属上级工号,是否部门负责人,入职日期\n${rows.join('\n')}\n`, 'utf8'));

  it('refuses the whole file for one bad date, saying why in Chinese, and writes nothing', async () => {
    const res = await post([await rowOf('zhaolei', '2022-03-01'), await rowOf('sunli', '2023-13-01')]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ row: 3, column: '入职日期', message: '“2023-13-01”不是日历上的日期，请写成 2021-03-15 这样的日期' }]);
    expect((await h.ds.getRepository(Employee).findOneByOrFail({ userId: 'zhaolei' })).hiredOn).toBeNull();
  });

  it('adds the hire dates of synced members, audited, and a re-post changes nothing', async () => {
    const rows = [await rowOf('zhaolei', '2022-03-01'), await rowOf('sunli', '2023/9/18')];
    const res = await post(rows);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, inserted: 0, updated: 2, unchanged: 0 });
    const hired = await h.ds.getRepository(Employee).find({ where: [{ userId: 'zhaolei' }, { userId: 'sunli' }], order: { userId: 'ASC' } });
    expect(hired.map((e) => [e.userId, e.hiredOn, e.source])).toEqual([['sunli', '2023-09-18', 'wecom'], ['zhaolei', '2022-03-01', 'wecom']]);
    expect(await h.ds.getRepository(AuditEntry).countBy({ action: 'employee.import', actor: 'apikey:hr-roster' })).toBe(2);
    expect((await post(rows)).body).toMatchObject({ ok: true, updated: 0, unchanged: 2 });
  });
});
