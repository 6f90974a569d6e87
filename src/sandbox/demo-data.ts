/**
 * Demo data for `npm start` without WeCom: the demo factory gets its positions' standard metrics
 * and a month of plausible ERP/MES records, so 查询, 排行 and the Friday card show real numbers.
 * Runs once: a database that already has records is left alone.
 */
import type { DataSource } from 'typeorm';
import { formatLocal, periodOf } from '../domain/periods';
import { MetricAssignment, MetricDefinition, MetricRecord } from '../entities';
import { ingestRecords } from '../ingest/records';
import { applyRoleTemplates } from '../repositories/assignments';

type Rand = () => number;
const between = (r: Rand, lo: number, hi: number) => Math.round(lo + r() * (hi - lo));
const sometimes = (r: Rand, p: number) => (r() < p ? 1 : 0);

/** A plausible day of source data per standard metric, around its suggested target. */
const DAY: Record<string, (r: Rand) => Record<string, number>> = {
  work_orders_completed: (r) => ({ completed: between(r, 5, 7) }),
  yield_rate: (r) => ({ good: between(r, 180, 220), scrap: between(r, 0, 4) }),
  scrap_rate: (r) => ({ good: between(r, 180, 220), scrap: between(r, 0, 4) }),
  equipment_downtime: (r) => ({ downtime_minutes: between(r, 0, 30) }),
  first_pass_yield: (r) => { const n = between(r, 40, 50); return { first_inspected: n, first_passed: n - sometimes(r, 0.5) }; },
  on_time_delivery: (r) => { const n = between(r, 10, 12); return { due_orders: n, on_time_orders: n - sometimes(r, 0.4) }; },
  process_improvement_proposals: (r) => ({ proposals: sometimes(r, 0.1) }),
  sampling_error_rate: (r) => ({ samples: between(r, 40, 60), errors: sometimes(r, 0.08) }),
  incoming_inspection_timeliness: (r) => { const n = between(r, 5, 8); return { received_lots: n, on_time_lots: n - sometimes(r, 0.2) }; },
  inspections_completed: (r) => ({ inspections: between(r, 6, 8) }),
  customer_complaints: (r) => ({ complaints: sometimes(r, 0.03) }),
  rd_milestone_rate: (r) => { const due = sometimes(r, 0.3); return { milestones_due: due, milestones_met: due * sometimes(r, 0.9) }; },
  design_review_pass_rate: (r) => { const n = sometimes(r, 0.4); return { reviews: n, passed_first_time: n * sometimes(r, 0.85) }; },
  design_changes: (r) => ({ changes: sometimes(r, 0.05) }),
  inventory_accuracy: (r) => { const n = between(r, 50, 80); return { counted_items: n, matched_items: n - sometimes(r, 0.2) }; },
  picking_error_rate: (r) => ({ picked_lines: between(r, 150, 250), picking_errors: sometimes(r, 0.2) }),
  warehouse_timeliness: (r) => { const n = between(r, 30, 40); return { total_moves: n, on_time_moves: n - sometimes(r, 0.3) }; },
  outbound_orders_completed: (r) => ({ outbound_orders: between(r, 13, 16) }),
  safety_incidents: () => ({ incidents: 0 }),
  five_s_score: (r) => ({ score: between(r, 85, 98) }),
  training_hours: (r) => ({ hours: sometimes(r, 0.25) }),
};

export async function seedDemoData(ds: DataSource, now: Date, timeZone: string): Promise<number> {
  if ((await ds.getRepository(MetricRecord).count()) > 0) return 0;
  await applyRoleTemplates(ds, { actor: 'system:sandbox', now, startsAt: null }); // the demo's records go back further
  const defs = new Map((await ds.getRepository(MetricDefinition).find()).map((d) => [d.code, d]));
  const assignments = await ds.getRepository(MetricAssignment).find();
  let seed = 20261127;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const month = periodOf('month', now, timeZone);
  const rows: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const a of assignments) {
    const day = DAY[a.metricCode];
    if (!day || !defs.has(a.metricCode)) continue;
    for (let d = new Date(month.start); d < now; d = new Date(d.getTime() + 86_400_000)) {
      const local = formatLocal(d, timeZone).slice(0, 10);
      const weekday = new Date(`${local}T00:00:00Z`).getUTCDay(); // of the local calendar date
      if (weekday === 0 || weekday === 6) continue;
      for (const [input, value] of Object.entries(day(rnd))) {
        const id = `demo-${a.userId}-${input}-${local}`;
        if (seen.has(id)) continue; // an input shared by two metrics gets one record a day
        seen.add(id);
        rows.push({ userid: a.userId, input, value, occurredAt: `${local} 16:00`, source: 'DEMO', externalId: id, ref: `演示单据 ${local}` });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const r = await ingestRecords(ds, rows.slice(i, i + 5000), { actor: 'system:sandbox', now, timeZone });
    if (!r.ok) throw new Error(`demo data rejected: ${r.errors[0]?.message}`);
  }
  return rows.length;
}
