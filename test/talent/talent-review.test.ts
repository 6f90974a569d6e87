/** The quarterly review in the database: docs/talent.md's example computed, calibrated, published. */
import type { DataSource } from 'typeorm';
import { AuditEntry, Department, DevelopmentPlan, Employee, EmployeeOrgHistory, TalentMove } from '../../src/entities';
import { computeTalentReview, moveInReview, publishReview, requireReview, reviewRows } from '../../src/talent/talent-reviews';
import { openTestDatabase } from '../helpers/db';
import { seedTalentExample, TZ } from './talent-fixture';

const NOW = new Date('2027-01-02T09:00:00+08:00');

describe('a quarter’s talent review', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
    await seedTalentExample(ds, NOW);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('computes the draft as docs/talent.md does by hand', async () => {
    const review = await computeTalentReview(ds, '2026-Q4', TZ, NOW);
    expect(review.status).toBe('draft');
    const rows = new Map((await reviewRows(ds, review)).map((r) => [r.name, r]));
    expect([...rows.keys()].sort()).toEqual(['吴昊', '周强', '孙丽', '王强', '赵磊', '郑伟'].sort());
    expect(rows.get('赵磊')).toMatchObject({ performance: 90, potential: 88.75, computedBox: 'hh', finalBox: 'hh' });
    expect(rows.get('孙丽')).toMatchObject({ performance: 73.5, computedBox: 'mm' });
    expect(rows.get('周强')).toMatchObject({ performance: 64.33, computedBox: 'lh' });
    expect(rows.get('吴昊')).toMatchObject({ performance: 86, computedBox: 'ml' });
    expect(rows.get('郑伟')).toMatchObject({ performance: null, computedBox: null });
    // last quarter's performance comes from its monthly totals when it has no review
    expect(rows.get('赵磊')!.placement.detail.placement.signals.trend).toBe(5);
  });

  it('compares someone who changed department during the quarter with the department they ended it in', async () => {
    // 冯雪: 质量部 until 15 November, then 仓储部 to the quarter's end; since 1 January in 生产部.
    const at = (d: string) => new Date(`${d}T00:00:00+08:00`);
    await ds.getRepository(Department).insert([
      { id: 3, name: '质量部', parentId: 1, sortOrder: 2, leaderUserIds: [], active: true, syncedAt: NOW },
      { id: 4, name: '仓储部', parentId: 1, sortOrder: 3, leaderUserIds: [], active: true, syncedAt: NOW },
    ]);
    const placement = (mainDepartmentId: number) => ({ mainDepartmentId, departmentIds: [mainDepartmentId], leadsDepartmentIds: [], directLeaderIds: ['wangqiang'], position: '操作工', active: true });
    await ds.getRepository(Employee).insert({ userId: 'fengxue', name: '冯雪', ...placement(2), status: 1, source: 'wecom', syncedAt: NOW });
    await ds.getRepository(EmployeeOrgHistory).insert([
      { userId: 'fengxue', validFrom: new Date(0), validTo: at('2026-11-15'), ...placement(3) },
      { userId: 'fengxue', validFrom: at('2026-11-15'), validTo: at('2027-01-01'), ...placement(4) },
      { userId: 'fengxue', validFrom: at('2027-01-01'), validTo: null, ...placement(2) },
    ]);
    const review = await computeTalentReview(ds, '2026-Q4', TZ, NOW);
    const rows = new Map((await reviewRows(ds, review)).map((r) => [r.userId, r]));
    expect(rows.get('fengxue')!.departmentId).toBe(4);
    expect(rows.get('fengxue')!.placement.detail.placement.groupKey).toBe('company');
    // 生产部's comparison group is still the example's five: their figures are unchanged
    expect(rows.get('sunli')!.potential).toBe(41.25);
    expect(rows.get('zhaolei')!.placement.detail.placement.groupSize).toBe(5);
  });

  it('refuses a calibration move without a written reason', async () => {
    await expect(moveInReview(ds, { quarterKey: '2026-Q4', userId: 'sunli', toBox: 'mh', actor: 'user:heping', reason: ' 好 ' }, NOW)).rejects.toThrow('必须写明原因');
  });

  it('keeps a calibration move beside the computed box, audited, and across a recompute', async () => {
    await moveInReview(ds, { quarterKey: '2026-Q4', userId: 'sunli', toBox: 'mh', actor: 'user:wangqiang', reason: '主导3号线换线改造，协作评分尚未录入' }, NOW);
    await computeTalentReview(ds, '2026-Q4', TZ, NOW);
    const sunli = (await reviewRows(ds, await requireReview(ds, '2026-Q4'))).find((r) => r.userId === 'sunli')!;
    expect(sunli).toMatchObject({ computedBox: 'mm', finalBox: 'mh' });
    expect(sunli.moves.map((m) => [m.fromBox, m.toBox, m.actor, m.reason])).toEqual([['mm', 'mh', 'user:wangqiang', '主导3号线换线改造，协作评分尚未录入']]);
    const audit = await ds.getRepository(AuditEntry).findOneByOrFail({ action: 'talent.moved', subjectUserId: 'sunli' });
    expect(audit).toMatchObject({ actor: 'user:wangqiang', before: { box: 'mm' }, after: { box: 'mh' } });
  });

  it('publishing freezes the quarter and gives each placed person a plan from their box', async () => {
    const { plans } = await publishReview(ds, '2026-Q4', 'user:heping', TZ, NOW);
    const rows = await reviewRows(ds, await requireReview(ds, '2026-Q4'));
    expect(plans).toBe(rows.filter((r) => r.finalBox !== null).length);
    const sunliPlan = await ds.getRepository(DevelopmentPlan).findOneByOrFail({ userId: 'sunli', quarterKey: '2026-Q4' });
    expect(sunliPlan).toMatchObject({ box: 'mh', ownerUserId: 'wangqiang', status: 'open' });
    expect(sunliPlan.goal).toContain('潜力之星');
    expect(sunliPlan.actions.map((a) => a.due)).toEqual(['2027-03-31', '2027-01-31', '2027-02-28', '2027-03-31']);
    expect(await ds.getRepository(DevelopmentPlan).countBy({ userId: 'zhengwei' })).toBe(0);

    await expect(moveInReview(ds, { quarterKey: '2026-Q4', userId: 'wuhao', toBox: 'hm', actor: 'user:heping', reason: '复核后调整一下' }, NOW)).rejects.toThrow('已发布并冻结');
    await expect(computeTalentReview(ds, '2026-Q4', TZ, NOW)).rejects.toThrow('已冻结');
    await expect(publishReview(ds, '2026-Q4', 'user:heping', TZ, NOW)).rejects.toThrow('已经发布过');
    expect(await ds.getRepository(TalentMove).count()).toBe(1);
  });
});
