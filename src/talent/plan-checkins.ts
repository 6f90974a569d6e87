/** Monthly check-ins on development plans, and the overdue list HR sees. */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { DevelopmentPlan, Employee, PlanCheckin } from '../entities';
import type { CheckinStatus } from '../entities/plan-checkin.entity';
import { UserError } from '../wecom/errors';

/** One check-in per plan and month; a second one the same month replaces the first. 已完成 closes the plan. */
export async function recordCheckin(
  ds: DataSource,
  input: { planId: number; monthKey: string; status: CheckinStatus; note: string; byUserId: string },
  now: Date,
): Promise<PlanCheckin> {
  return ds.transaction(async (m) => {
    const plan = await m.findOneBy(DevelopmentPlan, { id: input.planId });
    if (!plan) throw new UserError('没有找到这份发展计划。');
    if (plan.userId !== input.byUserId && plan.ownerUserId !== input.byUserId) throw new UserError('只有本人和负责的主管可以跟进这份计划。');
    if (plan.status === 'done') throw new UserError('这份发展计划已经完成了。');
    const existing = await m.findOneBy(PlanCheckin, { planId: plan.id, monthKey: input.monthKey });
    if (existing) await m.update(PlanCheckin, { id: existing.id }, { status: input.status, note: input.note, byUserId: input.byUserId, at: now });
    else await m.insert(PlanCheckin, { planId: plan.id, monthKey: input.monthKey, status: input.status, note: input.note, byUserId: input.byUserId, at: now });
    if (input.status === 'done') await m.update(DevelopmentPlan, { id: plan.id }, { status: 'done', completedAt: now });
    await writeAudit(
      m,
      { actor: `user:${input.byUserId}`, action: 'plan.checkin', entity: 'development_plan', entityId: plan.id, subjectUserId: plan.userId, before: existing ? { status: existing.status } : null, after: { status: input.status, month: input.monthKey }, reason: input.note || '月度跟进' },
      now,
    );
    return m.findOneByOrFail(PlanCheckin, { planId: plan.id, monthKey: input.monthKey });
  });
}

export async function addCheckinNote(ds: DataSource, checkinId: number, note: string): Promise<void> {
  await ds.getRepository(PlanCheckin).update({ id: checkinId }, { note: note.slice(0, 500) });
}

export interface OverduePlan {
  plan: DevelopmentPlan;
  name: string;
  why: string;
}

/** Open plans past their due date, or without a check-in for the month before `monthKey`. */
export async function overduePlans(ds: DataSource, now: Date, previousMonthKey: string): Promise<OverduePlan[]> {
  const open = await ds.getRepository(DevelopmentPlan).find({ where: { status: 'open' }, order: { dueAt: 'ASC' } });
  const checked = new Set((await ds.getRepository(PlanCheckin).find({ where: { monthKey: previousMonthKey }, select: { planId: true } })).map((c) => c.planId));
  const names = new Map((await ds.getRepository(Employee).find({ select: { userId: true, name: true } })).map((e) => [e.userId, e.name]));
  const out: OverduePlan[] = [];
  for (const plan of open) {
    const created = plan.createdAt.getTime();
    if (plan.dueAt.getTime() < now.getTime()) out.push({ plan, name: names.get(plan.userId) ?? plan.userId, why: '已过截止日期' });
    else if (!checked.has(plan.id) && created < now.getTime() - 31 * 86_400_000) out.push({ plan, name: names.get(plan.userId) ?? plan.userId, why: `${previousMonthKey} 没有跟进` });
  }
  return out;
}

export async function latestPlan(ds: DataSource, userId: string): Promise<DevelopmentPlan | null> {
  return ds.getRepository(DevelopmentPlan).findOne({ where: { userId }, order: { quarterKey: 'DESC' } });
}

