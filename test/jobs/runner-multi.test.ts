/**
 * Two instances on one database fire the same job at the same moment: the (job, period) key lets
 * exactly one run it, so every employee gets exactly one message and HR one report. On MariaDB the
 * two claims race on separate connections; on SQLite the transaction queue serialises them.
 */
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/data-source';
import { OutboxMessage, JobRun } from '../../src/entities';
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import type { Harness } from '../helpers/app';
import { isMysql } from '../helpers/db';
import { activeIds, expectOnePerUser, fakeJob, fakeTextsPerUser, FRIDAY_17, local, reports, startAt } from './runner-helpers';

describe('job runner with two instances', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt(local('2026-11-27 17:00'));
  });
  afterEach(async () => {
    await h.close();
  });

  /** A connection of its own to the same database, as a second process would have. */
  async function separateConnection(): Promise<DataSource> {
    const config = isMysql()
      ? { type: 'mysql' as const, url: process.env.DATABASE_URL! }
      : { type: 'sqlite' as const, file: String(h.ds.options.database) };
    return createDataSource(config).initialize();
  }

  it('runs a firing on exactly one of two instances fired together', async () => {
    const ds2 = await separateConnection();
    const second = await h.restart({ syncOrgOnStart: false, ds: ds2 });
    const job = fakeJob();
    const users = await activeIds(h.ds);
    const outcomes = await Promise.all([h.app.jobs.runJob(job, FRIDAY_17), second.jobs.runJob(job, FRIDAY_17)]);
    await Promise.all([h.app.settle(), second.settle()]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'done']);
    expect(job.invocations).toBe(1);
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(reports(h.sim).map((r) => r.to)).toEqual(['heping']);
    expect(await h.ds.getRepository(JobRun).count()).toBe(1);
    await second.stop();
    await ds2.destroy();
  });

  it('stays exactly once when both instances fire several times over', async () => {
    const second = await h.restart({ syncOrgOnStart: false });
    const job = fakeJob();
    const users = await activeIds(h.ds);
    const fires = [h.app, second, h.app, second].map((app) => app.jobs.runJob(job, FRIDAY_17));
    const outcomes = await Promise.all(fires);
    await Promise.all([h.app.settle(), second.settle()]);

    expect(outcomes.filter((o) => o.status === 'done')).toHaveLength(1);
    expect(outcomes.every((o) => ['done', 'busy', 'already-done'].includes(o.status))).toBe(true);
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(reports(h.sim)).toHaveLength(1);
  });

  it('sends the real weekly scorecard push once per recipient and key when two instances fire it', async () => {
    const second = await h.restart({ syncOrgOnStart: false });
    const outcomes = await Promise.all([h.app.jobs.runJob(weeklyScorecardJob, FRIDAY_17), second.jobs.runJob(weeklyScorecardJob, FRIDAY_17)]);
    await Promise.all([h.app.settle(), second.settle()]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'done']);
    const rows = await h.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    const jobRows = rows.filter((r) => r.dedupeKey?.startsWith('job:weekly_scorecard:2026-W48:'));
    expect(jobRows.length).toBeGreaterThan(0);
    expect(jobRows.every((r) => r.status === 'sent')).toBe(true);
    // Each queued message reached WeCom once: the simulator holds exactly as many per recipient as rows.
    const perRecipient = (list: string[][]) =>
      list.flat().reduce((m, r) => m.set(r, (m.get(r) ?? 0) + 1), new Map<string, number>());
    const reportCount = reports(h.sim).length;
    expect(reportCount).toBe(1);
    const delivered = h.sim.sent.filter((m) => !String((m.body.markdown as { content?: string } | undefined)?.content ?? '').startsWith('**推送报告'));
    expect(perRecipient(delivered.map((m) => m.recipients))).toEqual(perRecipient(jobRows.map((r) => r.recipients.split('|'))));
    const done = outcomes.find((o) => o.status === 'done');
    expect(done).toMatchObject({ counts: { queued: jobRows.length, duplicates: 0, sent: jobRows.length, failed: 0 } });
  });
});
