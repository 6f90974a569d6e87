/**
 * The job scheduler of one process: node-cron tasks in the configured time zone fire runJob; at
 * start it catches up firings missed within the grace period; every minute it resumes runs whose
 * process died (lease run out). stop() ends the cron tasks and hands in-flight runs back.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import cron, { ScheduledTask } from 'node-cron';
import { LoopHealth, startLoop } from '../background';
import { JobRun } from '../entities';
import type { JobDefinition } from './job';
import { findJob, JOBS, scheduleFor } from './registry';
import { findStaleRuns } from './runner-claim';
import { JobDeps, runJob, RunOutcome } from './runner';
import { floorToMinute, planCatchUp } from './schedule';

export type SchedulerDeps = Omit<JobDeps, 'holder'> & {
  holder?: string;
  /** How often to look for runs whose process died (default every minute). */
  resumeEveryMs?: number;
};

export function newHolderId(): string {
  return `${os.hostname().slice(0, 40)}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export class JobScheduler {
  readonly deps: JobDeps;
  private tasks: ScheduledTask[] = [];
  private resumeLoop: { stop(): Promise<void> } | null = null;
  private readonly resumeHealth: LoopHealth;
  private readonly inFlight = new Set<Promise<RunOutcome>>();
  private readonly abort = new AbortController();
  private resuming = false;

  constructor(
    deps: SchedulerDeps,
    readonly jobs: readonly JobDefinition[] = JOBS,
  ) {
    this.deps = { ...deps, holder: deps.holder ?? newHolderId() };
    this.resumeHealth = new LoopHealth(deps.logger, 'job resume', deps.services.clock);
    this.resumeEvery = deps.resumeEveryMs ?? 60_000;
  }

  private readonly resumeEvery: number;

  private get log() {
    return this.deps.logger;
  }

  scheduleOf(job: JobDefinition): string {
    return scheduleFor(job, this.deps.services.config);
  }

  /** Starts one cron task per job, and the minute tick that resumes abandoned runs. */
  start(): void {
    const timezone = this.deps.services.config.timezone;
    for (const job of this.jobs) {
      const expr = this.scheduleOf(job);
      this.tasks.push(
        cron.schedule(expr, (c) => void this.track(job, floorToMinute(c.date ?? this.deps.services.clock())).catch(() => undefined), {
          timezone,
          name: `job:${job.name}`,
        }),
      );
      this.log.info({ job: job.name, schedule: expr, timezone }, 'job scheduled');
    }
    this.resumeLoop = startLoop(this.resumeHealth, this.resumeEvery, () => this.findAndResume());
  }

  /**
   * Runs, in the background, each job's latest firing within the grace period (a no-op for a
   * period already done or held elsewhere); logs a firing that is too old and never ran.
   */
  catchUp(): Promise<RunOutcome[]> {
    const { config, clock, ds } = this.deps.services;
    const plan = planCatchUp(
      this.jobs.map((job) => ({ job, schedule: this.scheduleOf(job) })),
      config.timezone,
      clock(),
      config.jobs.graceHours * 3600_000,
    );
    const runs = plan.due.map(({ job, firedAt }) => {
      this.log.info({ job: job.name, firedAt: firedAt.toISOString() }, 'catch-up: running the latest firing unless it already ran');
      return this.track(job, firedAt);
    });
    const logged = plan.tooOld.map(async ({ job, firedAt }) => {
      const periodKey = job.periodKeyFor(firedAt, config.timezone);
      if (await ds.getRepository(JobRun).existsBy({ job: job.name, periodKey })) return;
      this.log.warn(
        { job: job.name, periodKey, firedAt: firedAt.toISOString(), graceHours: config.jobs.graceHours },
        'catch-up: a firing was missed longer ago than PERFBOT_JOB_GRACE_H; not run (use perfbot job run to run it by hand)',
      );
    });
    return Promise.all([Promise.all(runs), Promise.all(logged)]).then(([outcomes]) => outcomes);
  }

  /** Resumes runs left running by a process whose lease ran out; never rejects (errors are logged once per episode). */
  async resumeStale(): Promise<RunOutcome[]> {
    return (await this.resumeHealth.run(() => this.findAndResume())) ?? [];
  }

  private async findAndResume(): Promise<RunOutcome[]> {
    if (this.resuming || this.abort.signal.aborted) return [];
    this.resuming = true;
    try {
      const stale = await findStaleRuns(this.deps.services.ds, this.deps.services.clock());
      const runs = stale.flatMap((row) => {
        const job = findJob(row.job, this.jobs);
        if (!job) return [];
        this.log.warn({ job: job.name, periodKey: row.periodKey, lockedBy: row.lockedBy }, 'resuming a job run whose process stopped renewing it');
        // A run that cannot start is logged by track(); the search itself worked.
        return [this.track(job, row.firedAt).catch(() => undefined)];
      });
      return (await Promise.all(runs)).filter((r): r is RunOutcome => r !== undefined);
    } finally {
      this.resuming = false;
    }
  }

  /** Runs a job by name now for the period of `firedAt` (tests, operations). */
  runJob(name: string | JobDefinition, firedAt: Date, opts: { dryRun?: boolean } = {}): Promise<RunOutcome> {
    const job = typeof name === 'string' ? findJob(name, this.jobs) : name;
    if (!job) return Promise.reject(new Error(`unknown job ${String(name)}; known: ${this.jobs.map((j) => j.name).join(', ')}`));
    return this.track(job, firedAt, opts.dryRun);
  }

  /** Resolves when no run started by this scheduler is under way. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Stops the cron tasks and interrupts in-flight runs; they hand their lease back for the next instance. */
  async stop(): Promise<void> {
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
    await this.resumeLoop?.stop();
    this.resumeLoop = null;
    this.abort.abort();
    await this.idle();
  }

  private track(job: JobDefinition, firedAt: Date, dryRun = false): Promise<RunOutcome> {
    if (this.abort.signal.aborted) return Promise.reject(new Error('the job scheduler is stopped'));
    const run = runJob(this.deps, job, firedAt, { dryRun, signal: this.abort.signal });
    const tracked = run.catch((err: unknown) => {
      this.log.error({ err, job: job.name }, 'job run could not be started');
      throw err;
    });
    this.inFlight.add(tracked);
    void tracked.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    return tracked;
  }
}
