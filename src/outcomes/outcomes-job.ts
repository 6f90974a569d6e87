/**
 * 月度效果验证, 09:00 on the 2nd of each month: last month's outcome report against the baseline,
 * as a card (with the trend chart as a picture) to HR (the company) and to management — the heads
 * of top-level departments — each for what they may see (HR everything, a head their people). Once
 * per month across instances (the runner's (job, period) key); every delivery keyed per recipient.
 */
import { buildOutcomeCard } from '../../cards/outcome-card';
import { parsePeriod, periodOf } from '../domain/periods';
import { Department } from '../entities';
import type { JobContext, JobDefinition } from '../jobs/job';
import { h5PageLink } from '../http/h5-auth';
import { hrRecipients } from '../repositories/access';
import { outcomeAudience } from './access';
import { renderOutcomePng } from './outcome-chart';
import { outcomeBundle } from './outcome-service';
import { spanOfPeriod } from './spans';
import { UserError } from '../wecom/errors';

export const OUTCOMES_PAGE_PATH = '/h5/outcomes';
export const TREND_MONTHS = 12;

/** Management: the leaders of the top-level departments (the root and its direct children). */
export async function managementRecipients(ctx: Pick<JobContext, 'ds'>): Promise<string[]> {
  const departments = (await ctx.ds.getRepository(Department).find()).filter((d) => d.active);
  const roots = new Set(departments.filter((d) => d.parentId === null).map((d) => d.id));
  return [...new Set(departments.filter((d) => d.parentId === null || roots.has(d.parentId)).flatMap((d) => d.leaderUserIds))].sort();
}

async function runOutcomesMonthly(ctx: JobContext): Promise<void> {
  const { ds, services, run, log } = ctx;
  const { config } = services;
  const tz = config.timezone;
  const now = services.clock();
  const span = spanOfPeriod(parsePeriod(run.periodKey, tz), tz);
  const hr = await hrRecipients(ds, config.hrUserIds);
  const heads = (await managementRecipients(ctx)).filter((id) => !hr.includes(id));

  for (const userId of [...hr, ...heads]) {
    let audience;
    try {
      audience = await outcomeAudience(ds, userId, config.hrUserIds);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      ctx.skip(userId, '没有下属，不发送效果验证');
      continue;
    }
    const bundle = await outcomeBundle(ds, { now, tz, span, scope: audience.scope, scopeLabel: audience.label, trendMonths: TREND_MONTHS });
    const url = h5PageLink(config, userId, OUTCOMES_PAGE_PATH, { month: span.key }, now);
    await ctx.deliver(userId, { card: buildOutcomeCard(bundle.report, url) }, `card:${userId}`);
    if (run.dryRun) continue;
    try {
      const png = renderOutcomePng({ title: `效果验证趋势（${audience.label}）`, trend: bundle.trend, report: bundle.report });
      const image = { mediaId: (await services.wecom.uploadMedia('image', `outcomes-${span.key}-${userId}.png`, png, 'image/png')).mediaId };
      await ctx.deliver(userId, { image }, `image:${userId}`);
    } catch (err) {
      // The card holds the figures; a failed picture must not hold the others back.
      log.warn({ err, userId }, 'outcome chart not sent');
    }
  }
  log.info({ month: span.key, recipients: hr.length + heads.length }, 'outcome report sent');
}

export const outcomesMonthlyJob: JobDefinition = {
  name: 'outcomes_monthly',
  title: '月度效果验证',
  defaultSchedule: '0 9 2 * *',
  // Fired in a month: it covers the month before.
  periodKeyFor: (firedAt, timeZone) => periodOf('month', new Date(periodOf('month', firedAt, timeZone).start.getTime() - 1), timeZone).key,
  run: runOutcomesMonthly,
};
