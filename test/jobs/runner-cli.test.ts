/**
 * `perfbot job run` and `perfbot job list`: the command functions run against the test database
 * (their own connection, as the CLI process has) and the simulator.
 */
import { JOB_COMMANDS, parseJobRunArgs, runJobByHand } from '../../src/cli/job-commands';
import type { Config } from '../../src/config';
import { JobRun, OutboxMessage } from '../../src/entities';
import { JOBS } from '../../src/jobs/registry';
import { loadConfig } from '../../src/config';
import { recordEndpoint, SANDBOX_ENDPOINT } from '../../src/repositories/service-endpoints';
import { startSandbox } from '../../src/sandbox/sandbox-mode';
import net from 'node:net';
import type { Harness } from '../helpers/app';
import { isMysql } from '../helpers/db';
import { activeIds, expectOnePerUser, fakeJob, fakeTextsPerUser, local, reports, startAt } from './runner-helpers';

describe('perfbot job commands', () => {
  let h: Harness;
  let out: string[];
  let config: Config;
  beforeEach(async () => {
    h = await startAt(local('2026-12-02 10:00'));
    out = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void out.push(String(line)));
    const database: Config['database'] = isMysql()
      ? { type: 'mysql', url: process.env.DATABASE_URL! }
      : { type: 'sqlite', file: String(h.ds.options.database) };
    config = { ...h.config, database };
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await h.close();
  });

  it('parses the job, --date and --dry-run, and refuses what it cannot use', () => {
    expect(parseJobRunArgs(['weekly-scorecard', '--date', '2026-11-27', '--dry-run'])).toEqual({
      job: JOBS[0], date: '2026-11-27', dryRun: true,
    });
    expect(parseJobRunArgs(['review_todo'])).toMatchObject({ job: { name: 'review_todo' }, dryRun: false });
    expect(parseJobRunArgs([])).toMatch(/^name one job \(weekly_scorecard, review_todo, review_reminder, org_sync, talent_quarterly, plan_checkin, alerts, outcomes_monthly\)/);
    expect(parseJobRunArgs(['payroll'])).toMatch(/^unknown job "payroll"/);
    expect(parseJobRunArgs(['org_sync', '--date'])).toBe('--date needs a date such as 2026-11-27');
    expect(parseJobRunArgs(['org_sync', '--date', '27.11.2026'])).toBe('--date must look like 2026-11-27, not "27.11.2026"');
  });

  it('a dry run by hand prints recipients and summaries and writes nothing; the real run then sends once', async () => {
    const job = fakeJob({ skip: { zhaolei: '未分配指标' } });
    const users = await activeIds(h.ds);
    const deps = { services: h.app.services, logger: h.app.logger, holder: 'cli:test', reportPollMs: 20 };
    // A Wednesday: the weekly schedule does not fire that day, so the run stands for its 12:00 (same week).
    expect(await runJobByHand(deps, { job, date: '2026-11-25', dryRun: true }, (l) => out.push(l))).toBe(0);
    expect(out[0]).toBe(`fake_push (测试推送) 2026-W48, fired 2026-11-25 12:00: dry run, nothing written: ${users.length - 1} message(s), 1 skipped`);
    expect(out).toContain(`  → ${'heping'.padEnd(16)} 文本：本周推送 2026-W48`);
    expect(out).toContain(`  ✗ ${'zhaolei'.padEnd(16)} skipped: 未分配指标`);
    expect(await h.ds.getRepository(JobRun).count()).toBe(0);
    expect(await h.ds.getRepository(OutboxMessage).count()).toBe(0);

    out = [];
    expect(await runJobByHand(deps, { job, date: '2026-11-27', dryRun: false }, (l) => out.push(l))).toBe(0);
    await h.app.settle();
    expect(out[0]).toMatch(/^fake_push \(测试推送\) 2026-W48, fired 2026-11-27 17:00: done \(run #\d+\)$/);
    expect(out[1]).toBe(`  queued ${users.length - 1}, already queued 0, skipped 1; sent ${users.length - 1}, failed 0, pending 0; report to heping`);
    expectOnePerUser(fakeTextsPerUser(h.sim), users.filter((u) => u !== 'zhaolei'));

    out = [];
    expect(await runJobByHand(deps, { job, date: '2026-11-23', dryRun: false }, (l) => out.push(l))).toBe(0);
    expect(out[0]).toMatch(/2026-W48, fired 2026-11-23 12:00: already done \(run #\d+\); nothing sent again$/);
  });

  it('runs the real weekly push as a command, lists it, and refuses to send the period twice', async () => {
    const run = JOB_COMMANDS['job run'];
    expect(await run.run(['weekly_scorecard', '--date', '2026-11-27', '--dry-run'], config, h.app.logger)).toBe(0);
    expect(out[0]).toMatch(/^weekly_scorecard \(每周绩效看板\) 2026-W48, fired 2026-11-27 17:00: dry run, nothing written/);
    expect(await h.ds.getRepository(JobRun).count()).toBe(0);
    expect(await h.ds.getRepository(OutboxMessage).count()).toBe(0);

    out = [];
    // The service here runs on a clock frozen days after the CLI's real one, so its sender would take
    // the CLI's fresh leases for expired ones and send them again; real instances share one clock.
    await h.app.sender.stop();
    expect(await run.run(['weekly_scorecard', '--date', '2026-11-27'], config, h.app.logger)).toBe(0);
    await h.app.settle();
    expect(out[0]).toMatch(/^weekly_scorecard \(每周绩效看板\) 2026-W48, fired 2026-11-27 17:00: done \(run #\d+\)$/);
    expect(out[1]).toMatch(/failed 0, pending 0; report to heping$/);
    const sent = h.sim.sent.length;
    expect(sent).toBeGreaterThan(1);
    expect(reports(h.sim)).toHaveLength(1);
    expect(await h.ds.getRepository(OutboxMessage).countBy({ status: 'pending' })).toBe(0);

    out = [];
    expect(await run.run(['weekly_scorecard', '--date', '2026-11-26'], config, h.app.logger)).toBe(0);
    expect(out[0]).toMatch(/already done/);
    expect(h.sim.sent).toHaveLength(sent);

    out = [];
    expect(await JOB_COMMANDS['job list'].run([], config, h.app.logger)).toBe(0);
    expect(out[0]).toBe('jobs (time zone Asia/Shanghai):');
    expect(out[1]).toMatch(/^ {2}weekly_scorecard +每周绩效看板\s+0 17 \* \* 5 +next \d{4}-\d{2}-\d{2} 17:00$/);
    expect(out.some((l) => /^ {2}org_sync +通讯录同步.* 30 2 \* \* \* +next \d{4}-\d{2}-\d{2} 02:30$/.test(l))).toBe(true);
    expect(out).toContain('recent runs:');
    expect(out.find((l) => l.includes('weekly_scorecard 2026-W48 done'))).toMatch(/queued \d+, already queued 0, skipped \d+; sent \d+, failed 0, pending 0; started .+, finished .+/);
  });

  it('says there are no runs yet, and rejects a bad command line with the usage', async () => {
    expect(await JOB_COMMANDS['job list'].run([], config, h.app.logger)).toBe(0);
    expect(out).toContain('no runs yet');
    out = [];
    expect(await JOB_COMMANDS['job run'].run(['nope'], config, h.app.logger)).toBe(2);
    expect(out[0]).toMatch(/^unknown job "nope"; known: .*\nusage: perfbot job run <job> \[--date 2026-11-27\] \[--dry-run\] \[--force\]$/);
  });

  it('refuses to run a future period by hand (the real Friday push would send nothing), unless forced', async () => {
    // The service's clock: Wednesday 2 December 2026, 10:00; W49's push fires Friday 4 December 17:00.
    const deps = { services: h.app.services, logger: h.app.logger, holder: 'cli:test', reportPollMs: 20 };
    const weekly = JOBS.find((j) => j.name === 'weekly_scorecard')!;
    expect(await runJobByHand(deps, { job: weekly, date: '2026-12-04', dryRun: false }, (l) => out.push(l))).toBe(2);
    expect(out[0]).toBe(
      'weekly_scorecard (每周绩效看板) for 2026-12-04: refused, its firing time 2026-12-04 17:00 has not come yet. ' +
        'A run now would mark the period done and the scheduled run would then send nothing. Use --dry-run to preview, or --force to send it now anyway.',
    );
    expect(await h.ds.getRepository(JobRun).count()).toBe(0);
    expect(await h.ds.getRepository(OutboxMessage).count()).toBe(0);

    out = [];
    expect(await runJobByHand(deps, { job: weekly, date: '2026-12-04', dryRun: true }, (l) => out.push(l))).toBe(0);
    expect(out[0]).toMatch(/^weekly_scorecard \(每周绩效看板\) 2026-W49, fired 2026-12-04 17:00: dry run, nothing written/);
    expect(await h.ds.getRepository(JobRun).count()).toBe(0);

    out = [];
    const job = fakeJob();
    expect(await runJobByHand(deps, { job, date: '2026-12-04', dryRun: false, force: true }, (l) => out.push(l))).toBe(0);
    expect(out[0]).toBe('warning: fake_push runs before its firing time 2026-12-04 17:00 (--force); the scheduled run for this period will send nothing');
    expect(out[1]).toMatch(/^fake_push \(测试推送\) 2026-W49, fired 2026-12-04 17:00: done/);

    // The command line: a far future Friday is refused with exit code 2, whatever today is.
    out = [];
    expect(parseJobRunArgs(['weekly_scorecard', '--date', '2036-12-05', '--force'])).toMatchObject({ force: true });
    expect(await JOB_COMMANDS['job run'].run(['weekly_scorecard', '--date', '2036-12-05'], config, h.app.logger)).toBe(2);
    expect(out[0]).toMatch(/^weekly_scorecard \(每周绩效看板\) for 2036-12-05: refused, its firing time 2036-12-05 17:00 has not come yet/);
    expect(await h.ds.getRepository(JobRun).count()).toBe(1);
  });

  it('finds the sandbox service’s simulator from the database, not a default port', async () => {
    // A port nothing listens on stands for the CLI's own (default) idea of where the sandbox is.
    const unused = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(port));
      });
    });
    const serviceConfig = loadConfig({ SANDBOX_PORT: '0', PORT: '0' });
    const sandbox = await startSandbox(serviceConfig, h.app.logger);
    try {
      const cliConfig = { ...loadConfig({ SANDBOX_PORT: String(unused) }), database: config.database };
      expect(cliConfig.sandbox).toBe(true);
      const run = () => JOB_COMMANDS['job run'].run(['org_sync'], cliConfig, h.app.logger);
      expect(await run()).toBe(1); // nothing recorded: the default port, where no simulator is
      out = [];
      await recordEndpoint(h.ds, SANDBOX_ENDPOINT, sandbox.simulator.url, new Date()); // as `npm start` does
      await h.ds.getRepository(JobRun).clear();
      expect(await run()).toBe(0);
      expect(out[0]).toMatch(/^org_sync \(通讯录同步\) \d{4}-\d{2}-\d{2}, fired .*: done/);
    } finally {
      await sandbox.close();
    }
  });
});
