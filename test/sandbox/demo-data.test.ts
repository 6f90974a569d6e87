import { In } from 'typeorm';
import { BehaviourTag, Employee, MetricAssignment, MetricRecord, SupervisorReview } from '../../src/entities';
import { periodOf } from '../../src/domain/periods';
import { hasRole } from '../../src/repositories/access';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import { seedDemoData } from '../../src/sandbox/demo-data';
import { startHarness, Harness } from '../helpers/app';

describe('sandbox demo data (on the small demo org)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('gives every member metrics, two quarters of history and 何萍 the HR role, once', async () => {
    const now = new Date('2026-11-27T09:00:00Z');
    const summary = await seedDemoData(h.ds, now, 'Asia/Shanghai');
    expect(summary).not.toBeNull();
    expect(await seedDemoData(h.ds, now, 'Asia/Shanghai')).toBeNull();
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(summary!.records);

    // Every one of the 13, managers, HR and the general manager included, has metrics of their position.
    const people = await h.ds.getRepository(Employee).find();
    const assigned = new Set((await h.ds.getRepository(MetricAssignment).find()).map((a) => a.userId));
    expect(people.filter((p) => !assigned.has(p.userId)).map((p) => p.name)).toEqual([]);
    expect(await hasRole(h.ds, 'heping', 'hr')).toBe(true);

    // Records reach back into the previous quarter (Q3), and the months have reviews and tags.
    const q3 = periodOf('quarter', new Date('2026-08-15T00:00:00Z'), 'Asia/Shanghai');
    const old = await h.ds.getRepository(MetricRecord).createQueryBuilder('r').where('r.occurredAt < :end', { end: q3.end }).getCount();
    expect(old).toBeGreaterThan(1000);
    const reviews = await h.ds.getRepository(SupervisorReview).findBy({ periodKey: In(['2026-07', '2026-10']) });
    expect(new Set(reviews.map((r) => r.periodKey))).toEqual(new Set(['2026-07', '2026-10']));
    expect(await h.ds.getRepository(BehaviourTag).count()).toBeGreaterThan(20);

    for (const userId of ['wuhao', 'zhangwei', 'heping', 'wangqiang']) {
      const card = await computeEmployeeScorecard(h.ds, userId, periodOf('month', now, 'Asia/Shanghai'), 'Asia/Shanghai');
      expect({ userId, total: card!.total === null ? null : 'scored' }).toEqual({ userId, total: 'scored' });
    }
  });
});
