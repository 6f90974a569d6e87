/**
 * 预警, Monday 09:00: evaluates every active rule on the week that just ended, from the records
 * (baselines and the year's back-test computed on read). Episodes whose metric is back at baseline
 * close; a rule firing for someone with no open episode opens one alert (unique per rule, person
 * and episode) and sends the card to the supervisor, and by the rule's audience to the employee.
 */
import { buildAlertCard, againstBaseline, formatValue, suggestionLines } from '../../cards/alert-card';
import { buildAlertDigestCard, type AlertDigestItem } from '../../cards/alert-digest-card';
import { buildTaskId } from '../../cards/keys';
import { parsePeriod, periodOf, previousPeriod, recentWeeks } from '../domain/periods';
import { Employee } from '../entities';
import type { JobContext, JobDefinition } from '../jobs/job';
import { reportsByManager } from '../jobs/org-sync';
import { activeRules, closeRecovered, openAlert, openAlerts, suggestionsFor } from './alert-store';
import { backtest, evidenceLine } from './backtest';
import { bestPeers, firingsAt } from './evaluate';
import { loadHistoryInputs, ruleHistory } from './history-data';
import { DEFAULT_ALERT_DELIVERY, formatQuietHours, quietUntil, usesDigest } from './delivery';
import { recovered } from './rule-check';
import { describeRule } from './types';

/** The back-test looks at a year of weeks ending with the evaluated one. */
export const HISTORY_WEEKS = 52;

/** The supervisors of each person: direct leaders, else the leaders of their department. */
export function supervisorsOf(employees: Employee[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [managerId, team] of reportsByManager(employees)) for (const e of team) out.set(e.userId, [...(out.get(e.userId) ?? []), managerId].sort());
  return out;
}

async function runAlerts(ctx: JobContext): Promise<void> {
  const { ds, services, run, log } = ctx;
  const tz = services.config.timezone;
  const now = services.clock();
  const week = parsePeriod(run.periodKey, tz);
  const weeks = recentWeeks(week.start, HISTORY_WEEKS, tz);
  const at = weeks.length - 1;
  const rules = await activeRules(ds);
  const data = await loadHistoryInputs(ds, rules, weeks, tz);
  const employees = [...data.employees.values()];
  const supervisors = supervisorsOf(employees);
  const teamSize = new Map([...reportsByManager(employees)].map(([id, team]) => [id, team.length]));
  const delivery = services.config.alerts ?? DEFAULT_ALERT_DELIVERY;
  // In quiet hours every message waits in the outbox until they end (never dropped).
  const notBefore = quietUntil(now, delivery.quietHours, tz) ?? undefined;
  const open = await openAlerts(ds);
  const counts = { rules: rules.length, opened: 0, closed: 0, cards: 0, digests: 0 };
  /** Per supervisor, this week's alerts: one card each, or one digest for a supervisor with many reports. */
  const bySupervisor = new Map<string, Array<{ alertId: number; card: Parameters<typeof buildAlertCard>[0]; item: AlertDigestItem }>>();

  for (const rule of rules) {
    const metric = data.metrics.get(rule.metricCode);
    if (!metric) continue;
    const history = ruleHistory(data, rule, weeks, tz, now, { outcomes: false });
    const mine = open.filter((a) => a.ruleId === rule.id);
    for (const a of mine) {
      const value = history.people.get(a.userId)?.series[at];
      if (value === null || value === undefined || !recovered(rule.direction, value, a.baseline)) continue;
      if (!run.dryRun && (await closeRecovered(ds, a.id, week.key, now))) counts.closed++;
    }
    // An episode opened by this week's run (an earlier attempt that stopped, or another instance)
    // goes through delivery again: the outbox keys (job, week, alert, recipient) send each card once.
    const stillOpen = new Set(mine.filter((a) => a.firedWeekKey !== week.key).map((a) => a.userId));
    const firings = firingsAt(rule, history.people, at).filter((f) => !stillOpen.has(f.userId));
    if (firings.length === 0) continue;
    const evidence = evidenceLine(backtest(rule, ruleHistory(data, rule, weeks, tz, now).people));
    const alerted = new Set(firings.map((f) => f.userId));
    const { courses, talks } = await suggestionsFor(ds, rule.metricCode);
    const ruleText = describeRule(rule, metric.name);
    for (const f of firings) {
      const person = data.employees.get(f.userId)!;
      const series = history.people.get(f.userId)!.series;
      const shown = weeks.slice(Math.max(0, f.from - 2), at + 1).map((w, i) => ({ week: w.key, value: series[Math.max(0, f.from - 2) + i] }));
      const to = supervisors.get(f.userId) ?? [];
      if (run.dryRun) {
        to.forEach((id) => ctx.skip(id, `试运行：${person.name} ${ruleText}`));
        continue;
      }
      const { alert, created } = await openAlert(ds, {
        ruleId: rule.id, userId: f.userId, episodeKey: weeks[f.from].key, firedWeekKey: week.key, baseline: f.baseline.value,
        baselineSource: f.baseline.source, weekValues: shown, evidence, openedAt: now,
        mentors: bestPeers(rule, history.people, f.userId, f.from, alerted).map((id) => data.employees.get(id)?.name ?? id),
      });
      if (alert.firedWeekKey !== week.key) continue; // an episode another week opened
      if (created) counts.opened++;
      const mentors = alert.mentors;
      const view = {
        alertId: alert.id, employeeName: person.name, metricName: metric.name, unit: metric.unit, ruleText, baseline: f.baseline.value,
        baselineSource: f.baseline.source, weeks: shown, evidence, mentors, courses, talks,
      };
      if (to.length === 0) ctx.skip(f.userId, '未找到上级，预警未发送');
      for (const managerId of to) {
        const list = bySupervisor.get(managerId) ?? [];
        list.push({
          alertId: alert.id, card: { ...view, taskId: buildTaskId('alert', `${alert.id}-${managerId}`) },
          item: { employeeName: person.name, metricName: metric.name, baseline: f.baseline.value, latest: series[at] },
        });
        bySupervisor.set(managerId, list);
      }
      if (rule.audience === 'supervisor_employee') {
        const lines = shown.map((w) => `> ${w.week}：${againstBaseline(w.value, f.baseline.value)}`);
        const markdown = [
          `**提醒：您的${metric.name}近期低于您的常态**`,
          `基线（${f.baseline.source === 'own' ? '您近 8 周的中位数' : '同岗位中位数'}）：${formatValue(f.baseline.value)}${metric.unit}`,
          ...lines,
          ...suggestionLines({ mentors, courses, talks }).map((l) => `- ${l}`),
          '您的上级也收到了这条提醒，可以一起看看原因。',
        ].join('\n');
        await ctx.deliver(f.userId, { markdown }, `alert:${alert.id}:self`, { notBefore });
      }
    }
  }
  for (const [managerId, list] of bySupervisor) {
    if (usesDigest(delivery, teamSize.get(managerId) ?? 0)) {
      const card = buildAlertDigestCard({ taskId: buildTaskId('alertdigest', `${week.key}-${managerId}`), weekKey: week.key, items: list.map((x) => x.item) });
      await ctx.deliver(managerId, { card }, `alert-digest:${managerId}`, { notBefore });
      counts.digests++;
      continue;
    }
    for (const x of list) {
      await ctx.deliver(managerId, { card: buildAlertCard(x.card) }, `alert:${x.alertId}:${managerId}`, { notBefore });
      counts.cards++;
    }
  }
  const held = notBefore ? { heldUntil: notBefore.toISOString(), quietHours: formatQuietHours(delivery.quietHours!) } : {};
  log.info({ period: week.key, ...counts, ...held, dryRun: run.dryRun }, 'alert rules evaluated');
}

export const alertsJob: JobDefinition = {
  name: 'alerts',
  title: '绩效预警',
  defaultSchedule: '0 9 * * 1',
  // A Monday firing evaluates the week that just ended.
  periodKeyFor: (firedAt, timeZone) => previousPeriod(periodOf('week', firedAt, timeZone), timeZone).key,
  run: runAlerts,
};
