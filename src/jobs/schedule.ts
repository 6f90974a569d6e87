/**
 * Cron matching for the job runner (node-cron's own matcher, in the configured time zone) and the
 * catch-up of firings missed while the service was down.
 */
import cron from 'node-cron';
import { formatLocal, parseLocal } from '../domain/periods';
import type { JobDefinition } from './job';

const MINUTE = 60_000;
/** How far back catch-up looks for a missed firing it will only log (older than the grace). */
const MISSED_LOOKBACK_MS = 8 * 24 * 3600_000;

export function floorToMinute(at: Date): Date {
  return new Date(Math.floor(at.getTime() / MINUTE) * MINUTE);
}

/** Runs `fn` with a matcher for `expr`; the node-cron task behind it is never started, and is destroyed. */
function withMatcher<T>(expr: string, timeZone: string, fn: (matches: (at: Date) => boolean) => T): T {
  const task = cron.createTask(expr, () => undefined, { timezone: timeZone });
  try {
    return fn((at) => task.match(at));
  } finally {
    Promise.resolve(task.destroy()).catch(() => undefined); // a never-started matcher: nothing to report
  }
}

/** The latest firing of `expr` in (now - lookbackMs, now], at minute resolution; null if none. */
export function lastFiring(expr: string, timeZone: string, now: Date, lookbackMs: number): Date | null {
  const earliest = now.getTime() - lookbackMs;
  return withMatcher(expr, timeZone, (matches) => {
    for (let t = floorToMinute(now).getTime(); t > earliest; t -= MINUTE) {
      if (matches(new Date(t))) return new Date(t);
    }
    return null;
  });
}

/** The first firing of `expr` on a local date ('2026-11-27'); null when it does not fire that day. */
export function firingOnDate(expr: string, timeZone: string, date: string): Date | null {
  const start = parseLocal(date, timeZone).getTime();
  return withMatcher(expr, timeZone, (matches) => {
    for (let t = start; t < start + 25 * 60 * MINUTE; t += MINUTE) {
      if (!matches(new Date(t))) continue;
      return formatLocal(new Date(t), timeZone).startsWith(date) ? new Date(t) : null;
    }
    return null;
  });
}

/**
 * The instant a hand-started run stands for: the schedule's time on `date` (12:00 when the schedule
 * does not fire that day); without a date, the latest firing in the past 35 days, else now.
 */
export function firedAtFor(expr: string, timeZone: string, now: Date, date?: string): Date {
  if (date) return firingOnDate(expr, timeZone, date) ?? parseLocal(`${date} 12:00`, timeZone);
  return lastFiring(expr, timeZone, now, 35 * 24 * 3600_000) ?? floorToMinute(now);
}

/** The next firing after the real current time (node-cron computes it from the wall clock). */
export function nextFiring(expr: string, timeZone: string): Date | null {
  const task = cron.createTask(expr, () => undefined, { timezone: timeZone });
  try {
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    Promise.resolve(task.destroy()).catch(() => undefined); // a never-started matcher: nothing to report
  }
}

export interface CatchUpPlan {
  job: JobDefinition;
  firedAt: Date;
}

/**
 * For each job, the latest firing within the grace period before now (`due`: the runner runs it,
 * and the run key makes that a no-op when it already ran, here or on another instance), or else
 * the latest firing in the past week (`tooOld`: the caller logs it when it never ran).
 */
export function planCatchUp(
  jobs: Array<{ job: JobDefinition; schedule: string }>,
  timeZone: string,
  now: Date,
  graceMs: number,
): { due: CatchUpPlan[]; tooOld: CatchUpPlan[] } {
  const due: CatchUpPlan[] = [];
  const tooOld: CatchUpPlan[] = [];
  for (const { job, schedule } of jobs) {
    const firedAt = lastFiring(schedule, timeZone, now, graceMs);
    if (firedAt) {
      due.push({ job, firedAt });
      continue;
    }
    const older = lastFiring(schedule, timeZone, now, Math.max(graceMs, MISSED_LOOKBACK_MS));
    if (older) tooOld.push({ job, firedAt: older });
  }
  return { due, tooOld };
}
