/**
 * 季度人才盘点, 09:00 on the first day of a quarter: computes the quarter just ended as a draft and
 * sends HR a card to calibrate (with the grid as a picture) and every department head a card for
 * their people. Once per quarter across instances (the runner's (job, period) key); every delivery is
 * keyed per recipient, so a resumed run sends nothing twice.
 */
import { buildTalentSummaryCard } from '../../cards/talent-summary-card';
import { parsePeriod, periodOf } from '../domain/periods';
import { Department, Employee, TalentReview } from '../entities';
import type { JobContext, JobDefinition } from '../jobs/job';
import { hrRecipients } from '../repositories/access';
import { h5PageLink } from '../http/h5-auth';
import { renderNineBoxPng } from './nine-box-chart';
import { peopleBelow } from './talent-access';
import { computeTalentReview, countByBox, movementSincePrevious, reviewRows, type ReviewRow } from './talent-reviews';

export const TALENT_PAGE_PATH = '/h5/talent';

async function runTalentQuarterly(ctx: JobContext): Promise<void> {
  const { ds, services, run, log } = ctx;
  const { config } = services;
  const tz = config.timezone;
  const now = services.clock();
  const quarter = parsePeriod(run.periodKey, tz);
  const existing = await ds.getRepository(TalentReview).findOneBy({ quarterKey: quarter.key });
  const review = existing?.status === 'published' ? existing : await computeTalentReview(ds, quarter.key, tz, now);
  const rows = await reviewRows(ds, review);
  const link = (viewerId: string, params: Record<string, string> = {}) => h5PageLink(config, viewerId, TALENT_PAGE_PATH, { quarter: quarter.key, ...params }, now);
  const summary = async (audience: string, subset: ReviewRow[], viewerId: string, forHr: boolean) => {
    const movement = await movementSincePrevious(ds, review, subset, tz);
    return buildTalentSummaryCard({
      quarterLabel: quarter.label,
      status: review.status,
      audience,
      counts: countByBox(subset, review.boxes),
      notPlaced: subset.filter((r) => r.finalBox === null).length,
      up: movement.up.map((m) => m.name),
      down: movement.down.map((m) => m.name),
      pageUrl: link(viewerId),
      forHr,
    });
  };

  const hr = await hrRecipients(ds, config.hrUserIds);
  let image: { mediaId: string } | null = null;
  if (hr.length > 0 && !run.dryRun) {
    try {
      const png = renderNineBoxPng({ title: `${quarter.label} 人才九宫格`, boxes: countByBox(rows, review.boxes) });
      image = { mediaId: (await services.wecom.uploadMedia('image', `talent-${quarter.key}.png`, png, 'image/png')).mediaId };
    } catch (err) {
      // The card says everything the picture shows; a failed picture must not hold the cards back.
      log.warn({ err }, 'nine-box picture not sent');
    }
  }
  for (const userId of hr) {
    await ctx.deliver(userId, { card: await summary('全公司', rows, userId, true) }, `hr:${userId}`);
    if (image) await ctx.deliver(userId, { image }, `hr-image:${userId}`);
  }

  const employees = await ds.getRepository(Employee).find({ where: { active: true } });
  const departments = await ds.getRepository(Department).find();
  const heads = [...new Set(departments.filter((d) => d.active).flatMap((d) => d.leaderUserIds))].sort();
  for (const headId of heads) {
    if (hr.includes(headId)) continue; // HR's card already holds everyone
    const head = employees.find((e) => e.userId === headId);
    if (!head) continue;
    const below = peopleBelow(employees, departments, headId);
    const mine = rows.filter((r) => below.has(r.userId));
    if (mine.length === 0) {
      ctx.skip(headId, '名下没有参与盘点的员工');
      continue;
    }
    const led = departments.filter((d) => d.leaderUserIds.includes(headId)).map((d) => d.name).join('、');
    await ctx.deliver(headId, { card: await summary(led || `${head.name}的团队`, mine, headId, false) }, `head:${headId}`);
  }
  log.info({ quarter: quarter.key, people: rows.length, status: review.status }, 'talent review sent');
}

export const talentQuarterlyJob: JobDefinition = {
  name: 'talent_quarterly',
  title: '季度人才盘点',
  defaultSchedule: '0 9 1 1,4,7,10 *',
  // Fired on the quarter's first day: it covers the quarter that just ended.
  periodKeyFor: (firedAt, timeZone) => periodOf('quarter', new Date(periodOf('quarter', firedAt, timeZone).start.getTime() - 1), timeZone).key,
  run: runTalentQuarterly,
};
