/** Metric assignments: from role templates, and every change audited (assignments move scores). */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { startOfLocalDay } from '../domain/effective-dating';
import { findMetric } from '../domain/kpi-library';
import { DEFAULT_TIME_ZONE } from '../domain/periods';
import { templateForPosition } from '../domain/role-templates';
import { Employee, MetricAssignment } from '../entities';

export interface TemplateRun {
  assigned: number;
  rows: number;
  skipped: number;
  unmatched: string[];
}

/**
 * Members with no standing assignment get their position's template; others are left as HR set
 * them. The assignments count from the start of today, unless `startsAt` says otherwise (null:
 * since always, for demo data that comes with its history).
 */
export async function applyRoleTemplates(
  ds: DataSource,
  ctx: { actor: string; now: Date; dryRun?: boolean; timeZone?: string; startsAt?: Date | null },
): Promise<TemplateRun> {
  const startsAt = ctx.startsAt !== undefined ? ctx.startsAt : startOfLocalDay(ctx.now, ctx.timeZone ?? DEFAULT_TIME_ZONE);
  const run: TemplateRun = { assigned: 0, rows: 0, skipped: 0, unmatched: [] };
  const unmatched = new Set<string>();
  await ds.transaction(async (tx) => {
    const employees = await tx.getRepository(Employee).find({ where: { active: true } });
    const assigned = new Set((await tx.getRepository(MetricAssignment).find({ where: { periodKey: '' }, select: { userId: true } })).map((a) => a.userId));
    for (const e of employees) {
      if (assigned.has(e.userId)) {
        run.skipped++;
        continue;
      }
      const template = templateForPosition(e.position);
      if (!template) {
        if (e.position) unmatched.add(e.position);
        continue;
      }
      const rows = template.metrics.map((m) => ({
        userId: e.userId,
        metricCode: m.code,
        periodKey: '',
        target: m.target ?? findMetric(m.code)?.suggestedTarget ?? 0,
        weight: m.weight,
        floor: m.floor ?? false,
        // A template assignment counts from when it is made, never for the periods before it.
        startsAt,
        endsAt: null,
        updatedAt: ctx.now,
      }));
      run.assigned++;
      run.rows += rows.length;
      if (ctx.dryRun) continue;
      await tx.getRepository(MetricAssignment).insert(rows);
      await writeAudit(
        tx,
        { actor: ctx.actor, action: 'assignments.template', entity: 'metric_assignments', entityId: e.userId, subjectUserId: e.userId, before: null, after: rows.map(({ metricCode, target, weight, floor }) => ({ metricCode, target, weight, floor })), reason: `按岗位模板「${template.position}」分配指标` },
        ctx.now,
      );
    }
  });
  run.unmatched = [...unmatched];
  return run;
}
