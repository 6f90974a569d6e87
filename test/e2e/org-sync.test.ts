/** The org mirror: a full pull on start, and change_contact callbacks in between. */
import { Department, Employee } from '../../src/entities';
import { findReports, syncOrg } from '../../src/jobs/org-sync';
import { buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';

describe('org sync', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('mirrors departments, members, positions and who reports to whom on start', async () => {
    expect(await h.ds.getRepository(Department).count()).toBe(5);
    const lihua = await h.ds.getRepository(Employee).findOneByOrFail({ userId: 'lihua' });
    expect(lihua).toMatchObject({ name: '李华', position: '班组长', mainDepartmentId: 3, directLeaderIds: ['wangqiang'], active: true });
    const wang = await h.ds.getRepository(Employee).findOneByOrFail({ userId: 'wangqiang' });
    expect(wang.leadsDepartmentIds).toEqual([3]);
    expect((await findReports(h.ds, 'lihua')).map((e) => e.userId).sort()).toEqual(['sunli', 'zhaolei']);
  });

  it('sets members who left inactive on the next sync, keeping their rows', async () => {
    h.sim.org.removeUser('sunli');
    const r = await syncOrg(h.ds, h.app.wecom, new Date(), h.app.logger);
    expect(r.deactivated).toBe(1);
    const sunli = await h.ds.getRepository(Employee).findOneByOrFail({ userId: 'sunli' });
    expect(sunli.active).toBe(false);
    expect((await findReports(h.ds, 'lihua')).map((e) => e.userId)).toEqual(['zhaolei']);
  });

  it('applies a change_contact callback at once (new position and leader, re-read from the API)', async () => {
    h.sim.org.updateUser('zhaolei', { position: '班组长', direct_leader: ['wangqiang'] });
    const res = await h.sim.deliverCallback(
      buildInboundXml({
        kind: 'event',
        event: 'change_contact',
        changeType: 'update_user',
        toUser: TEST_WECOM.corpId,
        fromUser: 'sys',
        createTime: Math.floor(Date.now() / 1000),
        user: { userId: 'zhaolei', departments: [3] },
      }),
    );
    expect(res.status).toBe(200);
    await h.app.settle();
    const zhaolei = await h.ds.getRepository(Employee).findOneByOrFail({ userId: 'zhaolei' });
    expect(zhaolei).toMatchObject({ position: '班组长', directLeaderIds: ['wangqiang'] });
    expect(h.sim.sent).toHaveLength(0); // WeCom's 'sys' gets no reply
  });

  it('marks a deleted member inactive from the callback alone', async () => {
    await h.sim.deliverCallback(
      buildInboundXml({
        kind: 'event',
        event: 'change_contact',
        changeType: 'delete_user',
        toUser: TEST_WECOM.corpId,
        fromUser: 'sys',
        createTime: Math.floor(Date.now() / 1000),
        user: { userId: 'fengxue' },
      }),
    );
    await h.app.settle();
    expect((await h.ds.getRepository(Employee).findOneByOrFail({ userId: 'fengxue' })).active).toBe(false);
  });
});
