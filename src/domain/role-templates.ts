/**
 * Role templates: the KPI set HR starts from for a position, drawn from the standard library.
 * Weights of a template sum to 100. A `floor` metric is a hard limit (KPI 底线) such as
 * 抽检差错率 ≤ 0.5%: it is scored like any other and its breach is flagged on its own.
 */
import type { KpiDepartment } from './kpi-library';

export interface RoleTemplateMetric {
  /** A code in KPI_LIBRARY. */
  code: string;
  /** Percent of the metric part of the scorecard; a template's weights sum to 100. */
  weight: number;
  /** Overrides the library's suggestedTarget. */
  target?: number;
  floor?: boolean;
}

export interface RoleTemplate {
  /** The position title as HR writes it, e.g. '质检员'. */
  position: string;
  department: KpiDepartment;
  /** Other titles for the same role, as WeCom's 职务 field may hold them. */
  aliases?: string[];
  metrics: RoleTemplateMetric[];
}

export const ROLE_TEMPLATES: readonly RoleTemplate[] = Object.freeze([
  {
    position: '质检员', department: '质量', aliases: ['检验员', '品检员', 'QC', 'IQC', 'IPQC', 'OQC'],
    metrics: [
      { code: 'sampling_error_rate', weight: 30, target: 0.5, floor: true },
      { code: 'incoming_inspection_timeliness', weight: 25 },
      { code: 'inspections_completed', weight: 20 },
      { code: 'customer_complaints', weight: 10 },
      { code: 'five_s_score', weight: 5 },
      { code: 'training_hours', weight: 10 },
    ],
  },
  {
    position: '操作工', department: '生产', aliases: ['操作员', '普工', '技工', '机台操作员'],
    metrics: [
      { code: 'work_orders_completed', weight: 30 },
      { code: 'yield_rate', weight: 25 },
      { code: 'first_pass_yield', weight: 15 },
      { code: 'equipment_downtime', weight: 10 },
      { code: 'five_s_score', weight: 10 },
      { code: 'safety_incidents', weight: 10, target: 0, floor: true },
    ],
  },
  {
    position: '班组长', department: '生产', aliases: ['生产组长', '线长', '拉长'],
    metrics: [
      { code: 'work_orders_completed', weight: 25 },
      { code: 'on_time_delivery', weight: 20 },
      { code: 'yield_rate', weight: 20 },
      { code: 'scrap_rate', weight: 10 },
      { code: 'equipment_downtime', weight: 10 },
      { code: 'safety_incidents', weight: 10, target: 0, floor: true },
      { code: 'training_hours', weight: 5 },
    ],
  },
  {
    position: '工艺工程师', department: '生产', aliases: ['工艺员', '制程工程师', 'PE'],
    metrics: [
      { code: 'process_improvement_proposals', weight: 25 },
      { code: 'yield_rate', weight: 25 },
      { code: 'first_pass_yield', weight: 20 },
      { code: 'scrap_rate', weight: 15 },
      { code: 'equipment_downtime', weight: 10 },
      { code: 'training_hours', weight: 5 },
    ],
  },
  {
    position: '仓管员', department: '仓储', aliases: ['仓库管理员', '库管员', '仓管', '物料员'],
    metrics: [
      { code: 'inventory_accuracy', weight: 30 },
      { code: 'picking_error_rate', weight: 20 },
      { code: 'warehouse_timeliness', weight: 20 },
      { code: 'outbound_orders_completed', weight: 15 },
      { code: 'five_s_score', weight: 10 },
      { code: 'safety_incidents', weight: 5, target: 0, floor: true },
    ],
  },
  {
    position: '研发工程师', department: '研发', aliases: ['设计工程师', '结构工程师', '电子工程师', '开发工程师'],
    metrics: [
      { code: 'rd_milestone_rate', weight: 35 },
      { code: 'design_review_pass_rate', weight: 25 },
      { code: 'design_changes', weight: 20 },
      { code: 'process_improvement_proposals', weight: 10 },
      { code: 'training_hours', weight: 10 },
    ],
  },
]);

const normalise = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/**
 * The template for a position title: an exact match on the title or an alias first, then the
 * longest Chinese title or alias the position contains ('高级工艺工程师' → 工艺工程师,
 * '质检员（二车间）' → 质检员). Latin aliases such as 'PE' match only exactly ('OPERATOR' is no PE).
 */
export function templateForPosition(position: string): RoleTemplate | undefined {
  const wanted = normalise(String(position ?? ''));
  if (!wanted) return undefined;
  const names = ROLE_TEMPLATES.flatMap((t) => [t.position, ...(t.aliases ?? [])].map((n) => ({ t, n: normalise(n) })));
  const exact = names.find((x) => x.n === wanted);
  if (exact) return exact.t;
  const contained = names
    .filter((x) => /[^\x00-\x7f]/.test(x.n) && wanted.includes(x.n))
    .sort((a, b) => b.n.length - a.n.length);
  return contained[0]?.t;
}
