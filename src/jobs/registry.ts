/**
 * Every scheduled job, with the schedule configuration gives it. The scheduler, catch-up and
 * `perfbot job` read this list; a new job is one more entry.
 */
import { alertsJob } from '../alerts/alerts-job';
import type { Config } from '../config';
import { formatLocal } from '../domain/periods';
import type { JobDefinition } from './job';
import { syncOrg } from './org-sync';
import { reviewReminderJob, reviewTodoJob } from './review-todo';
import { weeklyScorecardJob } from './weekly-scorecard';
import { talentQuarterlyJob } from '../talent/talent-quarterly-job';
import { planCheckinJob } from '../talent/plan-checkin-job';
import { outcomesMonthlyJob } from '../outcomes/outcomes-job';

/** Nightly org sync as a job: one instance syncs per night, and a missed night is caught up. */
export const orgSyncJob: JobDefinition = {
  name: 'org_sync',
  title: '通讯录同步',
  defaultSchedule: '30 2 * * *',
  periodKeyFor: (firedAt, timeZone) => formatLocal(firedAt, timeZone).slice(0, 10),
  async run(ctx) {
    if (ctx.run.dryRun) {
      ctx.log.info('org sync sends nothing; a dry run does not sync');
      return;
    }
    const r = await syncOrg(ctx.ds, ctx.services.wecom, ctx.services.clock(), ctx.log);
    ctx.log.info({ ...r }, 'org synced');
  },
};

export const JOBS: readonly JobDefinition[] = [weeklyScorecardJob, reviewTodoJob, reviewReminderJob, orgSyncJob, talentQuarterlyJob, planCheckinJob, alertsJob, outcomesMonthlyJob];

/** 'weekly-scorecard' and 'weekly_scorecard' name the same job. */
export function normalizeJobName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

export function findJob(name: string, jobs: readonly JobDefinition[] = JOBS): JobDefinition | undefined {
  const wanted = normalizeJobName(name);
  return jobs.find((j) => normalizeJobName(j.name) === wanted);
}

/** The configured cron expression (PERFBOT_CRON_<JOB>), else the job's default. */
export function scheduleFor(job: JobDefinition, config: Pick<Config, 'jobs'>): string {
  return config.jobs.schedules[normalizeJobName(job.name)] ?? job.defaultSchedule;
}
