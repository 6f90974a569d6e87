import type { DataSource } from 'typeorm';
import { AuditEntry, Goal } from '../../src/entities';
import { recordCheckin } from '../../src/repositories/goals';
import { openTestDatabase } from '../helpers/db';

describe('goal check-ins and roll-up', () => {
  let ds: DataSource;
  let ids: Record<string, number>;
  beforeEach(async () => {
    ds = await openTestDatabase();
    const now = new Date();
    const repo = ds.getRepository(Goal);
    const add = async (level: Goal['level'], title: string, parentId: number | null, periodKey: string, weight: number, owner: string | null) =>
      (await repo.insert({ level, title, parentId, periodKey, weight, ownerUserId: owner, progress: 0, createdAt: now, updatedAt: now })).identifiers[0].id as number;
    const strategy = await add('strategy', '良品率提升到 99%', null, '2026', 100, null);
    const objective = await add('objective', 'Q4 上线新检测工艺', strategy, '2026-Q4', 100, 'zhoumin');
    const kr1 = await add('key_result', '11 月完成工艺验证', objective, '2026-11', 60, 'wuhao');
    const kr2 = await add('key_result', '11 月完成培训', objective, '2026-11', 40, 'wuhao');
    ids = { strategy, objective, kr1, kr2 };
  });
  afterEach(() => ds.destroy());

  it('sets the KR progress, rolls up weighted to the objective and the strategy, and audits it', async () => {
    await recordCheckin(ds, { goalId: ids.kr1, userId: 'wuhao', progress: 50, note: '完成首批验证' }, { actor: 'user:wuhao', now: new Date() });
    await recordCheckin(ds, { goalId: ids.kr2, userId: 'wuhao', progress: 100, note: '培训完成' }, { actor: 'user:wuhao', now: new Date() });
    const get = async (id: number) => (await ds.getRepository(Goal).findOneByOrFail({ id })).progress;
    expect(await get(ids.kr1)).toBe(50);
    expect(await get(ids.objective)).toBeCloseTo((50 * 60 + 100 * 40) / 100, 9); // 70
    expect(await get(ids.strategy)).toBeCloseTo(70, 9);
    const audit = await ds.getRepository(AuditEntry).findBy({ action: 'goal.checkin' });
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ subjectUserId: 'wuhao', before: { progress: 0 }, after: { progress: 50 } });
  });

  it('refuses progress outside 0–100 and check-ins on objectives', async () => {
    await expect(recordCheckin(ds, { goalId: ids.kr1, userId: 'wuhao', progress: 120, note: '' }, { actor: 'x', now: new Date() })).rejects.toThrow('0–100');
    await expect(recordCheckin(ds, { goalId: ids.objective, userId: 'wuhao', progress: 10, note: '' }, { actor: 'x', now: new Date() })).rejects.toThrow('关键结果');
    expect(await ds.getRepository(AuditEntry).count()).toBe(0);
  });
});
