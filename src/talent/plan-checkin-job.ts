/**
 * 发展计划月度跟进, 10:00 on the 20th: every open development plan's holder gets the plan card with
 * the month's 已完成 / 进行中 / 受阻 buttons. Once per month across instances, keyed per plan.
 */
import { randomBytes } from 'node:crypto';
import { buildPlanCard } from '../../cards/talent-plan-card';
import { formatLocal, parsePeriod } from '../domain/periods';
import { DevelopmentPlan, Employee, PlanCheckin, TalentReview } from '../entities';
import type { JobContext, JobDefinition } from '../jobs/job';
import { scorecardPageLink } from '../http/h5-auth';

async function runPlanCheckins(ctx: JobContext): Promise<void> {
  const { ds, services, run } = ctx;
  const tz = services.config.timezone;
  const now = services.clock();
  const month = parsePeriod(run.periodKey, tz);
  const plans = await ds.getRepository(DevelopmentPlan).find({ where: { status: 'open' }, order: { userId: 'ASC' } });
  const people = new Map((await ds.getRepository(Employee).find({ where: { active: true } })).map((e) => [e.userId, e]));
  const reviews = new Map((await ds.getRepository(TalentReview).find()).map((r) => [r.quarterKey, r]));
  for (const plan of plans) {
    const person = people.get(plan.userId);
    if (!person) {
      ctx.skip(plan.userId, '已离职或不在通讯录');
      continue;
    }
    if (plan.createdAt.getTime() > month.start.getTime() && formatLocal(plan.createdAt, tz).slice(0, 7) === month.key) {
      ctx.skip(plan.userId, '计划本月刚生成');
      continue;
    }
    const last = await ds.getRepository(PlanCheckin).findOne({ where: { planId: plan.id }, order: { monthKey: 'DESC' } });
    const card = buildPlanCard({
      plan,
      personName: person.name,
      boxName: reviews.get(plan.quarterKey)?.boxes.find((b) => b.code === plan.box)?.name ?? plan.box,
      monthKey: month.key,
      monthLabel: month.label,
      lastCheckin: last,
      canCheckIn: true,
      taskUnique: `${plan.id}-${month.key}-${randomBytes(3).toString('hex')}`,
      // The holder is an employee: the nine-box page is not theirs to see, their scorecard is.
      pageUrl: scorecardPageLink(services.config, plan.userId, plan.userId, month.key, now),
    });
    await ctx.deliver(plan.userId, { card }, `plan:${plan.id}`);
  }
}

export const planCheckinJob: JobDefinition = {
  name: 'plan_checkin',
  title: '发展计划月度跟进',
  defaultSchedule: '0 10 20 * *',
  periodKeyFor: (firedAt, timeZone) => formatLocal(firedAt, timeZone).slice(0, 7),
  run: runPlanCheckins,
};
