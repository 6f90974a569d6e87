/**
 * The quarterly talent run on the demo factory (about 300 people, a quarter of history), fired on two
 * instances at once: it runs once, every head and HR get one card, HR the grid as a picture, and the
 * nine-box page shows every placed person exactly once.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { startApp, type App } from '../../src/app';
import { createDataSource } from '../../src/data-source';
import { Employee, TalentReview } from '../../src/entities';
import { signViewerToken } from '../../src/http/auth';
import { createLogger } from '../../src/logger';
import { startDemoStack, type DemoStack } from '../../src/sandbox/demo-stack';
import { reviewRows } from '../../src/talent/talent-reviews';
import { talentQuarterlyJob } from '../../src/talent/talent-quarterly-job';
import type { TextNoticeCard } from '../../src/wecom/card-types';
import { isMysql, openTestDatabase } from '../helpers/db';

/** 1 January 2027, 09:00 in Shanghai: the quarterly run for 2026-Q4. */
const FIRED = new Date('2027-01-01T01:00:00Z');

describe('the quarterly talent run on the demo factory', () => {
  let stack: DemoStack;
  let second: App;
  let ds2: DataSource;
  beforeAll(async () => {
    const ds = await openTestDatabase();
    const url = process.env.DATABASE_URL;
    stack = await startDemoStack({ ds, start: FIRED, historySince: new Date('2026-10-01T00:00:00+08:00'), env: url ? { DATABASE_URL: url } : {}, logger: createLogger('error') });
    ds2 = createDataSource(isMysql() ? { type: 'mysql', url: url! } : { type: 'sqlite', file: String(ds.options.database) });
    await ds2.initialize();
    second = await startApp({ ...stack.config, port: 0 }, { ds: ds2, logger: createLogger('error'), clock: stack.clock.now, schedule: false, syncOrgOnStart: false });
  }, 180_000);
  afterAll(async () => {
    await second?.stop();
    if (ds2?.isInitialized) await ds2.destroy();
    await stack?.stop();
  });

  it('runs once across two instances; each recipient one card, HR the picture; the page shows everyone once', async () => {
    const outcomes = await Promise.all([stack.app.jobs.runJob(talentQuarterlyJob, FIRED), second.jobs.runJob(talentQuarterlyJob, FIRED)]);
    await Promise.all([stack.app.settle(), second.settle()]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'done']);

    const cards = stack.sim.sent.filter((m) => (m.body.template_card as TextNoticeCard | undefined)?.source?.desc === '绩效助手 · 人才盘点');
    const recipients = cards.flatMap((m) => m.recipients);
    expect(recipients.length).toBeGreaterThan(5);
    expect(new Set(recipients).size).toBe(recipients.length);
    expect(recipients).toContain('heping');
    expect(stack.sim.sent.filter((m) => m.msgtype === 'image' && m.recipients.includes('heping'))).toHaveLength(1);

    const review = await stack.ds.getRepository(TalentReview).findOneByOrFail({ quarterKey: '2026-Q4' });
    const rows = await reviewRows(stack.ds, review);
    const placed = rows.filter((r) => r.finalBox !== null);
    expect(rows.length).toBe(await stack.ds.getRepository(Employee).countBy({ active: true }));
    expect(placed.length).toBeGreaterThan(rows.length / 2);
    // The default rule gives a spread an HR person would believe (docs/talent.md §1): no box holds
    // most of the factory, and 明星 are a small minority.
    const share = (box: string) => placed.filter((r) => r.computedBox === box).length / placed.length;
    const boxes = ['hh', 'hm', 'hl', 'mh', 'mm', 'ml', 'lh', 'lm', 'll'];
    expect(Math.max(...boxes.map(share))).toBeLessThanOrEqual(0.35);
    expect(share('hh')).toBeGreaterThanOrEqual(0.05);
    expect(share('hh')).toBeLessThanOrEqual(0.2);
    expect(share('hm')).toBeLessThanOrEqual(0.2);

    const t = signViewerToken(stack.config.linkSecret, 'heping', new Date(FIRED.getTime() + 3_600_000), { path: '/h5/talent', params: { quarter: '2026-Q4' } });
    const page = await request(stack.app.server).get(`/h5/talent?quarter=2026-Q4&t=${t}`);
    expect(page.status).toBe(200);
    const html = page.text.replace(/&amp;/g, '&');
    for (const r of rows) {
      const links = html.match(new RegExp(`[?&]user=${r.userId}[&"]`, 'g')) ?? [];
      expect([r.userId, links.length]).toEqual([r.userId, 1]);
    }
  }, 180_000);
});
