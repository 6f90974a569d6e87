/**
 * The OKR track: a key result's progress comes from check-ins; objectives and strategies roll up
 * as the weighted mean of their children. A check-in moves a score, so it is audited.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { writeAudit } from '../audit';
import { Goal, GoalCheckin } from '../entities';
import { UserError } from '../wecom/errors';

export async function recordCheckin(
  ds: DataSource,
  input: { goalId: number; userId: string; progress: number; note: string },
  ctx: { actor: string; now: Date },
): Promise<Goal> {
  if (!Number.isFinite(input.progress) || input.progress < 0 || input.progress > 100) throw new UserError('进度应为 0–100 之间的数字');
  return ds.transaction(async (tx) => {
    const goal = await tx.getRepository(Goal).findOneBy({ id: input.goalId });
    if (!goal) throw new UserError(`没有编号为 ${input.goalId} 的目标`);
    if (goal.level !== 'key_result') throw new UserError('只有关键结果（KR）可以打卡更新进度，目标和战略的进度由下级汇总');
    await tx.getRepository(GoalCheckin).insert({ goalId: goal.id, userId: input.userId, progress: input.progress, note: input.note, createdAt: ctx.now });
    // Reaching 100 marks the item done (the outcome report's delivery cycle); falling back reopens it.
    const doneAt = input.progress >= 100 ? (goal.doneAt ?? ctx.now) : null;
    await tx.getRepository(Goal).update({ id: goal.id }, { progress: input.progress, updatedAt: ctx.now, doneAt });
    await writeAudit(
      tx,
      { actor: ctx.actor, action: 'goal.checkin', entity: 'goals', entityId: goal.id, subjectUserId: goal.ownerUserId, before: { progress: goal.progress }, after: { progress: input.progress }, reason: input.note || 'KR 打卡' },
      ctx.now,
    );
    await rollUp(tx, goal.parentId, ctx.now);
    return { ...goal, progress: input.progress, updatedAt: ctx.now, doneAt };
  });
}

/** Recomputes a parent's progress from its children, then its parent's, up to the strategy. */
async function rollUp(tx: EntityManager, parentId: number | null, now: Date): Promise<void> {
  for (let id = parentId, depth = 0; id !== null && depth < 5; depth++) {
    const children = await tx.getRepository(Goal).findBy({ parentId: id });
    const totalWeight = children.reduce((s, c) => s + c.weight, 0);
    const progress = totalWeight > 0 ? children.reduce((s, c) => s + c.progress * c.weight, 0) / totalWeight : 0;
    await tx.getRepository(Goal).update({ id }, { progress, updatedAt: now });
    id = (await tx.getRepository(Goal).findOneBy({ id }))?.parentId ?? null;
  }
}
