/**
 * Benchmark of the Friday push: the weekly scorecard job (src/jobs/weekly-scorecard.ts, run through
 * the job runner's runJob) to every employee of a 10,000-person bench org, delivered by the outbox
 * sender through the WeCom simulator with its frequency limits on (30/min per member, 10,000/min
 * per API). Checks: every card sent, no 45009/45033 provoked, nothing silently dropped, throughput
 * within 5% of OUTBOX_RATE_PER_MIN; reports our time per card (the job body, and our CPU per send).
 *
 *   npm run bench:push -- [--employees 10000] [--rate 6000] [--records 100000] [--db sqlite|mariadb] [--job weekly|simple]
 *
 * Why --rate defaults to 6000/min: 60% of the per-API ceiling (10,000/min per corp in WeCom's doc
 * and the simulator), leaving room for the corp's other calls (gettoken, card updates from taps,
 * other apps sharing the corp limit), and 10,000 cards then take 100 s, long enough for start-up
 * effects to vanish in the rate. The service's own default, 1200/min, stays below the older
 * documented 2,000/min; `--rate 1200` measures it (≈ 8 min 20 s for 10,000 cards).
 *
 * Phases: seed (not measured); the job body with the outbox sender paused, so its CPU is the job's
 * alone; then delivery, the sender alone, until the runner sees every row of the run sent. The
 * simulator runs in a child process (bench/push-sim.ts) so process.cpuUsage() is our side only
 * (on MariaDB the database's own CPU is not in it; on SQLite it is, better-sqlite3 runs in-process).
 * Prints a markdown table to stdout, progress to stderr, writes bench/results/push.json
 * (push-mariadb.json on MariaDB); exits 1 when a check fails.
 */
import { parseArgs } from 'node:util';
import type { App } from '../src/app';
import { periodOf } from '../src/domain/periods';
import type { JobDefinition } from '../src/jobs/job';
import { runJob } from '../src/jobs/runner';
import { weeklyScorecardJob } from '../src/jobs/weekly-scorecard';
import { buildBenchEmployees } from './common/bench-org';
import { createProgress, runBench, wholeNumber } from './common/cli';
import { chooseDatabase, describeDatabase, openFreshDatabase } from './common/database';
import { describeMachine } from './common/machine';
import { writeResults } from './common/results';
import { seconds, timeOnce } from './common/timing';
import { seedPushDatabase, simplePushJob, startPushApp } from './push-app';
import { achievedRate, formatMarkdown, judge, passed, type PushBenchReport } from './push-report';
import { forkPushSim, type PushSim } from './push-sim-stats';

const TIME_ZONE = 'Asia/Shanghai';
/** Friday 27 November 2026, 17:00 in Shanghai: the weekly job's default firing, week 2026-W48. */
const FIRED_AT = new Date('2026-11-27T09:00:00.000Z');
const progress = createProgress('push');

function readSettings(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      employees: { type: 'string', default: '10000' },
      records: { type: 'string', default: '100000' },
      rate: { type: 'string', default: '6000' },
      job: { type: 'string', default: 'weekly' },
    },
  });
  if (values.job !== 'weekly' && values.job !== 'simple') throw new Error(`--job must be weekly or simple, not ${values.job}`);
  return {
    db: values.db,
    employees: wholeNumber('employees', values.employees, 1, 1_000_000),
    records: wholeNumber('records', values.records, 0, 100_000_000),
    rate: wholeNumber('rate', values.rate, 1, 100_000),
    job: values.job === 'weekly' ? weeklyScorecardJob : simplePushJob,
  };
}

interface Measured {
  def: JobDefinition;
  job: PushBenchReport['job'];
  deliveryStart: { at: number; cpu: NodeJS.CpuUsage; elu: ReturnType<typeof performance.eventLoopUtilization> } | null;
}

/** The job as the runner sees it (same name, so the same run key), timed, with the sender paused during its body. */
function measure(job: JobDefinition, app: App): Measured {
  const m: Measured = { def: job, job: { wallMs: 0, cpuMs: 0, cards: 0 }, deliveryStart: null };
  m.def = {
    ...job,
    async run(ctx) {
      await app.sender.stop();
      const started = performance.now();
      const cpu = process.cpuUsage();
      try {
        await job.run(ctx);
      } finally {
        const used = process.cpuUsage(cpu);
        m.job.wallMs = performance.now() - started;
        m.job.cpuMs = (used.user + used.system) / 1000;
        m.deliveryStart = { at: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization() };
        app.sender.start();
      }
    },
  };
  return m;
}

async function main(): Promise<void> {
  const s = readSettings(process.argv.slice(2));
  const db = chooseDatabase(s.db);
  const week = periodOf('week', FIRED_AT, TIME_ZONE);
  const employees = buildBenchEmployees(s.employees);
  const ds = await openFreshDatabase(db.config);
  let sim: PushSim | null = null;
  let app: App | null = null;
  try {
    progress(`seeding ${s.employees} employees and ${s.records} records on ${db.kind} …`);
    const seed = await timeOnce(() => seedPushDatabase(ds, employees, week, s.records, new Date()));
    const database = await describeDatabase(ds);
    progress(`seeded in ${seconds(seed.ms, 1)} s; starting the simulator process and the app (OUTBOX_RATE_PER_MIN=${s.rate}) …`);
    sim = await forkPushSim(s.employees);
    app = await startPushApp(ds, db, sim.url, s.rate);
    const measured = measure(s.job, app);
    const expectedMs = (s.employees / s.rate) * 60_000;
    progress(`running ${s.job.name} for ${week.key}; delivery should take about ${seconds(expectedMs, 0)} s …`);
    const deps = { services: app.services, logger: app.logger, holder: 'bench-push', reportWaitMs: expectedMs * 2 + 120_000, reportPollMs: 200 };
    const outcome = await runJob(deps, measured.def, FIRED_AT);
    if (outcome.status !== 'done') throw new Error(`the run ended ${outcome.status}: ${JSON.stringify(outcome)}`);
    const start = measured.deliveryStart;
    if (!start) throw new Error('the job body never ran');
    const cpu = process.cpuUsage(start.cpu);
    const delivery = {
      wallMs: performance.now() - start.at,
      cpuMs: (cpu.user + cpu.system) / 1000,
      eventLoopUtilization: performance.eventLoopUtilization(start.elu).utilization,
    };
    const stats = await sim.stats(60_000 / s.rate);
    const c = outcome.counts;
    measured.job.cards = c.queued;
    const partial: Omit<PushBenchReport, 'checks'> = {
      when: new Date().toISOString(),
      machine: describeMachine(database),
      settings: { db: db.kind, employees: s.employees, records: s.records, ratePerMinute: s.rate, job: s.job.name, period: week.key, firedAt: FIRED_AT.toISOString() },
      seed: { ms: seed.ms },
      run: { status: outcome.status, queued: c.queued, skipped: c.skipped, sent: c.sent ?? 0, failed: c.failed ?? 0 },
      job: measured.job,
      delivery,
      sim: stats,
      achievedPerMinute: achievedRate(stats),
    };
    const report: PushBenchReport = { ...partial, checks: judge(partial) };
    process.stdout.write(formatMarkdown(report) + '\n');
    progress(`wrote ${writeResults(db.kind === 'sqlite' ? 'push.json' : `push-${db.kind}.json`, report)}`);
    if (!passed(report.checks)) process.exitCode = 1;
  } finally {
    await app?.stop();
    await sim?.stop();
    await ds.destroy();
    db.cleanup();
  }
}

runBench(progress, main);
