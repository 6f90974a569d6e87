/**
 * Seeds a factory history for the alert tests: operators with a weekly 完成工单 record (on the
 * Thursday of each ISO week) and a monthly 准时交付 pair of records, plus the rule linking them.
 */
import type { DataSource } from 'typeorm';
import { seededRandom } from '../../src/sandbox/demo-factory';
import { AlertRule } from '../../src/alerts/alert-rule.entity';
import { parsePeriod, recentWeeks, type Period } from '../../src/domain/periods';
import { Employee, MetricAssignment, MetricRecord } from '../../src/entities';
import { seedKpiLibrary } from '../../src/repositories/metric-library';

export const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
export const thursdayOf = (w: Period) => new Date(w.start.getTime() + 3 * DAY + 12 * 3600_000);
/** '2026-07' of a week's Thursday, in Shanghai. */
export const monthKeyOf = (w: Period) => new Date(thursdayOf(w).getTime() + 8 * 3600_000).toISOString().slice(0, 7);

export function weeksEnding(weekKey: string, n: number): Period[] {
  return recentWeeks(parsePeriod(weekKey, TZ).start, n, TZ);
}

export async function seedOperators(ds: DataSource, ids: string[], opts: { position?: string; leader?: string } = {}): Promise<void> {
  const now = new Date('2025-01-01T00:00:00Z');
  await ds.getRepository(Employee).insert(
    ids.map((userId) => ({
      userId, name: userId, mainDepartmentId: 3, departmentIds: [3], leadsDepartmentIds: [], directLeaderIds: opts.leader ? [opts.leader] : [],
      position: opts.position ?? '操作工', status: 1, active: true, source: 'wecom' as const, syncedAt: now,
    })),
  );
}

export async function assign(ds: DataSource, ids: string[], metricCode: string, target: number): Promise<void> {
  await ds.getRepository(MetricAssignment).insert(
    ids.map((userId) => ({ userId, metricCode, periodKey: '', target, weight: 50, floor: false, startsAt: null, endsAt: null, updatedAt: new Date('2025-01-01T00:00:00Z') })),
  );
}

export async function seedLibrary(ds: DataSource): Promise<void> {
  await seedKpiLibrary(ds, new Date('2025-01-01T00:00:00Z'));
}

type Row = { userId: string; input: string; value: number; occurredAt: Date };
export async function insertRecords(ds: DataSource, rows: Row[]): Promise<void> {
  const createdAt = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < rows.length; i += 400) {
    await ds.getRepository(MetricRecord).insert(
      rows.slice(i, i + 400).map((r, j) => ({ ...r, source: 'MES', externalId: `t-${i + j}-${r.userId}-${r.input}-${r.occurredAt.getTime()}`, ref: '', createdAt })),
    );
  }
}

export const completedRecord = (userId: string, w: Period, value: number): Row => ({ userId, input: 'completed', value, occurredAt: thursdayOf(w) });

/** The month's 准时交付率: 98% when met, 80% when missed (target 95). */
export function deliveryRecords(userId: string, monthKey: string, missed: boolean): Row[] {
  const at = new Date(`${monthKey}-15T12:00:00+08:00`);
  return [
    { userId, input: 'on_time_orders', value: missed ? 80 : 98, occurredAt: at },
    { userId, input: 'due_orders', value: 100, occurredAt: at },
  ];
}

/** Replaces the shipped rules with one: 工单完成数 15% below baseline 2 weeks running, judged on 准时交付率. */
export async function onlyDeliveryRule(ds: DataSource, audience: 'supervisor' | 'supervisor_employee' = 'supervisor'): Promise<AlertRule> {
  await ds.getRepository(AlertRule).update({ active: true }, { active: false });
  return ds.getRepository(AlertRule).save({
    metricCode: 'work_orders_completed', outcomeMetricCode: 'on_time_delivery', direction: 'below', thresholdPct: 15, weeks: 2, audience, active: true,
    updatedAt: new Date('2025-01-01T00:00:00Z'),
  });
}

/** A deterministic generator (the demo factory's mulberry32), so "random" data is the same on every run. */
export const prng = seededRandom;
