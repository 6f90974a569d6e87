/**
 * A synthetic factory for the benches: ~20 departments (workshops, inspection, warehouses), each
 * employee with a position and the 3–4 library metrics that position is measured on, with targets
 * and weights, all effective-dated: org history rows (one in 20 transferred on 11 Nov) and dated
 * assignments (from 1 Oct; one in 25 has a target changed on Wed 25 Nov, so the bench week scores
 * that metric in two parts). Pure: what to insert; bench/common/seed-org.ts writes it.
 */
import { findMetric } from '../../src/domain/kpi-library';

export interface BenchDepartment {
  id: number;
  name: string;
  kind: 'workshop' | 'quality' | 'warehouse';
}

export interface BenchAssignment {
  metricCode: string;
  target: number;
  weight: number;
  floor: boolean;
  startsAt: Date;
  endsAt: Date | null;
}

/** One stretch of an employee's org history, [validFrom, validTo). */
export interface BenchPlacement {
  departmentId: number;
  position: string;
  validFrom: Date;
  validTo: Date | null;
}

/** Where history starts (as the migration's backfill does). */
export const HISTORY_START = new Date(0);
/** Assignments run from here (Asia/Shanghai). */
export const ASSIGNED_FROM = new Date('2026-09-30T16:00:00.000Z');
/** One in 20 employees moved department on this day (before the bench week). */
export const TRANSFER_AT = new Date('2026-11-10T16:00:00.000Z');
/** One in 25 had a target changed on this day: Wednesday of the bench week 2026-W48. */
export const RETARGET_AT = new Date('2026-11-24T16:00:00.000Z');

export interface BenchEmployee {
  userId: string;
  name: string;
  departmentId: number;
  position: string;
  assignments: BenchAssignment[];
  /** The record inputs those metrics read (what the ERP/MES sends for this person). */
  inputs: string[];
  /** Org history, oldest first; the last stretch is open and matches departmentId and position. */
  history: BenchPlacement[];
}

/** The parent of every bench department (WeCom's root department is 1). */
export const ROOT_DEPARTMENT = { id: 1, name: '华东精密制造有限公司' };

const DEPARTMENT_NAMES: Array<[string, BenchDepartment['kind']]> = [
  ['冲压一车间', 'workshop'], ['冲压二车间', 'workshop'], ['焊装一车间', 'workshop'], ['焊装二车间', 'workshop'],
  ['涂装车间', 'workshop'], ['总装一车间', 'workshop'], ['总装二车间', 'workshop'], ['机加一车间', 'workshop'],
  ['机加二车间', 'workshop'], ['注塑车间', 'workshop'], ['电装车间', 'workshop'], ['包装车间', 'workshop'],
  ['来料检验科', 'quality'], ['过程检验科', 'quality'], ['成品检验科', 'quality'], ['质量保证部', 'quality'],
  ['原料仓', 'warehouse'], ['成品仓', 'warehouse'], ['配件仓', 'warehouse'], ['物流中心', 'warehouse'],
];

export const BENCH_DEPARTMENTS: BenchDepartment[] = DEPARTMENT_NAMES.map(([name, kind], i) => ({ id: 100 + i, name, kind }));

type Line = [code: string, weight: number, floor?: boolean];

/** Each position's metrics and weights (weights sum to 100). */
const POSITION_METRICS: Record<string, Line[]> = {
  操作工: [['work_orders_completed', 40], ['yield_rate', 40], ['scrap_rate', 20]],
  班组长: [['work_orders_completed', 30], ['yield_rate', 30], ['on_time_delivery', 25], ['equipment_downtime', 15]],
  工艺员: [['first_pass_yield', 40], ['yield_rate', 30], ['process_improvement_proposals', 30]],
  质检员: [['inspections_completed', 35], ['sampling_error_rate', 25, true], ['incoming_inspection_timeliness', 25], ['customer_complaints', 15]],
  仓管员: [['outbound_orders_completed', 40], ['picking_error_rate', 30], ['inventory_accuracy', 30]],
};

/** One record's value per input: counts as a work order or an inspection report would carry them. */
export const INPUT_VALUES: Record<string, { min: number; max: number; chance?: number }> = {
  completed: { min: 1, max: 3 },
  good: { min: 40, max: 160 },
  scrap: { min: 0, max: 3 },
  on_time_orders: { min: 0, max: 2 },
  due_orders: { min: 1, max: 2 },
  downtime_minutes: { min: 0, max: 20 },
  first_passed: { min: 0, max: 1 },
  first_inspected: { min: 1, max: 1 },
  proposals: { min: 1, max: 1, chance: 0.05 },
  inspections: { min: 1, max: 3 },
  errors: { min: 1, max: 1, chance: 0.08 },
  samples: { min: 20, max: 60 },
  on_time_lots: { min: 0, max: 2 },
  received_lots: { min: 1, max: 2 },
  complaints: { min: 1, max: 1, chance: 0.01 },
  outbound_orders: { min: 2, max: 6 },
  picking_errors: { min: 1, max: 1, chance: 0.02 },
  picked_lines: { min: 5, max: 30 },
  matched_items: { min: 8, max: 10 },
  counted_items: { min: 10, max: 10 },
};

function metric(code: string) {
  const spec = findMetric(code);
  if (!spec) throw new Error(`bench org: ${code} is not in the KPI library`);
  return spec;
}

const PLAN: Record<string, { assignments: BenchAssignment[]; inputs: string[] }> = Object.fromEntries(
  Object.entries(POSITION_METRICS).map(([position, lines]) => {
    const assignments = lines.map(([code, weight, floor]) => ({
      metricCode: code, target: metric(code).suggestedTarget, weight, floor: floor ?? false, startsAt: ASSIGNED_FROM, endsAt: null,
    }));
    const inputs = [...new Set(lines.flatMap(([code]) => metric(code).inputs.map((i) => i.name)))];
    for (const i of inputs) if (!INPUT_VALUES[i]) throw new Error(`bench org: no value range for input ${i}`);
    return [position, { assignments, inputs }];
  }),
);

/** The system each input comes from, as its metric's sourceSystem says (MES, QMS, WMS, ERP, 手工). */
export const INPUT_SOURCES: Record<string, string> = Object.fromEntries(
  Object.values(POSITION_METRICS).flatMap((lines) => lines.flatMap(([code]) => metric(code).inputs.map((i) => [i.name, metric(code).sourceSystem]))),
);

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红宇浩然子轩梓涵一诺欣怡';

/** The k-th member's position: workshops have a team leader, a process engineer and an inspector per 25 operators' team. */
function positionOf(kind: BenchDepartment['kind'], k: number): string {
  if (kind === 'quality') return '质检员';
  if (kind === 'warehouse') return '仓管员';
  const slot = k % 25;
  return slot === 0 ? '班组长' : slot === 1 ? '工艺员' : slot === 2 ? '质检员' : '操作工';
}

/** Employee i works in department i mod 20, so department sizes differ by one at most. */
export function buildBenchEmployees(count: number): BenchEmployee[] {
  const out: BenchEmployee[] = [];
  for (let i = 0; i < count; i++) {
    const dept = BENCH_DEPARTMENTS[i % BENCH_DEPARTMENTS.length];
    const position = positionOf(dept.kind, Math.floor(i / BENCH_DEPARTMENTS.length));
    const plan = PLAN[position];
    const name = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length] + GIVEN[(i * 7) % GIVEN.length];
    const history: BenchPlacement[] =
      i % 20 === 7
        ? [
            { departmentId: BENCH_DEPARTMENTS[(i + 1) % BENCH_DEPARTMENTS.length].id, position, validFrom: HISTORY_START, validTo: TRANSFER_AT },
            { departmentId: dept.id, position, validFrom: TRANSFER_AT, validTo: null },
          ]
        : [{ departmentId: dept.id, position, validFrom: HISTORY_START, validTo: null }];
    const assignments = i % 25 === 3 ? retargetFirst(plan.assignments) : plan.assignments;
    out.push({ userId: `bench${String(i).padStart(6, '0')}`, name, departmentId: dept.id, position, assignments, inputs: plan.inputs, history });
  }
  return out;
}

/** The first metric's target raised by 10 % from RETARGET_AT: the old row closes where the new one starts. */
function retargetFirst([first, ...rest]: BenchAssignment[]): BenchAssignment[] {
  return [{ ...first, endsAt: RETARGET_AT }, { ...first, target: first.target * 1.1, startsAt: RETARGET_AT }, ...rest];
}
