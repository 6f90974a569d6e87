/**
 * Writes the bench org into a fresh database: the standard KPI library, the departments, the
 * employees, their org history and their dated metric assignments, with raw multi-row INSERTs in
 * one transaction.
 */
import type { DataSource } from 'typeorm';
import { seedKpiLibrary } from '../../src/repositories/metric-library';
import { BENCH_DEPARTMENTS, ROOT_DEPARTMENT, type BenchEmployee } from './bench-org';
import { insertRows, sqlDateTime } from './bulk-insert';
import { generateRecords, type RecordPlan } from './records';

export interface OrgSeedCounts {
  departments: number;
  employees: number;
  history: number;
  assignments: number;
  metrics: number;
}

export async function seedBenchOrg(ds: DataSource, employees: BenchEmployee[], now: Date): Promise<OrgSeedCounts> {
  const metrics = await seedKpiLibrary(ds, now);
  const at = sqlDateTime(now);
  return ds.transaction(async (m) => {
    const departments = await insertRows(
      m,
      'departments',
      ['id', 'name', 'parent_id', 'sort_order', 'leader_user_ids', 'active', 'synced_at'],
      [
        [ROOT_DEPARTMENT.id, ROOT_DEPARTMENT.name, null, 0, '[]', 1, at],
        ...BENCH_DEPARTMENTS.map((d, i) => [d.id, d.name, ROOT_DEPARTMENT.id, i + 1, '[]', 1, at]),
      ],
    );
    const inserted = await insertRows(
      m,
      'employees',
      ['user_id', 'name', 'main_department_id', 'department_ids', 'leads_department_ids', 'direct_leader_ids', 'position', 'status', 'active', 'source', 'synced_at'],
      employees.map((e) => [e.userId, e.name, e.departmentId, `[${e.departmentId}]`, '[]', '[]', e.position, 1, 1, 'import', at]),
    );
    const history = await insertRows(
      m,
      'employee_org_history',
      ['user_id', 'valid_from', 'valid_to', 'main_department_id', 'department_ids', 'leads_department_ids', 'direct_leader_ids', 'position', 'active'],
      employees.flatMap((e) =>
        e.history.map((h) => [e.userId, sqlDateTime(h.validFrom), h.validTo && sqlDateTime(h.validTo), h.departmentId, `[${h.departmentId}]`, '[]', '[]', h.position, 1]),
      ),
    );
    const assignments = await insertRows(
      m,
      'metric_assignments',
      ['user_id', 'metric_code', 'period_key', 'target', 'weight', 'floor', 'starts_at', 'ends_at', 'updated_at'],
      employees.flatMap((e) =>
        e.assignments.map((a) => [e.userId, a.metricCode, '', a.target, a.weight, a.floor ? 1 : 0, sqlDateTime(a.startsAt), a.endsAt && sqlDateTime(a.endsAt), at]),
      ),
    );
    return { departments, employees: inserted, history, assignments, metrics };
  });
}

export const RECORD_COLUMNS = ['user_id', 'input', 'value', 'occurred_at', 'source', 'external_id', 'ref', 'created_at'];

/** Inserts the planned records in one transaction; returns how many. */
export async function seedRecords(ds: DataSource, plan: RecordPlan, now: Date): Promise<number> {
  const at = sqlDateTime(now);
  return ds.transaction(async (m) => {
    const rows = (function* () {
      for (const r of generateRecords(plan)) yield [r.userId, r.input, r.value, sqlDateTime(r.occurredAt), r.source, r.externalId, '', at];
    })();
    return insertRows(m, 'metric_records', RECORD_COLUMNS, rows);
  });
}
