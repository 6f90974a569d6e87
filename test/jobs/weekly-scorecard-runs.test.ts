/**
 * The Friday scorecard job in its other modes: a dry run (nothing queued or stored), a deployment
 * with a public URL (links go through WeCom OAuth), and the in-memory org rule against findReports.
 */
import { AuditEntry, Employee, MetricRecord, OutboxMessage, ScoreSnapshot } from '../../src/entities';
import { parsePeriod } from '../../src/domain/periods';
import { computeScorecards } from '../../src/repositories/scorecards';
import { findReports } from '../../src/jobs/org-sync';
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import { reportsByManager } from '../../src/jobs/org-sync';
import type { ButtonInteractionCard, TextNoticeCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { at, FRIDAY, seedWeek, testRun, WEEK } from './weekly-scorecard-helpers';

describe('weekly scorecard job: dry run and OAuth links', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      app: { clock: () => FRIDAY },
      env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping', PUBLIC_URL: 'https://perf.example.com/' },
    });
    await seedWeek(h.ds);
  });
  afterAll(async () => {
    await h.close();
  });

  it('finds the same reports as findReports, for everyone', async () => {
    const active = await h.ds.getRepository(Employee).find({ where: { active: true } });
    const map = reportsByManager(active);
    for (const e of active) {
      const expected = (await findReports(h.ds, e.userId)).map((r) => r.userId).sort();
      expect([e.userId, (map.get(e.userId) ?? []).map((r) => r.userId).sort()]).toEqual([e.userId, expected]);
    }
  });

  it('queues and stores nothing in a dry run, but reports what it would send and skip', async () => {
    const dry = testRun(h, { dryRun: true });
    await weeklyScorecardJob.run(dry.ctx);
    await h.app.settle();
    expect(dry.results).toHaveLength(12);
    expect(dry.results.every((r) => r.result === 'dry-run')).toBe(true);
    expect(dry.results.filter((r) => r.key.startsWith('card:')).map((r) => r.userId).sort()).toEqual(['chenjing', 'sunli', 'wuhao', 'zhaolei']);
    expect(dry.skipped).toHaveLength(8);
    expect(await h.ds.getRepository(OutboxMessage).count()).toBe(0);
    expect(await h.ds.getRepository(ScoreSnapshot).count()).toBe(0);
    expect(h.sim.sent).toHaveLength(0);
  });

  it('links 查看详情 through WeCom OAuth when a public URL is configured', async () => {
    const real = testRun(h, { runId: 2 });
    await weeklyScorecardJob.run(real.ctx);
    await h.app.settle();
    const card = h.sim.sent.find((m) => m.recipients.includes('zhaolei') && m.msgtype === 'template_card')!.body.template_card as ButtonInteractionCard;
    expect(card.task_id).toBe('wsc-2-2026-W48-zhaolei');
    // The page on the trusted domain, which sends the reader through OAuth with a state nonce.
    expect(card.button_list[0].url).toBe(`https://perf.example.com/h5/scorecard?user=zhaolei&period=${WEEK}`);
    expect(card.button_list[0].url).not.toContain('pbu_'); // no bearer token in an OAuth link
    const team = h.sim.sent.find((m) => m.recipients.includes('lihua') && m.msgtype === 'template_card')!.body.template_card as TextNoticeCard;
    expect(team.jump_list![0].url).toBe(`https://perf.example.com/h5/scorecard?user=zhaolei&period=${WEEK}`);
  });

  it('writes no scorecard.changed row in a dry run after a published score moved; a real recompute does', async () => {
    // W48 was published by the run above (zhaolei: 8 of 10 orders). A late record for Thursday adds one.
    await h.ds.getRepository(MetricRecord).insert({ userId: 'zhaolei', input: 'completed', value: 1, occurredAt: at('2026-11-26T18:00:00'), source: 'MES', externalId: 'LATE-DRY-1', ref: '报工 WO-2613', createdAt: FRIDAY });
    const changedRows = () => h.ds.getRepository(AuditEntry).countBy({ action: 'scorecard.changed', subjectUserId: 'zhaolei' });
    const snapshot = () => h.ds.getRepository(ScoreSnapshot).findOneByOrFail({ userId: 'zhaolei', periodKey: WEEK });
    const published = await snapshot();
    expect(await changedRows()).toBe(0);

    const dry = testRun(h, { runId: 3, dryRun: true });
    await weeklyScorecardJob.run(dry.ctx);
    await h.app.settle();
    expect(await changedRows()).toBe(0);
    expect((await snapshot()).checkedTotal).toBe(published.checkedTotal);
    expect((await snapshot()).revision).toBe(published.revision);

    const ids = (await h.ds.getRepository(Employee).findBy({ active: true })).map((e) => e.userId);
    const views = await computeScorecards(h.ds, ids, parsePeriod(WEEK, 'Asia/Shanghai'), 'Asia/Shanghai', FRIDAY);
    expect(views.get('zhaolei')!.total).not.toBe(published.publishedTotal);
    expect(await changedRows()).toBe(1);
    expect((await snapshot()).checkedTotal).toBeCloseTo(views.get('zhaolei')!.total!, 1);
  });
});
