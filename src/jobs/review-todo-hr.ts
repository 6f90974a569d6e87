/**
 * HR's part of the 25th push: the completeness figure per department over the three complete weeks
 * the 已连续3周无反馈 flag looks at, who is flagged (among every active member, reviewed or not),
 * and what the managers' to-dos hold. One markdown message per HR member (PERFBOT_HR_USERIDS plus
 * the 'hr' role), key completeness:<hrId>.
 */
import { In } from 'typeorm';
import { buildCompletenessReportMarkdown } from '../../cards/completeness-report-card';
import { formatLocal, type Period } from '../domain/periods';
import { Employee } from '../entities';
import { computeCompleteness } from '../repositories/completeness';
import { type FeedbackWindow, findSilentUsers } from '../repositories/feedback-gaps';
import type { JobContext } from './job';
import type { ManagerTodo } from './review-todo-data';
import { hrRecipients } from '../repositories/access';

export async function sendCompletenessToHr(ctx: JobContext, month: Period, window: FeedbackWindow, todos: readonly ManagerTodo[]): Promise<void> {
  const hrIds = await hrRecipients(ctx.ds, ctx.services.config.hrUserIds);
  if (hrIds.length === 0) {
    ctx.log.warn('no HR member configured (PERFBOT_HR_USERIDS or the hr role): the completeness report goes to nobody');
    return;
  }
  const tz = ctx.services.config.timezone;
  const rows = await computeCompleteness(ctx.ds, null, window.weeks);
  const departments = rows.map((r) => r.departmentId);
  const members = await ctx.ds.getRepository(Employee).find({
    where: { active: true, mainDepartmentId: In(departments.length > 0 ? departments : [-1]) },
    select: { userId: true, name: true, mainDepartmentId: true },
  });
  const silent = await findSilentUsers(ctx.ds, members.map((m) => m.userId), window);
  const silentByDepartment = new Map<number, number>();
  const flagged = members.filter((m) => silent.has(m.userId));
  for (const m of flagged) silentByDepartment.set(m.mainDepartmentId!, (silentByDepartment.get(m.mainDepartmentId!) ?? 0) + 1);
  const order = new Map(departments.map((id, i) => [id, i]));
  const silentNames = flagged
    .sort((a, b) => order.get(a.mainDepartmentId!)! - order.get(b.mainDepartmentId!)! || a.name.localeCompare(b.name, 'zh-Hans-CN'))
    .map((m) => m.name);
  const withOpen = todos.filter((t) => t.open.length > 0);
  const markdown = buildCompletenessReportMarkdown({
    monthLabel: month.label,
    weeks: window.weeks.map((w) => ({ label: `W${w.key.slice(-2)}（${formatLocal(w.start, tz).slice(5, 10)}起）` })),
    rows,
    silentByDepartment,
    silentNames,
    todos: {
      managers: withOpen.length,
      open: new Set(withOpen.flatMap((t) => t.open.map((p) => p.userId))).size,
      silent: new Set(withOpen.flatMap((t) => t.open.filter((p) => p.silent).map((p) => p.userId))).size,
    },
  });
  for (const hrId of hrIds) await ctx.deliver(hrId, { markdown }, `completeness:${hrId}`);
}
