/**
 * `perfbot job run <job> [--date 2026-11-27] [--dry-run] [--force]` and `perfbot job list`. A run
 * by hand goes through the same claim as a scheduled one (a period already done is not sent again)
 * and delivers its own outbox rows, so it works with or without the service running. A period
 * whose firing time has not come yet is refused (a real run would mark it done, so the scheduled
 * push would then send nothing); --force runs it anyway, with a warning.
 */
import type { DataSource } from 'typeorm';
import type { BotServices } from '../bot/context';
import type { Config } from '../config';
import { formatLocal, parseLocal } from '../domain/periods';
import { JobRun } from '../entities';
import type { JobDefinition } from '../jobs/job';
import { findJob, JOBS, scheduleFor } from '../jobs/registry';
import { JobDeps, runJob, RunOutcome } from '../jobs/runner';
import { newHolderId } from '../jobs/runner-scheduler';
import { firedAtFor, nextFiring } from '../jobs/schedule';
import { cliWeComConfig } from '../repositories/service-endpoints';
import type { Logger } from '../logger';
import { Outbox } from '../outbox/outbox-service';
import { OutboxSender } from '../outbox/sender';
import { WeComClient } from '../wecom/client';
import { DbTokenStore } from '../wecom/db-token-store';
import { type Command, parseOptions, withDatabase } from './command';

type Print = (line: string) => void;

export interface JobRunRequest {
  job: JobDefinition;
  date?: string;
  dryRun: boolean;
  /** Run a period whose firing time is still in the future. */
  force?: boolean;
}

/** Reads `<job> [--date YYYY-MM-DD] [--dry-run]`; a string is the error to show. */
export function parseJobRunArgs(args: string[], jobs: readonly JobDefinition[] = JOBS): JobRunRequest | string {
  const { positional, options } = parseOptions(args);
  const known = jobs.map((j) => j.name).join(', ');
  if (positional.length !== 1) return `name one job (${known})`;
  const job = findJob(positional[0], jobs);
  if (!job) return `unknown job "${positional[0]}"; known: ${known}`;
  const date = options.date;
  if (date === true) return '--date needs a date such as 2026-11-27';
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) return `--date must look like 2026-11-27, not "${date}"`;
  return { job, date, dryRun: options['dry-run'] === true, ...(options.force === true ? { force: true } : {}) };
}

/** Runs the request through the runner and prints the outcome; resolves with the exit code. */
export async function runJobByHand(deps: JobDeps, req: JobRunRequest, print: Print = console.log): Promise<number> {
  const { config, clock } = deps.services;
  if (req.date) parseLocal(req.date, config.timezone); // throws on 2026-02-30
  const firedAt = firedAtFor(scheduleFor(req.job, config), config.timezone, clock(), req.date);
  const firedLocal = formatLocal(firedAt, config.timezone);
  if (!req.dryRun && firedAt.getTime() > clock().getTime()) {
    if (!req.force) {
      print(
        `${req.job.name} (${req.job.title}) for ${req.date}: refused, its firing time ${firedLocal} has not come yet. ` +
          'A run now would mark the period done and the scheduled run would then send nothing. ' +
          'Use --dry-run to preview, or --force to send it now anyway.',
      );
      return 2;
    }
    print(`warning: ${req.job.name} runs before its firing time ${firedLocal} (--force); the scheduled run for this period will send nothing`);
    deps.logger.warn({ job: req.job.name, firedAt }, 'job run forced before its firing time');
  }
  const outcome = await runJob(deps, req.job, firedAt, { dryRun: req.dryRun });
  for (const line of describeOutcome(req.job, outcome, firedLocal)) print(line);
  return outcome.status === 'done' || outcome.status === 'dry-run' || outcome.status === 'already-done' ? 0 : 1;
}

export function describeOutcome(job: JobDefinition, o: RunOutcome, firedAtLocal: string): string[] {
  const head = `${job.name} (${job.title}) ${o.periodKey}, fired ${firedAtLocal}`;
  switch (o.status) {
    case 'dry-run': {
      const lines = [`${head}: dry run, nothing written: ${o.messages.length} message(s), ${o.skipped.length} skipped`];
      for (const m of o.messages) lines.push(`  → ${m.userId.padEnd(16)} ${m.summary}`);
      for (const s of o.skipped) lines.push(`  ✗ ${s.userId.padEnd(16)} skipped: ${s.reason}`);
      return lines;
    }
    case 'done': {
      const c = o.counts;
      const report = o.reportedTo.length ? `report to ${o.reportedTo.join(', ')}` : 'no report sent';
      return [
        `${head}: done (run #${o.runId}${o.resumed ? ', resumed' : ''})`,
        `  queued ${c.queued}, already queued ${c.duplicates}, skipped ${c.skipped}; sent ${c.sent ?? '-'}, failed ${c.failed ?? '-'}, pending ${c.pending ?? '-'}; ${report}`,
      ];
    }
    case 'already-done':
      return [`${head}: already done (run #${o.runId}); nothing sent again`];
    case 'busy':
      return [`${head}: another process is running it (run #${o.runId}); try again later or see perfbot job list`];
    case 'failed':
      return [`${head}: failed${o.runId ? ` (run #${o.runId})` : ''}: ${o.error}`];
    default:
      return [`${head}: interrupted (${o.status}, run #${o.runId}); it will be resumed`];
  }
}

/** The jobs with their schedule and next firing, then the most recent runs. */
export async function listJobs(ds: DataSource, config: Config, print: Print = console.log, limit = 20): Promise<void> {
  const tz = config.timezone;
  print(`jobs (time zone ${tz}):`);
  for (const job of JOBS) {
    const expr = scheduleFor(job, config);
    const next = nextFiring(expr, tz);
    print(`  ${job.name.padEnd(18)} ${job.title.padEnd(8, '　')} ${expr.padEnd(14)} next ${next ? formatLocal(next, tz) : '-'}`);
  }
  const runs = await ds.getRepository(JobRun).find({ order: { id: 'DESC' }, take: limit });
  print(runs.length ? 'recent runs:' : 'no runs yet');
  for (const r of runs) {
    const c = r.counts;
    const times = `started ${formatLocal(r.startedAt, tz)}${r.finishedAt ? `, finished ${formatLocal(r.finishedAt, tz)}` : ''}`;
    const delivery = c.sent !== undefined ? `; sent ${c.sent}, failed ${c.failed ?? 0}${c.unknown ? `, unknown ${c.unknown}` : ''}, pending ${c.pending ?? 0}` : '';
    print(
      `  #${r.id} ${r.job} ${r.periodKey} ${r.state}${r.attempts > 1 ? ` (attempt ${r.attempts})` : ''}: queued ${c.queued}, already queued ${c.duplicates}, skipped ${c.skipped}${delivery}; ${times}${r.error ? `; error: ${r.error}` : ''}`,
    );
  }
}

/** What `job run` needs around the database: a client, the outbox and (unless a dry run) a sender for its rows. */
export async function withJobServices<T>(config: Config, log: Logger, send: boolean, fn: (services: BotServices) => Promise<T>): Promise<T> {
  return withDatabase(config, async (ds) => {
    const clock = () => new Date();
    const wecom = new WeComClient({ ...(await cliWeComConfig(ds, config)), tokenStore: new DbTokenStore(ds), logger: log, clock });
    const outbox = new Outbox(ds, clock);
    const sender = new OutboxSender({ ds, transport: wecom, logger: log, clock, ...config.outbox });
    outbox.onEnqueue(() => sender.notify());
    if (send) sender.start();
    try {
      const result = await fn({ ds, wecom, outbox, config, clock });
      if (send) await sender.drain(); // the HR report was queued last
      return result;
    } finally {
      await sender.stop();
    }
  });
}

export const JOB_COMMANDS: Record<string, Command> = {
  'job run': {
    usage: 'perfbot job run <job> [--date 2026-11-27] [--dry-run] [--force]',
    help: 'run a scheduled job now for the period of a date; --dry-run prints what would be sent; a period whose firing time is still ahead needs --force',
    async run(args, config, log) {
      const req = parseJobRunArgs(args);
      if (typeof req === 'string') {
        console.error(`${req}\nusage: ${this.usage}`);
        return 2;
      }
      return withJobServices(config, log, !req.dryRun, (services) =>
        runJobByHand({ services, logger: log, holder: `cli:${newHolderId()}`.slice(0, 64) }, req),
      );
    },
  },
  'job list': {
    usage: 'perfbot job list',
    help: 'show the jobs with their schedule and next firing, and recent runs with state and counts',
    async run(_args, config) {
      await withDatabase(config, (ds) => listJobs(ds, config));
      return 0;
    },
  },
};
