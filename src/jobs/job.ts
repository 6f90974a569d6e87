/**
 * What a scheduled push is. A job is a pure description plus a run function; the runner
 * (src/jobs/runner.ts) owns scheduling, the (job, period) key that makes a run happen once across
 * instances and restarts, catch-up of missed firings, and the report to HR.
 */
import type { DataSource } from 'typeorm';
import type { BotServices, ReplyContent } from '../bot/context';
import type { Logger } from '../logger';

export interface JobRunInfo {
  id: number;
  job: string;
  /** e.g. '2026-W48' for the weekly scorecard, '2026-11' for the review to-do, '2026-11-27' for a daily job. */
  periodKey: string;
  /** The scheduled instant this run stands for (not when it actually started). */
  firedAt: Date;
  dryRun: boolean;
}

/** What a run may do; the runner gives each run one. */
export interface JobContext {
  ds: DataSource;
  services: BotServices;
  log: Logger;
  run: JobRunInfo;
  /**
   * Queues one message for one recipient, at most once per run and key: the outbox row's dedupe key
   * is built from (job, period, key), so a resumed run or a second instance sends nothing twice.
   * In a dry run nothing is queued; the message is recorded for the run report instead.
   * `notBefore` holds the message in the outbox until then (quiet hours).
   */
  deliver(userId: string, content: ReplyContent, key: string, opts?: { notBefore?: Date }): Promise<'queued' | 'duplicate' | 'dry-run'>;
  /** Notes someone deliberately not sent to (e.g. no metrics assigned), with a reason for the report. */
  skip(userId: string, reason: string): void;
}

export interface JobDefinition {
  name: string;
  /** Chinese, for reports and `perfbot job list`. */
  title: string;
  /** node-cron expression in the configured time zone, overridable by configuration. */
  defaultSchedule: string;
  /** The period a firing at this instant covers. */
  periodKeyFor(firedAt: Date, timeZone: string): string;
  run(ctx: JobContext): Promise<void>;
}
