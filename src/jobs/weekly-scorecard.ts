/**
 * 每周绩效看板, Friday 17:00: every active employee with a KPI or key result gets the week's
 * scorecard card; every manager a team summary; HR the list of those with nothing assigned (who get
 * no empty card). All scorecards are computed in batched passes (week, month so far, last week)
 * and the week's are published: what the card shows is the record later changes are measured by. Delivery is keyed per recipient, so a resumed run sends nothing twice.
 */
import { buildTeamSummaryCard, type TeamMemberScore } from '../../cards/team-summary-card';
import { buildUnassignedListMarkdown } from '../../cards/unassigned-list-card';
import { buildWeeklyScorecardCard, weeklyScorecardTaskId } from '../../cards/weekly-scorecard-card';
import { parsePeriod, periodOf, previousPeriod } from '../domain/periods';
import { scoringMonthOf } from '../domain/scoring';
import { Employee } from '../entities';
import { scorecardPageLink } from '../http/h5-auth';
import { publishSnapshots } from '../repositories/published-scorecards';
import { computeScorecards, type ScorecardView } from '../repositories/scorecards';
import type { JobContext, JobDefinition } from './job';
import { reportsByManager } from './org-sync';
import { hrRecipients } from '../repositories/access';
import { loadPeriodExtras } from './weekly-scorecard-data';
import { loadWorkCalendars, uncoveredYearWarning } from '../repositories/work-calendar';

export const UNASSIGNED_REASON = '未分配指标';

/** Has something to be scored on: a metric assignment (of an active metric) or a key result. */
export function hasAssignments(view: ScorecardView | undefined): view is ScorecardView {
  return view !== undefined && view.lines.length > 0;
}

async function runWeeklyScorecard(ctx: JobContext): Promise<void> {
  const { ds, services, run, log } = ctx;
  const { config } = services;
  const tz = config.timezone;
  const now = services.clock();
  const week = parsePeriod(run.periodKey, tz);
  // The month the week counts in (its Thursday's): its 本月累计, review, ratings, KRs and 行为分.
  const month = scoringMonthOf(week, tz)!;

  const employees = await ds.getRepository(Employee).find({ where: { active: true }, order: { userId: 'ASC' } });
  const ids = employees.map((e) => e.userId);
  // A dry run shows what moved since publication but writes no audit row (nothing of it is stored).
  const record = { recordChanges: !run.dryRun };
  const weekViews = await computeScorecards(ds, ids, week, tz, now, record);
  const monthViews = await computeScorecards(ds, ids, month, tz, now, record);
  // Last week recomputed against what was published, so this card says what moved since.
  const lastWeekViews = await computeScorecards(ds, ids, previousPeriod(week, tz), tz, now, record);
  if (!run.dryRun) await publishSnapshots(ds, weekViews.values(), now);
  const extras = await loadPeriodExtras(ds, ids, week, [month.key]);
  const link = (viewerId: string, userId: string) => scorecardPageLink(config, viewerId, userId, week.key, now);

  const counts = { cards: 0, teams: 0, unassigned: 0, hr: 0 };
  const unassigned: ScorecardView[] = [];
  for (const e of employees) {
    const view = weekViews.get(e.userId);
    if (!hasAssignments(view)) {
      if (view) unassigned.push(view);
      ctx.skip(e.userId, UNASSIGNED_REASON);
      continue;
    }
    const monthView = monthViews.get(e.userId);
    const card = buildWeeklyScorecardCard({
      week: view,
      month: monthView ? { label: month.label, totalDisplay: monthView.totalDisplay } : null,
      review: extras.reviews.get(e.userId) ?? null,
      tags: extras.tags.get(e.userId) ?? [],
      detailUrl: link(e.userId, e.userId),
      taskId: weeklyScorecardTaskId(run.id, week.key, e.userId),
      changes: [...(lastWeekViews.get(e.userId)?.changes ?? []), ...(view.changes ?? [])],
    });
    await ctx.deliver(e.userId, { card }, `card:${e.userId}`);
    counts.cards += 1;
  }

  const byId = new Map(employees.map((e) => [e.userId, e]));
  for (const [managerId, team] of [...reportsByManager(employees)].sort(([a], [b]) => a.localeCompare(b))) {
    const manager = byId.get(managerId);
    if (!manager) continue; // a leader who left or is not synced
    const members: TeamMemberScore[] = team.map((m) => {
      const v = weekViews.get(m.userId);
      return {
        userId: m.userId,
        name: m.name,
        total: v?.total ?? null,
        breaches: (v?.lines ?? []).filter((l) => l.floorBreached).map((l) => l.name),
        noData: !v || v.components.automatic.missing,
        detailUrl: link(managerId, m.userId),
      };
    });
    const card = buildTeamSummaryCard({ managerName: manager.name, period: week, members, fallbackUrl: link(managerId, managerId) });
    await ctx.deliver(managerId, { card }, `team:${managerId}`);
    counts.teams += 1;
  }

  counts.unassigned = unassigned.length;
  if (unassigned.length > 0) {
    const markdown = buildUnassignedListMarkdown({
      period: week,
      people: unassigned.map((v) => ({ userId: v.userId, name: v.employee.name, departmentName: v.employee.departmentName, position: v.employee.position })),
    });
    for (const hrId of await hrRecipients(ds, config.hrUserIds)) {
      await ctx.deliver(hrId, { markdown }, `unassigned:hr:${hrId}`);
      counts.hr += 1;
    }
  }
  // Targets this week and month were prorated on Monday–Friday for a year chinese-days does not know yet.
  const calendars = await loadWorkCalendars(ds, tz);
  const uncovered = [...new Set([...calendars.uncoveredYears(week), ...calendars.uncoveredYears(month)])];
  if (uncovered.length > 0) {
    log.warn({ period: week.key, years: uncovered }, 'working calendar does not cover these years: holidays and 调休 unknown');
    const markdown = `**工作日历提醒｜${week.label}**\n${uncoveredYearWarning(uncovered)}`;
    for (const hrId of await hrRecipients(ds, config.hrUserIds)) {
      await ctx.deliver(hrId, { markdown }, `calendar:hr:${hrId}`);
      counts.hr += 1;
    }
  }
  log.info({ period: week.key, employees: employees.length, ...counts, dryRun: run.dryRun }, 'weekly scorecards queued');
}

export const weeklyScorecardJob: JobDefinition = {
  name: 'weekly_scorecard',
  title: '每周绩效看板',
  defaultSchedule: '0 17 * * 5',
  periodKeyFor: (firedAt, timeZone) => periodOf('week', firedAt, timeZone).key,
  run: runWeeklyScorecard,
};
