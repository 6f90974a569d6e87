/**
 * Department weights from a sheet: 自动数据 / 主管评价 / 跨部门协作 per department, effective from
 * a date. Upsert by (部门, 生效日期); validated (each ≥ 0, a positive sum) and audited.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { formatLocal } from '../domain/periods';
import { validateWeights } from '../domain/scoring/weights';
import { DepartmentWeights } from '../entities';
import { DepartmentResolver } from './departments';
import { findRepeats, firstOfEach } from './lookup';
import { auditImport, diff, newCounts, runPlan, sameValues } from './run-plan';
import type { Plan } from './run-plan';
import type { ColumnSpec, ImportError, KindContext, KindHandler, ParsedRow } from './types';

const share = (field: string, header: string, help: string): ColumnSpec => ({ field, header, required: true, type: 'number', min: 0, help });

const columns: ColumnSpec[] = [
  { field: 'department', header: '部门', aliases: ['department'], required: true, type: 'text', maxLength: 255, help: '部门名称，同名部门写成“上级部门/部门”' },
  share('automatic', '自动数据', '自动数据（KPI）的权重，如 70'),
  share('review', '主管评价', '直属主管月度评价的权重，如 20'),
  share('collaboration', '跨部门协作', '跨部门协作评分的权重，如 10'),
  { field: 'effectiveFrom', header: '生效日期', aliases: ['生效', '开始日期'], required: true, type: 'datetime', help: '从这一天起生效，如 2026-12-01；周期按其第一天生效的权重计算' },
];

export const weightsImport: KindHandler = {
  kind: 'weights',
  columns,
  samples: [{ department: '生产部', automatic: 70, review: 20, collaboration: 10, effectiveFrom: '2026-12-01' }],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'weights', ctx, (tx) => planWeights(tx, rows, ctx)),
};

type Fields = Pick<DepartmentWeights, 'departmentId' | 'effectiveFrom' | 'automatic' | 'review' | 'collaboration'>;

async function planWeights(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const errors: ImportError[] = [];
  const valid: Array<{ row: number; fields: Fields }> = [];
  const depts = await DepartmentResolver.load(tx, ctx.now);
  for (const r of rows) {
    const v = r.values;
    const before = depts.created.length;
    const found = depts.resolve(v.department as string);
    if (!found.ok) errors.push({ row: r.row, column: '部门', message: found.message });
    else if (depts.created.length > before) errors.push({ row: r.row, column: '部门', message: `未找到部门“${String(v.department)}”` });
    const weights = { automatic: v.automatic as number, review: v.review as number, collaboration: v.collaboration as number };
    try {
      validateWeights(weights);
    } catch (err) {
      errors.push({ row: r.row, column: '自动数据', message: (err as Error).message });
    }
    if (!errors.some((e) => e.row === r.row) && found.ok) {
      valid.push({ row: r.row, fields: { departmentId: found.id, effectiveFrom: formatLocal(v.effectiveFrom as Date, ctx.timeZone).slice(0, 10), ...weights } });
    }
  }
  const keyOf = (x: { fields: Pick<Fields, 'departmentId' | 'effectiveFrom'> }) => `${x.fields.departmentId}|${x.fields.effectiveFrom}`;
  errors.push(...findRepeats(valid, keyOf, '生效日期', '部门和生效日期'));

  const stored = new Map((await tx.getRepository(DepartmentWeights).find()).map((w) => [keyOf({ fields: w }), w]));
  const counts = newCounts();
  const changes: Array<{ before: DepartmentWeights | null; next: Fields }> = [];
  for (const x of firstOfEach(valid, keyOf)) {
    const existing = stored.get(keyOf(x)) ?? null;
    if (existing && sameValues(existing, x.fields)) counts.unchanged++;
    else {
      counts[existing ? 'updated' : 'inserted']++;
      changes.push({ before: existing, next: x.fields });
    }
  }
  return {
    errors,
    counts,
    async apply() {
      for (const { before, next } of changes) {
        const saved = await tx.getRepository(DepartmentWeights).save({ ...(before ? { id: before.id } : {}), ...next, updatedBy: ctx.actor.slice(0, 96), updatedAt: ctx.now });
        await auditImport(tx, ctx, { action: 'department_weights.import', entity: 'department_weights', entityId: saved.id, ...diff(before, next) });
      }
    },
  };
}
