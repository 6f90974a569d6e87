/**
 * A run whose process dies, stops or stalls part-way is resumed by the next process (or the other
 * instance) under the same run key: deliver() keys make the resumed body queue only what is
 * missing, so every employee ends with exactly one message and HR with one report.
 */
import { JobRun, OutboxMessage } from '../../src/entities';
import { jobDedupeKey } from '../../src/jobs/runner-context';
import { JobScheduler } from '../../src/jobs/runner-scheduler';
import type { Harness } from '../helpers/app';
import {
  activeIds, expectOnePerUser, fakeJob, FAKE_TEXT, fakeTextsPerUser, FRIDAY_17, gate, local, reports, startAt, waitForOutboxRows,
} from './runner-helpers';

describe('job runner after a crash', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('resumes at start a run whose process died after queueing part of it, sending nothing twice', async () => {
    h = await startAt(local('2026-11-27 17:20'));
    const users = await activeIds(h.ds);
    const text = (u: string) => ({ kind: 'message' as const, message: { touser: [u], msgtype: 'text' as const, text: { content: `${FAKE_TEXT} 2026-W48` } }, dedupeKey: jobDedupeKey('fake_push', '2026-W48', u) });
    // The dead process: claimed the run, delivered 5 messages, queued 3 more, then died.
    await h.ds.getRepository(JobRun).insert({
      job: 'fake_push', periodKey: '2026-W48', firedAt: FRIDAY_17, state: 'running', lockedBy: 'dead-host:4242:deadbeef',
      lockedUntil: local('2026-11-27 17:03'), attempts: 1, startedAt: FRIDAY_17, counts: { queued: 0, duplicates: 0, skipped: 0 },
    });
    for (const u of users.slice(0, 5)) await h.app.services.outbox.enqueue(text(u));
    await h.app.settle();
    await h.app.stop();
    for (const u of users.slice(5, 8)) await h.app.services.outbox.enqueue(text(u));
    expect(fakeTextsPerUser(h.sim).size).toBe(5);

    const next = await h.restart({ syncOrgOnStart: false });
    const job = fakeJob();
    const scheduler = new JobScheduler({ services: next.services, logger: next.logger, reportPollMs: 20 }, [job]);
    const outcomes = await scheduler.catchUp();
    await next.settle();

    expect(outcomes).toEqual([expect.objectContaining({ status: 'done', resumed: true, counts: expect.objectContaining({ queued: users.length - 8, duplicates: 8 }) })]);
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' })).toMatchObject({ state: 'done', attempts: 2 });
    const [report, ...more] = reports(h.sim);
    expect(more).toHaveLength(0);
    expect(report.content).toContain(`应发 ${users.length} 条：已送达 ${users.length}，失败 0`);
    expect(report.content).toContain('续跑：8 条在中断前已排队，未重复发送');
    await scheduler.stop();
  });

  it('hands a run back on shutdown; the next process resumes it within a minute tick', async () => {
    h = await startAt(local('2026-11-27 17:00'));
    const users = await activeIds(h.ds);
    const hold = gate();
    const job = fakeJob({ holdAfter: 4, hold: hold.promise });
    const first = h.app.jobs.runJob(job, FRIDAY_17);
    await waitForOutboxRows(h.ds, 4);
    await h.app.stop(); // SIGTERM mid-run
    expect(await first).toMatchObject({ status: 'aborted' });
    const row = await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' });
    expect(row.state).toBe('running');
    expect(row.lockedUntil!.getTime()).toBeLessThan(local('2026-11-27 17:00').getTime());

    const next = await h.restart({ syncOrgOnStart: false });
    const scheduler = new JobScheduler({ services: next.services, logger: next.logger, reportPollMs: 20 }, [job]);
    const resumed = await scheduler.resumeStale();
    hold.open(); // the old body wakes up: its deliver() refuses, the run is no longer its own
    await next.settle();

    expect(resumed).toEqual([expect.objectContaining({ status: 'done', resumed: true, counts: expect.objectContaining({ duplicates: 4 }) })]);
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(reports(h.sim)).toHaveLength(1);
    expect(await scheduler.resumeStale()).toEqual([]);
    await scheduler.stop();
  });

  it('lets another instance take over a run that stopped renewing its lease; the stalled one backs off', async () => {
    h = await startAt(local('2026-11-27 17:00'));
    const second = await h.restart({ syncOrgOnStart: false });
    const users = await activeIds(h.ds);
    const hold = gate();
    const job = fakeJob({ holdAfter: 6, hold: hold.promise });
    const stalled = h.app.jobs.runJob(job, FRIDAY_17);
    await waitForOutboxRows(h.ds, 6);
    // The first instance stalls (a long pause): its lease runs out without renewal.
    await h.ds.getRepository(JobRun).update({ job: 'fake_push' }, { lockedUntil: local('2026-11-27 16:59') });

    const takeover = await second.jobs.runJob(job, FRIDAY_17);
    expect(takeover).toMatchObject({ status: 'done', resumed: true, counts: { duplicates: 6, queued: users.length - 6 } });
    hold.open();
    expect(await stalled).toMatchObject({ status: 'lease-lost' });
    await Promise.all([h.app.settle(), second.settle()]);

    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(reports(h.sim)).toHaveLength(1);
    expect(await h.ds.getRepository(OutboxMessage).count()).toBe(users.length + 1);
    const row = await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' });
    expect(row).toMatchObject({ state: 'done', attempts: 2 });
  });
});
