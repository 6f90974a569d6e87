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

/** Typical daily values per input, so the demo lands around its targets. */
const DAILY: Record<string, [number, number]> = {
  completed: [4, 7], good: [180, 220], scrap: [0, 4], errors: [0, 1], samples: [40, 60], inspections: [3, 5],
  on_time: [9, 12], due: [10, 12], downtime_hours: [0, 1], proposals: [0, 1], training_hours: [0, 2],
};

export async function seedDemoData(ds: DataSource, now: Date, timeZone: string): Promise<number> {
  if ((await ds.getRepository(MetricRecord).count()) > 0) return 0;
  await applyRoleTemplates(ds, { actor: 'system:sandbox', now });
  const defs = new Map((await ds.getRepository(MetricDefinition).find()).map((d) => [d.code, d]));
  const assignments = await ds.getRepository(MetricAssignment).find();
  let seed = 20261127;
  const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const month = periodOf('month', now, timeZone);
  const rows: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const a of assignments) {
    for (const input of defs.get(a.metricCode)?.inputs ?? []) {
      const [lo, hi] = DAILY[input.name] ?? [1, 3];
      for (let day = new Date(month.start); day < now; day = new Date(day.getTime() + 86_400_000)) {
        const local = formatLocal(day, timeZone).slice(0, 10);
        const weekday = new Date(`${local}T00:00:00Z`).getUTCDay(); // of the local calendar date
        if (weekday === 0 || weekday === 6) continue;
        const id = `demo-${a.userId}-${input.name}-${local}`;
        if (seen.has(id)) continue; // an input shared by two metrics gets one record a day
        seen.add(id);
        rows.push({ userid: a.userId, input: input.name, value: Math.round(lo + rnd() * (hi - lo)), occurredAt: `${local} 16:00`, source: 'DEMO', externalId: id, ref: `演示单据 ${local}` });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 5000) {
    const r = await ingestRecords(ds, rows.slice(i, i + 5000), { actor: 'system:sandbox', now, timeZone });
    if (!r.ok) throw new Error(`demo data rejected: ${r.errors[0]?.message}`);
  }
  return rows.length;
}
