/**
 * Runs one firing of a job exactly once: claims (job, period) in job_runs, renews the lease while
 * the job body runs, resumes a run whose process died (deliver() keys make the resumed body send
 * nothing twice), waits for delivery and reports to HR, then marks the run done. A dry run
 * collects what would be sent and writes nothing.
 */
import type { BotServices } from '../bot/context';
import type { JobRunCounts } from '../entities/job-run.entity';
import type { Logger } from '../logger';
import type { JobDefinition, JobRunInfo } from './job';
import { claimRun, finishRun, LeaseOptions, releaseLease, renewLease, updateClaimed } from './runner-claim';
import { createJobContext, DryRunMessage, RunInterrupted, RunTally, SkippedEntry } from './runner-context';
import { collectDelivery, sendRunReport, waitForDelivery } from './runner-report';

export interface JobDeps {
  services: BotServices;
  logger: Logger;
  /** Names this process in job_runs.locked_by. */
  holder: string;
  /** How long a claim lasts without renewal (default 2 min); renewed every third of it. */
  leaseMs?: number;
  /** How long to wait for delivery before reporting (default config.jobs.reportWaitMs). */
  reportWaitMs?: number;
  reportPollMs?: number;
}

export interface RunOptions {
  dryRun?: boolean;
  /** Aborted on shutdown: the run stops, hands its lease back and is resumed by the next instance. */
  signal?: AbortSignal;
}

export type RunOutcome =
  | { status: 'done'; runId: number; periodKey: string; resumed: boolean; counts: JobRunCounts; reportedTo: string[] }
  | { status: 'dry-run'; periodKey: string; messages: DryRunMessage[]; skipped: SkippedEntry[] }
  | { status: 'already-done' | 'busy'; runId: number; periodKey: string }
  | { status: 'failed'; runId: number; periodKey: string; error: string }
  | { status: 'aborted' | 'lease-lost'; runId: number; periodKey: string };

const DEFAULT_LEASE_MS = 120_000;

const newTally = (): RunTally => ({ queued: 0, duplicates: 0, skipped: [], messages: [] });
const countsOf = (t: RunTally): JobRunCounts => ({ queued: t.queued, duplicates: t.duplicates, skipped: t.skipped.length });
const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Resolves with `work`, or rejects with RunInterrupted('aborted') as soon as `signal` aborts. */
function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined); // an abandoned body may still fail later; nobody awaits it then
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RunInterrupted('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export async function runJob(deps: JobDeps, def: JobDefinition, firedAt: Date, opts: RunOptions = {}): Promise<RunOutcome> {
  const { services } = deps;
  const periodKey = def.periodKeyFor(firedAt, services.config.timezone);
  const log = deps.logger.child({ job: def.name, periodKey });
  if (opts.dryRun) return dryRun(deps, def, { id: 0, job: def.name, periodKey, firedAt, dryRun: true }, log, opts.signal);

  const lease: LeaseOptions = { ds: services.ds, holder: deps.holder, leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS, clock: services.clock };
  const claim = await claimRun(lease, def.name, periodKey, firedAt);
  if (claim.kind !== 'claimed') {
    log.info({ runId: claim.run.id, state: claim.run.state, lockedBy: claim.run.lockedBy }, claim.kind === 'busy' ? 'job run held by another process' : 'job run already done');
    return { status: claim.kind, runId: claim.run.id, periodKey };
  }
  const row = claim.run;
  // A resumed run keeps the instant it was first fired for, so its body builds the same keys.
  const run: JobRunInfo = { id: row.id, job: def.name, periodKey, firedAt: row.firedAt, dryRun: false };
  let interrupted: RunInterrupted | null = null;
  const checkpoint = () => {
    if (opts.signal?.aborted) interrupted ??= new RunInterrupted('aborted');
    if (interrupted) throw interrupted;
  };
  const renewer = setInterval(() => {
    renewLease(lease, row.id).then(
      (held) => {
        if (!held) interrupted ??= new RunInterrupted('lease-lost');
      },
      (err: unknown) => log.warn({ err }, 'could not renew the job run lease; will try again'),
    );
  }, Math.max(1000, Math.floor(lease.leaseMs / 3)));
  renewer.unref();

  const tally = newTally();
  log.info({ runId: row.id, attempt: row.attempts, firedAt: row.firedAt.toISOString() }, claim.resumed ? 'job run resumed' : 'job run started');
  try {
    await untilAborted(def.run(createJobContext({ ds: services.ds, services, log, run, tally, checkpoint })), opts.signal);
    checkpoint();
    const counts: JobRunCounts = { ...row.counts, ...countsOf(tally) };
    if (!(await updateClaimed(lease, row.id, { counts }))) throw new RunInterrupted('lease-lost');
    let reportedTo: string[] = [];
    const anything = counts.queued + counts.duplicates + counts.skipped > 0;
    if (row.reportSentAt === null && anything) {
      const waitMs = deps.reportWaitMs ?? services.config.jobs.reportWaitMs;
      await untilAborted(waitForDelivery(services.ds, run, { waitMs, pollMs: deps.reportPollMs ?? 1000, checkpoint }), opts.signal);
      const delivery = await collectDelivery(services.ds, run);
      Object.assign(counts, { sent: delivery.sent, failed: delivery.failed, unknown: delivery.unknown ?? 0, pending: delivery.pending });
      checkpoint();
      reportedTo = await sendRunReport(services, { title: def.title, run, tally, delivery });
      if (reportedTo.length === 0) log.warn('nobody has the HR role (PERFBOT_HR_USERIDS or perfbot role grant): the run report goes nowhere');
      await updateClaimed(lease, row.id, { reportSentAt: services.clock(), counts });
    }
    if (!(await finishRun(lease, row.id, { state: 'done', counts }))) throw new RunInterrupted('lease-lost');
    log.info({ runId: row.id, counts, reportedTo }, 'job run done');
    return { status: 'done', runId: row.id, periodKey, resumed: claim.resumed, counts, reportedTo };
  } catch (err) {
    const stop = err instanceof RunInterrupted ? err : interrupted;
    if (stop) {
      if (stop.reason === 'aborted') await releaseLease(lease, row.id).catch(() => undefined);
      log.warn({ runId: row.id, reason: stop.reason, counts: countsOf(tally) }, 'job run interrupted; it will be resumed');
      return { status: stop.reason, runId: row.id, periodKey };
    }
    log.error({ err, runId: row.id, counts: countsOf(tally) }, 'job run failed; perfbot job run or the next catch-up retries it');
    await finishRun(lease, row.id, { state: 'failed', counts: countsOf(tally), error: errorText(err) }).catch((e: unknown) =>
      log.error({ err: e, runId: row.id }, 'could not mark the job run failed; its lease runs out and it is resumed'),
    );
    return { status: 'failed', runId: row.id, periodKey, error: errorText(err) };
  } finally {
    clearInterval(renewer);
  }
}

async function dryRun(deps: JobDeps, def: JobDefinition, run: JobRunInfo, log: Logger, signal?: AbortSignal): Promise<RunOutcome> {
  const tally = newTally();
  const checkpoint = () => {
    if (signal?.aborted) throw new RunInterrupted('aborted');
  };
  try {
    await def.run(createJobContext({ ds: deps.services.ds, services: deps.services, log, run, tally, checkpoint }));
  } catch (err) {
    log.error({ err }, 'job dry run failed');
    return { status: 'failed', runId: 0, periodKey: run.periodKey, error: errorText(err) };
  }
  log.info({ messages: tally.messages.length, skipped: tally.skipped.length }, 'job dry run done');
  return { status: 'dry-run', periodKey: run.periodKey, messages: tally.messages, skipped: tally.skipped };
}
