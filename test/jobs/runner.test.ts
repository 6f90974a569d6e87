/**
 * The job runner on one instance: a run claims (job, period) once, a second firing does nothing,
 * a dry run writes nothing and does not block the real run, a failed run is retried without
 * sending twice, a run held by a live lease elsewhere is left alone, and HR gets one report.
 */
import { JobRun, OutboxMessage } from '../../src/entities';
import { claimRun, renewLease } from '../../src/jobs/runner-claim';
import type { Harness } from '../helpers/app';
import {
  activeIds, expectOnePerUser, fakeJob, fakeTextsPerUser, FRIDAY_17, local, reports, startAt,
} from './runner-helpers';

describe('job runner', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt(local('2026-11-27 17:05'));
  });
  afterEach(async () => {
    await h.close();
  });

  it('runs a firing once: one text per active employee, the run done with counts, one report to HR', async () => {
    const job = fakeJob();
    const users = await activeIds(h.ds);
    const outcome = await h.app.jobs.runJob(job, FRIDAY_17);
    await h.app.settle();

    expect(outcome).toMatchObject({ status: 'done', periodKey: '2026-W48', resumed: false, reportedTo: ['heping'] });
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    const run = await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push', periodKey: '2026-W48' });
    expect(run).toMatchObject({ state: 'done', attempts: 1, error: null, lockedUntil: null });
    expect(run.counts).toEqual({ queued: users.length, duplicates: 0, skipped: 0, sent: users.length, failed: 0, unknown: 0, pending: 0 });
    expect(run.reportSentAt).not.toBeNull();
    expect(run.finishedAt).not.toBeNull();

    const [report, ...more] = reports(h.sim);
    expect(more).toHaveLength(0);
    expect(report.to).toBe('heping');
    expect(report.content).toContain('**推送报告｜测试推送**');
    expect(report.content).toContain('周期：2026-W48　计划时间：2026-11-27 17:00');
    expect(report.content).toContain(`应发 ${users.length} 条：已送达 ${users.length}，失败 0`);
    expect(report.content).not.toContain('跳过');

    // The same firing again (a second cron tick, a catch-up, a hand run): nothing.
    const again = await h.app.jobs.runJob(job, local('2026-11-27 12:00'));
    await h.app.settle();
    expect(again).toMatchObject({ status: 'already-done', runId: run.id });
    expect(job.invocations).toBe(1);
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(reports(h.sim)).toHaveLength(1);
  });

  it('a dry run lists recipients and summaries, writes nothing and does not block the real run', async () => {
    const job = fakeJob({ skip: { zhaolei: '未分配指标' } });
    const users = await activeIds(h.ds);
    const dry = await h.app.jobs.runJob(job, FRIDAY_17, { dryRun: true });
    await h.app.settle();

    expect(dry.status).toBe('dry-run');
    if (dry.status !== 'dry-run') return;
    expect(dry.messages.map((m) => m.userId).sort()).toEqual(users.filter((u) => u !== 'zhaolei').sort());
    expect(dry.messages[0].summary).toBe('文本：本周推送 2026-W48');
    expect(dry.skipped).toEqual([{ userId: 'zhaolei', reason: '未分配指标' }]);
    expect(await h.ds.getRepository(JobRun).count()).toBe(0);
    expect(await h.ds.getRepository(OutboxMessage).count()).toBe(0);
    expect(h.sim.sent).toHaveLength(0);

    const real = await h.app.jobs.runJob(job, FRIDAY_17);
    await h.app.settle();
    expect(real).toMatchObject({ status: 'done', counts: { queued: users.length - 1, skipped: 1 } });
    expectOnePerUser(fakeTextsPerUser(h.sim), users.filter((u) => u !== 'zhaolei'));
  });

  it('a run that fails part-way is marked failed; the retry sends only what is missing and reports the resume', async () => {
    const job = fakeJob({ failAfter: 5 });
    const users = await activeIds(h.ds);
    const failed = await h.app.jobs.runJob(job, FRIDAY_17);
    await h.app.settle();
    expect(failed).toMatchObject({ status: 'failed', error: 'database went away' });
    const row = await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' });
    expect(row).toMatchObject({ state: 'failed', error: 'database went away', reportSentAt: null });
    expect(row.counts).toMatchObject({ queued: 5 });
    expect(reports(h.sim)).toHaveLength(0); // no report for a failed run

    const retried = await h.app.jobs.runJob(job, FRIDAY_17);
    await h.app.settle();
    expect(retried).toMatchObject({ status: 'done', resumed: true, counts: { queued: users.length - 5, duplicates: 5 } });
    expectOnePerUser(fakeTextsPerUser(h.sim), users);
    expect(await h.ds.getRepository(JobRun).findOneByOrFail({ id: row.id })).toMatchObject({ state: 'done', attempts: 2, error: null });
    const [report] = reports(h.sim);
    expect(report.content).toContain(`应发 ${users.length} 条：已送达 ${users.length}，失败 0`);
    expect(report.content).toContain('续跑：5 条在中断前已排队，未重复发送');
  });

  it('leaves a run alone while another process holds a live lease', async () => {
    const started = local('2026-11-27 17:01');
    await h.ds.getRepository(JobRun).insert({
      job: 'fake_push', periodKey: '2026-W48', firedAt: FRIDAY_17, state: 'running', lockedBy: 'other-host:1:abcd',
      lockedUntil: local('2026-11-27 17:06'), attempts: 1, startedAt: started, counts: { queued: 3, duplicates: 0, skipped: 0 },
    });
    const job = fakeJob();
    const outcome = await h.app.jobs.runJob(job, FRIDAY_17);
    await h.app.settle();
    expect(outcome).toMatchObject({ status: 'busy', periodKey: '2026-W48' });
    expect(job.invocations).toBe(0);
    expect(h.sim.sent).toHaveLength(0);
    expect(await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' })).toMatchObject({ lockedBy: 'other-host:1:abcd', attempts: 1 });
  });

  it('claims with a lease that its holder renews, and that another holder takes over only once it has run out', async () => {
    let now = local('2026-11-27 17:00');
    const lease = (holder: string) => ({ ds: h.ds, holder, leaseMs: 60_000, clock: () => now });
    const a = await claimRun(lease('a'), 'fake_push', '2026-W48', FRIDAY_17);
    expect(a).toMatchObject({ kind: 'claimed', resumed: false, run: { lockedBy: 'a', attempts: 1 } });
    now = new Date(FRIDAY_17.getTime() + 30_000); // inside the lease
    expect(await claimRun(lease('b'), 'fake_push', '2026-W48', FRIDAY_17)).toMatchObject({ kind: 'busy' });
    now = new Date(FRIDAY_17.getTime() + 50_000);
    expect(await renewLease(lease('a'), a.run.id)).toBe(true); // now runs until 17:01:50
    now = new Date(FRIDAY_17.getTime() + 100_000);
    expect(await claimRun(lease('b'), 'fake_push', '2026-W48', FRIDAY_17)).toMatchObject({ kind: 'busy' });
    now = new Date(FRIDAY_17.getTime() + 111_000); // a stopped renewing
    const b = await claimRun(lease('b'), 'fake_push', '2026-W48', FRIDAY_17);
    expect(b).toMatchObject({ kind: 'claimed', resumed: true, run: { lockedBy: 'b', attempts: 2 } });
    expect(await renewLease(lease('a'), a.run.id)).toBe(false); // a learns it lost the run
    expect(await renewLease(lease('b'), a.run.id)).toBe(true);
  });

  it('reports failures with WeCom reasons and the failed userids, and skips with their reasons', async () => {
    const job = fakeJob({ ghosts: ['ghost1', 'ghost2'], skip: { sunli: '未分配指标', zhaolei: '未分配指标', wuhao: '已离职' } });
    const users = await activeIds(h.ds);
    h.sim.failNext('message/send', 40056, 1); // the first send: not retryable
    const outcome = await h.app.jobs.runJob(job, FRIDAY_17);
    await h.app.settle();

    const rows = users.length - 3 + 2;
    expect(outcome).toMatchObject({ status: 'done', counts: { queued: rows, skipped: 3, sent: rows - 3, failed: 3, pending: 0 } });
    const [report, ...more] = reports(h.sim);
    expect(more).toHaveLength(0);
    expect(report.content).toContain(`应发 ${rows} 条：已送达 ${rows - 3}，失败 3`);
    expect(report.content).toContain('**失败 3 条**');
    expect(report.content).toContain('> 81013 全部接收人无效 × 2：ghost1、ghost2');
    expect(report.content).toMatch(/> 40056 应用 agentid 无效 × 1：[\u4e00-\u9fa5]+$/m); // a name, not an account
    expect(report.content).toContain('**跳过 3 人**');
    expect(report.content).toContain('> 未分配指标 × 2：孙丽、赵磊');
    expect(report.content).toContain('> 已离职 × 1：吴昊');
    const failed = await h.ds.getRepository(OutboxMessage).findBy({ status: 'failed' });
    expect(failed.map((r) => r.errcode).sort()).toEqual([40056, 81013, 81013]);
  });
});
