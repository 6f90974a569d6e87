/**
 * Catch-up at start: a firing missed while the service was down (Friday 17:00, started 18:30) is
 * run once; starting again (or two instances starting together) runs nothing more; a firing
 * older than the grace period is logged, not run.
 */
import cron from 'node-cron';
import { JobRun } from '../../src/entities';
import { JobScheduler } from '../../src/jobs/runner-scheduler';
import type { Harness } from '../helpers/app';
import { activeIds, expectOnePerUser, fakeJob, fakeTextsPerUser, local, reports, startAt } from './runner-helpers';

describe('job catch-up at start', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  const schedulerOn = (app: Harness['app'], job: ReturnType<typeof fakeJob>) =>
    new JobScheduler({ services: app.services, logger: app.logger, reportPollMs: 20 }, [job]);

  it('runs the missed Friday 17:00 firing once at 18:30, and nothing when started again', async () => {
    h = await startAt(local('2026-11-27 18:30'));
    const users = await activeIds(h.ds);
    const job = fakeJob();
    const outcomes = await schedulerOn(h.app, job).catchUp();
    await h.app.settle();
    expect(outcomes).toEqual([expect.objectContaining({ status: 'done', periodKey: '2026-W48', resumed: false })]);
    const run = await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' });
    expect(run.firedAt.toISOString()).toBe(local('2026-11-27 17:00').toISOString());

    const next = await h.restart({ syncOrgOnStart: false });
    const again = await schedulerOn(next, job).catchUp();
    await next.settle();
    expect(again).toEqual([expect.objectContaining({ status: 'already-done' })]);
    expect(job.invocations).toBe(1);
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(reports(h.sim)).toHaveLength(1);
  });

  it('runs a missed firing once when two instances start together', async () => {
    h = await startAt(local('2026-11-27 18:30'));
    const second = await h.restart({ syncOrgOnStart: false });
    const job = fakeJob();
    const [a, b] = await Promise.all([schedulerOn(h.app, job).catchUp(), schedulerOn(second, job).catchUp()]);
    await Promise.all([h.app.settle(), second.settle()]);
    expect([...a, ...b].map((o) => o.status).sort()).toEqual(['busy', 'done']);
    expectOnePerUser(fakeTextsPerUser(h.sim), await activeIds(h.ds));
    expect(reports(h.sim)).toHaveLength(1);
  });

  it('does not run a firing older than the grace period, and says so in the log', async () => {
    h = await startAt(local('2026-11-28 00:30')); // 7.5 hours after Friday 17:00; grace 6 hours
    const job = fakeJob();
    expect(await schedulerOn(h.app, job).catchUp()).toEqual([]);
    await h.app.settle();
    expect(job.invocations).toBe(0);
    expect(await h.ds.getRepository(JobRun).count()).toBe(0);
    expect(h.sim.sent).toHaveLength(0);
    const warning = h.logs.find((l) => String(l.msg).startsWith('catch-up: a firing was missed longer ago'));
    expect(warning).toMatchObject({ job: 'fake_push', periodKey: '2026-W48', graceHours: 6 });
  });

  it('takes the grace period from PERFBOT_JOB_GRACE_H', async () => {
    h = await startAt(local('2026-11-28 00:30'), { PERFBOT_JOB_GRACE_H: '8' });
    const job = fakeJob();
    const outcomes = await schedulerOn(h.app, job).catchUp();
    await h.app.settle();
    expect(outcomes).toEqual([expect.objectContaining({ status: 'done', periodKey: '2026-W48' })]);
    expectOnePerUser(fakeTextsPerUser(h.sim), await activeIds(h.ds));
  });

  it('the app schedules the registry jobs and catches up the real weekly push once across restarts', async () => {
    h = await startAt(local('2026-11-27 18:30'));
    const app = await h.restart({ syncOrgOnStart: false, schedule: true });
    const names = [...cron.getTasks().values()].map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['job:weekly_scorecard', 'job:review_todo', 'job:review_reminder', 'job:org_sync']));
    await app.jobs.idle();
    await app.settle();
    const runs = await h.ds.getRepository(JobRun).find();
    expect(runs.map((r) => [r.job, r.periodKey, r.state])).toEqual([['weekly_scorecard', '2026-W48', 'done']]);
    const sent = h.sim.sent.length;
    expect(sent).toBeGreaterThan(0);
    expect(reports(h.sim)).toHaveLength(1);

    await app.stop();
    expect([...cron.getTasks().values()].map((t) => t.name)).not.toContain('job:weekly_scorecard');
    const again = await h.restart({ syncOrgOnStart: false, schedule: true });
    await again.jobs.idle();
    await again.settle();
    expect(await h.ds.getRepository(JobRun).find()).toEqual([expect.objectContaining({ job: 'weekly_scorecard', attempts: 1 })]);
    expect(h.sim.sent).toHaveLength(sent);
  });
});
