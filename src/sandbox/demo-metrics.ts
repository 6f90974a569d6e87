/**
 * Metrics for the demo positions the standard role templates do not cover (managers, group leads,
 * HR, the general manager), so every demo member has a scorecard. Demo-only: a real install
 * assigns these with `perfbot assign` or an import.
 */
import type { DataSource } from 'typeorm';
import { writeAudit } from '../audit';
import { findMetric } from '../domain/kpi-library';
import { templateForPosition } from '../domain/role-templates';
import { Employee, MetricAssignment } from '../entities';

type Line = [code: string, weight: number, floor?: boolean, target?: number];

const RD_LEAD: Line[] = [['rd_milestone_rate', 35], ['design_review_pass_rate', 30], ['design_changes', 15], ['process_improvement_proposals', 10], ['training_hours', 10]];
const STAFF: Line[] = [['training_hours', 50], ['five_s_score', 50]];

export const DEMO_POSITION_METRICS: Record<string, Line[]> = {
  总经理: [['on_time_delivery', 40], ['customer_complaints', 30], ['safety_incidents', 20, true], ['training_hours', 10]],
  副总经理: [['on_time_delivery', 40], ['yield_rate', 30], ['safety_incidents', 20, true], ['training_hours', 10]],
  行政专员: STAFF,
  HR专员: STAFF,
  培训专员: [['training_hours', 70], ['five_s_score', 30]],
  人力资源部经理: [['training_hours', 60], ['five_s_score', 40]],
  研发部经理: [['rd_milestone_rate', 40], ['design_review_pass_rate', 30], ['design_changes', 20], ['training_hours', 10]],
  结构设计组长: RD_LEAD,
  电子设计组长: RD_LEAD,
  测试验证组长: RD_LEAD,
  工装夹具组长: RD_LEAD,
  生产部经理: [['on_time_delivery', 30], ['yield_rate', 25], ['scrap_rate', 15], ['equipment_downtime', 10], ['safety_incidents', 10, true], ['training_hours', 10]],
  质量部经理: [['customer_complaints', 30], ['first_pass_yield', 25], ['sampling_error_rate', 20, true], ['incoming_inspection_timeliness', 15], ['training_hours', 10]],
  质检组长: [['sampling_error_rate', 25, true], ['incoming_inspection_timeliness', 25], ['inspections_completed', 20], ['customer_complaints', 20], ['training_hours', 10]],
  仓储主管: [['inventory_accuracy', 30], ['warehouse_timeliness', 25], ['picking_error_rate', 20], ['safety_incidents', 15, true], ['training_hours', 10]],
  仓储组长: [['inventory_accuracy', 25], ['warehouse_timeliness', 25], ['picking_error_rate', 20], ['outbound_orders_completed', 15], ['safety_incidents', 10, true], ['training_hours', 5]],
};

/** The floors' demo targets where the library's suggestion is not a floor value. */
const FLOOR_TARGET: Record<string, number> = { safety_incidents: 0, sampling_error_rate: 0.5 };

/** Gives every member (leavers too, for their history) without assignments their position's demo metrics. */
export async function assignExtraMetrics(ds: DataSource, now: Date, actor: string): Promise<number> {
  const assigned = new Set((await ds.getRepository(MetricAssignment).find({ select: { userId: true } })).map((a) => a.userId));
  const rows: Partial<MetricAssignment>[] = [];
  const audits: Array<{ userId: string; position: string; lines: Line[] }> = [];
  for (const e of await ds.getRepository(Employee).find({ order: { userId: 'ASC' } })) {
    if (assigned.has(e.userId)) continue;
    const lines = DEMO_POSITION_METRICS[e.position] ?? templateLines(e.position);
    if (!lines) continue;
    for (const [code, weight, floor, given] of lines) {
      const target = given ?? (floor ? FLOOR_TARGET[code] : undefined) ?? findMetric(code)?.suggestedTarget ?? 0;
      rows.push({ userId: e.userId, metricCode: code, periodKey: '', target, weight, floor: floor ?? false, updatedAt: now });
    }
    audits.push({ userId: e.userId, position: e.position, lines });
  }
  await ds.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 500) await tx.getRepository(MetricAssignment).insert(rows.slice(i, i + 500));
    for (const a of audits) {
      await writeAudit(tx, {
        actor, action: 'assignments.template', entity: 'metric_assignments', entityId: a.userId, subjectUserId: a.userId, before: null,
        after: a.lines.map(([metricCode, weight, floor]) => ({ metricCode, weight, floor: floor ?? false })),
        reason: `演示环境：按岗位「${a.position}」分配指标`,
      }, now);
    }
  });
  return rows.length;
}

/** Leavers are skipped by applyRoleTemplates (inactive); their history still needs their position's metrics. */
function templateLines(position: string): Line[] | undefined {
  return templateForPosition(position)?.metrics.map((m) => [m.code, m.weight, m.floor, m.target] as Line);
}
