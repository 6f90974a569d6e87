/** Shared set-up for the import suites: real xlsx/CSV files, seeded rows, table counts. */
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { AuditEntry, Department, Employee, Goal, MetricAssignment, MetricDefinition, MetricRecord } from '../../src/entities';
import type { MetricInputSpec } from '../../src/entities/metric-definition.entity';
import type { ImportOptions } from '../../src/import';

export const NOW = new Date('2026-11-28T02:00:00Z');
export const OPTS: ImportOptions = { actor: 'user:hr01', now: NOW, timeZone: 'Asia/Shanghai' };
export const DRY: ImportOptions = { ...OPTS, dryRun: true };

/** An .xlsx whose first sheet holds `rows` (row 1 = headers); a second sheet proves only the first is read. */
export async function makeXlsx(rows: unknown[][], style?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  style?.(ws);
  wb.addWorksheet('其他').addRow(['不应被读取']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const TABLES = [AuditEntry, Goal, MetricAssignment, MetricRecord, MetricDefinition, Employee, Department] as const;

/** Rows per table, to show an import changed nothing (or what it changed). */
export async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t.name] = await ds.getRepository(t).count();
  return out;
}

export async function clearTables(ds: DataSource): Promise<void> {
  for (const t of TABLES) await ds.getRepository(t).clear();
}

export async function seedDepartment(ds: DataSource, id: number, name: string, parentId: number | null = null): Promise<Department> {
  return ds.getRepository(Department).save({ id, name, parentId, sortOrder: 0, leaderUserIds: [], active: true, syncedAt: NOW });
}

export async function seedEmployee(ds: DataSource, userId: string, name: string, extra: Partial<Employee> = {}): Promise<Employee> {
  return ds.getRepository(Employee).save({
    userId,
    name,
    mainDepartmentId: 2,
    departmentIds: [2],
    leadsDepartmentIds: [],
    directLeaderIds: [],
    position: '操作工',
    status: 1,
    active: true,
    source: 'import',
    syncedAt: NOW,
    ...extra,
  });
}

export const YIELD_INPUTS: MetricInputSpec[] = [
  { name: 'good', label: '合格品数量', unit: '件', aggregate: 'sum' },
  { name: 'scrap', label: '报废数量', unit: '件', aggregate: 'sum' },
];

export async function seedMetric(ds: DataSource, code = 'yield_rate', extra: Partial<MetricDefinition> = {}): Promise<MetricDefinition> {
  return ds.getRepository(MetricDefinition).save({
    code,
    name: '良品率',
    department: '生产部',
    unit: '%',
    direction: 'higher_better',
    formula: 'good / (good + scrap) * 100',
    inputs: YIELD_INPUTS,
    sourceSystem: 'MES',
    sourceNote: 'MES 报工单',
    suggestedTarget: 98.5,
    targetKind: 'level',
    description: '合格品占全部产出的比例',
    builtin: false,
    active: true,
    updatedAt: NOW,
    ...extra,
  });
}

/** The factory floor most suites start from: 生产部 under the company, 李四 leading 张三. */
export async function seedFloor(ds: DataSource): Promise<void> {
  await seedDepartment(ds, 1, '华东精密制造有限公司');
  await seedDepartment(ds, 2, '生产部', 1);
  await seedEmployee(ds, 'lisi', '李四', { position: '班组长', leadsDepartmentIds: [2] });
  await seedEmployee(ds, 'zhangsan', '张三', { directLeaderIds: ['lisi'] });
}
