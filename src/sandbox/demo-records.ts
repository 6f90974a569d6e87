/**
 * One plausible working day of ERP/MES source data per standard metric, for the demo factory.
 * `skill` (0 weak … 1 strong) moves a person's numbers, so rankings and 9-boxes spread out.
 * Pure: the same random stream gives the same day.
 */
import { isWorkday } from 'chinese-days';
import { findMetric } from '../domain/kpi-library';

type Rand = () => number;
const between = (r: Rand, lo: number, hi: number) => Math.round(lo + r() * (hi - lo));
const sometimes = (r: Rand, p: number) => (r() < p ? 1 : 0);

/** Inputs per metric code; `s` is the person's skill. */
const DAY: Record<string, (r: Rand, s: number) => Record<string, number>> = {
  work_orders_completed: (r, s) => ({ completed: between(r, 3.5 + s * 1.8, 5 + s * 1.8) }), // target 120 a month
  yield_rate: (r, s) => ({ good: between(r, 180, 220), scrap: between(r, 0, 2 + (1 - s) * 8) }), // target 98.5%
  scrap_rate: (r, s) => ({ good: between(r, 180, 220), scrap: between(r, 0, 2 + (1 - s) * 8) }),
  equipment_downtime: (r, s) => ({ downtime_minutes: between(r, 0, 15 + (1 - s) * 40) }),
  first_pass_yield: (r, s) => { const n = between(r, 40, 50); return { first_inspected: n, first_passed: n - between(r, 0, 1 + 3 * (1 - s)) }; },
  on_time_delivery: (r, s) => { const n = between(r, 10, 12); return { due_orders: n, on_time_orders: n - sometimes(r, 0.9 - s * 0.7) }; },
  process_improvement_proposals: (r, s) => ({ proposals: sometimes(r, 0.04 + s * 0.1) }),
  sampling_error_rate: (r, s) => ({ samples: between(r, 40, 60), errors: sometimes(r, 0.15 - s * 0.12) }),
  incoming_inspection_timeliness: (r, s) => { const n = between(r, 5, 8); return { received_lots: n, on_time_lots: n - sometimes(r, 0.35 - s * 0.3) }; },
  inspections_completed: (r, s) => ({ inspections: between(r, 5 + s, 7 + s * 1.5) }),
  customer_complaints: (r, s) => ({ complaints: sometimes(r, 0.05 - s * 0.04) }),
  rd_milestone_rate: (r, s) => { const due = sometimes(r, 0.3); return { milestones_due: due, milestones_met: due * sometimes(r, 0.7 + s * 0.28) }; },
  design_review_pass_rate: (r, s) => { const n = sometimes(r, 0.4); return { reviews: n, passed_first_time: n * sometimes(r, 0.65 + s * 0.3) }; },
  design_changes: (r, s) => ({ changes: sometimes(r, 0.08 - s * 0.06) }),
  inventory_accuracy: (r, s) => { const n = between(r, 50, 80); return { counted_items: n, matched_items: n - sometimes(r, 0.4 - s * 0.35) }; },
  picking_error_rate: (r, s) => ({ picked_lines: between(r, 150, 250), picking_errors: sometimes(r, 0.35 - s * 0.3) }),
  warehouse_timeliness: (r, s) => { const n = between(r, 30, 40); return { total_moves: n, on_time_moves: n - sometimes(r, 0.5 - s * 0.4) - sometimes(r, 0.2) }; },
  outbound_orders_completed: (r, s) => ({ outbound_orders: between(r, 11 + s * 2, 14 + s * 3) }),
  safety_incidents: (r, s) => ({ incidents: sometimes(r, 0.004 * (1 - s)) }),
  five_s_score: (r, s) => ({ score: between(r, 78 + s * 10, 90 + s * 8) }),
  training_hours: (r) => ({ hours: sometimes(r, 0.25) * between(r, 1, 3) }),
};

/** What the source document is called in each system (shown as the record's reference). */
const REF: Record<string, string> = { MES: '工单', ERP: '订单', QMS: '检验单', WMS: '出入库单', PLM: '项目', 手工: '登记' };

export interface DemoRecord {
  input: string;
  value: number;
  source: string;
  refPrefix: string;
}

/** One day of records for a person's metric codes; an input two metrics share is recorded once. */
export function recordsForDay(codes: readonly string[], r: Rand, skill: number): DemoRecord[] {
  const out = new Map<string, DemoRecord>();
  for (const code of codes) {
    const day = DAY[code];
    if (!day) continue;
    const source = findMetric(code)?.sourceSystem ?? 'MES';
    for (const [input, value] of Object.entries(day(r, skill))) {
      if (!out.has(input)) out.set(input, { input, value, source: source === '手工' ? 'HR' : source, refPrefix: REF[source] ?? '单据' });
    }
  }
  return [...out.values()];
}

/** China's working days (holidays and 调休 make-up days), from chinese-days. */
export function isDemoWorkday(localDate: string): boolean {
  try {
    return isWorkday(localDate);
  } catch {
    const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }
}
