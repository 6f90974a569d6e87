/**
 * The job_runs row as a claim: insert (the unique (job, period) key lets one instance win), take
 * over with a conditional update when the holder's lease ran out or the run failed, renew while
 * running, and write the outcome only while the claim still stands.
 */
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../data-source';
import { JobRun } from '../entities';
import type { JobRunCounts } from '../entities/job-run.entity';

export type Claim =
  | { kind: 'claimed'; run: JobRun; resumed: boolean }
  | { kind: 'already-done'; run: JobRun }
  | { kind: 'busy'; run: JobRun };

export interface LeaseOptions {
  ds: DataSource;
  /** Names this process in locked_by. */
  holder: string;
  leaseMs: number;
  clock: () => Date;
}

const ZERO: JobRunCounts = { queued: 0, duplicates: 0, skipped: 0 };

export async function claimRun(o: LeaseOptions, job: string, periodKey: string, firedAt: Date): Promise<Claim> {
  const repo = o.ds.getRepository(JobRun);
  const now = o.clock();
  const lockedUntil = new Date(now.getTime() + o.leaseMs);
  try {
    await repo.insert({
      job, periodKey, firedAt, state: 'running', lockedBy: o.holder, lockedUntil, attempts: 1,
      startedAt: now, finishedAt: null, counts: ZERO, error: null, reportSentAt: null,
    });
    return { kind: 'claimed', run: await repo.findOneByOrFail({ job, periodKey }), resumed: false };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  for (let tries = 0; tries < 3; tries++) {
    const existing = await repo.findOneByOrFail({ job, periodKey });
    if (existing.state === 'done') return { kind: 'already-done', run: existing };
    const at = o.clock();
    if (existing.state === 'running' && existing.lockedUntil && existing.lockedUntil >= at) return { kind: 'busy', run: existing };
    // A failed run, or one whose holder stopped renewing (it died): take it over. Only one
    // instance's conditional update matches; the loser sees a live lease on the next read.
    const res = await repo
      .createQueryBuilder()
      .update()
      .set({ state: 'running', lockedBy: o.holder, lockedUntil: new Date(at.getTime() + o.leaseMs), attempts: () => 'attempts + 1', error: null, finishedAt: null })
      .where('id = :id', { id: existing.id })
      .andWhere("(state = 'failed' OR (state = 'running' AND (locked_until IS NULL OR locked_until < :at)))", { at })
      .execute();
    if (res.affected === 1) return { kind: 'claimed', run: await repo.findOneByOrFail({ id: existing.id }), resumed: true };
  }
  return { kind: 'busy', run: await repo.findOneByOrFail({ job, periodKey }) };
}

/** Extends the lease; false when another instance has taken the run over. */
export async function renewLease(o: LeaseOptions, runId: number): Promise<boolean> {
  const res = await o.ds
    .getRepository(JobRun)
    .createQueryBuilder()
    .update()
    .set({ lockedUntil: new Date(o.clock().getTime() + o.leaseMs) })
    .where("id = :id AND locked_by = :me AND state = 'running'", { id: runId, me: o.holder })
    .execute();
  return res.affected === 1;
}

/** Hands the run back (on shutdown) so that the next instance resumes it at once. */
export async function releaseLease(o: LeaseOptions, runId: number): Promise<void> {
  await o.ds
    .getRepository(JobRun)
    .createQueryBuilder()
    .update()
    .set({ lockedUntil: new Date(o.clock().getTime() - 1) })
    .where("id = :id AND locked_by = :me AND state = 'running'", { id: runId, me: o.holder })
    .execute();
}

/** Writes fields while the claim stands; false when the run was taken over meanwhile. */
export async function updateClaimed(o: LeaseOptions, runId: number, changes: Partial<JobRun>): Promise<boolean> {
  const res = await o.ds
    .getRepository(JobRun)
    .createQueryBuilder()
    .update()
    .set(changes as Record<string, unknown>)
    .where("id = :id AND locked_by = :me AND state = 'running'", { id: runId, me: o.holder })
    .execute();
  return res.affected === 1;
}

/** Ends the run as done or failed and drops the lease (only while the claim stands). */
export function finishRun(
  o: LeaseOptions,
  runId: number,
  outcome: { state: 'done'; counts: JobRunCounts } | { state: 'failed'; counts: JobRunCounts; error: string },
): Promise<boolean> {
  return updateClaimed(o, runId, {
    state: outcome.state,
    counts: outcome.counts,
    error: outcome.state === 'failed' ? outcome.error.slice(0, 2000) : null,
    finishedAt: o.clock(),
    lockedUntil: null,
  });
}

/** Runs left running by a process whose lease ran out: the scheduler resumes them. */
export async function findStaleRuns(ds: DataSource, now: Date): Promise<JobRun[]> {
  return ds
    .getRepository(JobRun)
    .createQueryBuilder('r')
    .where("r.state = 'running' AND r.locked_until < :now", { now })
    .orderBy('r.id', 'ASC')
    .getMany();
}
