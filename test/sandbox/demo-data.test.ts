import { MetricRecord } from '../../src/entities';
import { periodOf } from '../../src/domain/periods';
import { computeEmployeeScorecard } from '../../src/repositories/scorecards';
import { seedDemoData } from '../../src/sandbox/demo-data';
import { startHarness, Harness } from '../helpers/app';

describe('sandbox demo data', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('gives the demo factory metrics and weekday records once, so a scorecard has real numbers', async () => {
    const now = new Date('2026-11-27T09:00:00Z');
    const n = await seedDemoData(h.ds, now, 'Asia/Shanghai');
    expect(n).toBeGreaterThan(100);
    expect(await seedDemoData(h.ds, now, 'Asia/Shanghai')).toBe(0);
    expect(await h.ds.getRepository(MetricRecord).count()).toBe(n);
    const card = await computeEmployeeScorecard(h.ds, 'wuhao', periodOf('month', now, 'Asia/Shanghai'), 'Asia/Shanghai');
    expect(card!.lines.some((l) => l.code === 'sampling_error_rate' && l.status === 'scored')).toBe(true);
    expect(card!.total).not.toBeNull();
  });
});
