/**
 * Metric assignments and targets from a sheet, keyed by (工号, 指标编码, 周期), an empty 周期 being
 * the standing assignment. Effective-dated: a new assignment starts on its 开始日期, else when it is
 * imported; a changed target or weight closes the row in force and starts a new one, so periods
 * already scored keep the target they had. Every change is audited.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { startOfLocalDay } from '../domain/effective-dating';
import { parsePeriod } from '../domain/periods';
import { Employee, MetricAssignment, MetricDefinition } from '../entities';
import { findByKeys, findRepeats, firstOfEach } from './lookup';
import { auditImport, diff, newCounts, runPlan, sameValues } from './run-plan';
import type { Plan } from './run-plan';
import type { ColumnSpec, ImportError, KindContext, KindHandler, ParsedRow } from './types';

const columns: ColumnSpec[] = [
  { field: 'userId', header: '工号', aliases: ['userid', '员工ID', '员工编号'], required: true, type: 'text', maxLength: 64, help: '已在系统中的员工工号' },
  { field: 'metricCode', header: '指标编码', aliases: ['编码', 'code', 'metricCode'], required: true, type: 'text', maxLength: 64, help: '已在系统中的指标编码，如 yield_rate' },
  { field: 'period', header: '周期', aliases: ['考核周期', 'period'], type: 'period', help: '空白表示长期有效；填写则只对该周期生效，如 2026-11（月）、2026-Q4（季度）、2026-W48（周）' },
  { field: 'target', header: '目标值', aliases: ['目标', 'target'], required: true, type: 'number', help: '数字；数量类指标为每月目标，周和季度按工作日折算' },
  { field: 'weight', header: '权重', aliases: ['权重%', 'weight'], required: true, type: 'number', min: 0, max: 100, help: '0–100 的数字，如 40 表示 40%' },
  { field: 'floor', header: '是否底线', aliases: ['底线', '底线指标', 'floor'], type: 'bool', help: '“是”表示底线指标（未达标单独提示），空白为“否”' },
  { field: 'startsAt', header: '开始日期', aliases: ['生效日期', 'startsAt'], type: 'datetime', help: '从哪天起计入考核，如 2026-11-16；空白表示从导入时起' },
  { field: 'endsAt', header: '结束日期', aliases: ['截止日期', 'endsAt'], type: 'datetime', help: '最后计入考核的一天（含当天），如 2026-11-20；空白表示长期' },
];

const DAY_MS = 24 * 60 * 60 * 1000;

export const assignmentsImport: KindHandler = {
  kind: 'assignments',
  columns,
  samples: [{ userId: 'zhangsan', metricCode: 'yield_rate', period: '2026-11', target: 98.5, weight: 40, floor: '否', startsAt: '', endsAt: '' }],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'assignments', ctx, (tx) => planAssignments(tx, rows, ctx)),
};

type Fields = Omit<MetricAssignment, 'id' | 'updatedAt' | 'startsAt' | 'endsAt'>;
interface Dates {
  startsAt: Date | null;
  endsAt: Date | null;
}

async function planAssignments(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const errors: ImportError[] = [];
  const valid: Array<{ row: number; fields: Omit<Fields, 'floor'> & { floor?: boolean | null }; dates: Dates }> = [];
  const users = new Set((await findByKeys(tx, Employee, 'userId', rows.map((r) => r.values.userId as string))).map((e) => e.userId));
  const metrics = new Map((await findByKeys(tx, MetricDefinition, 'code', rows.map((r) => r.values.metricCode as string))).map((m) => [m.code, m]));

  for (const r of rows) {
    const v = r.values;
    const rowErrors: ImportError[] = [];
    const fail = (column: string, message: string): void => void rowErrors.push({ row: r.row, column, message });
    const userId = v.userId as string;
    const code = v.metricCode as string;
    if (!users.has(userId)) fail('工号', `未知员工：${userId}，请先导入员工或同步通讯录`);
    const metric = metrics.get(code);
    if (!metric) fail('指标编码', `未知指标编码：${code}，请先导入指标`);
    else if (!metric.active) fail('指标编码', `指标“${metric.name}”（${code}）已停用`);
    let periodKey = '';
    if (v.period) {
      try {
        periodKey = parsePeriod(v.period as string, ctx.timeZone).key;
      } catch {
        fail('周期', `无法识别的周期“${String(v.period)}”，应为 2026-11（月）、2026-Q4（季度）或 2026-W48（周），长期有效请留空`);
      }
    }
    // 结束日期 is the last day counted, so the assignment ends when that day does (China has no DST).
    const dates: Dates = { startsAt: (v.startsAt as Date | null | undefined) ?? null, endsAt: v.endsAt ? new Date((v.endsAt as Date).getTime() + DAY_MS) : null };
    if (dates.startsAt && dates.endsAt && dates.endsAt <= dates.startsAt) fail('结束日期', '结束日期不能早于开始日期');
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else valid.push({ row: r.row, dates, fields: { userId, metricCode: code, periodKey, target: v.target as number, weight: v.weight as number, floor: v.floor as boolean | null | undefined } });
  }
  const keyOf = (x: { fields: Omit<Fields, 'floor'> }): string => `${x.fields.userId}\u0000${x.fields.metricCode}\u0000${x.fields.periodKey}`;
  errors.push(...findRepeats(valid, keyOf, '指标编码', '工号、指标编码和周期'));

  // The latest row of each key is the one in force (or last in force); older rows are history.
  const stored = new Map<string, MetricAssignment>();
  const rowsStored = await findByKeys(tx, MetricAssignment, 'userId', valid.map((x) => x.fields.userId));
  for (const a of rowsStored.sort((p, q) => (p.startsAt?.getTime() ?? 0) - (q.startsAt?.getTime() ?? 0))) stored.set(keyOf({ fields: a }), a);
  const counts = newCounts();
  const changes: Change[] = [];
  for (const x of firstOfEach(valid, keyOf)) {
    const existing = stored.get(keyOf(x)) ?? null;
    // An absent 是否底线 column keeps what is stored; an empty cell means 否.
    const floor = x.fields.floor === undefined ? (existing?.floor ?? false) : Boolean(x.fields.floor);
    const next: Fields = { ...x.fields, floor };
    const change = planChange(existing, next, x.dates, startOfLocalDay(ctx.now, ctx.timeZone));
    if (!change) counts.unchanged++;
    else {
      counts[existing ? 'updated' : 'inserted']++;
      changes.push(change);
    }
  }

  return {
    errors,
    counts,
    async apply() {
      for (const { before, next, close } of changes) {
        if (close) await tx.getRepository(MetricAssignment).update({ id: close.id }, { endsAt: close.endsAt, updatedAt: ctx.now });
        const saved = await tx.getRepository(MetricAssignment).save({ ...next, updatedAt: ctx.now });
        await auditImport(tx, ctx, {
          action: 'assignment.import',
          entity: 'metric_assignments',
          entityId: saved.id,
          subjectUserId: next.userId,
          ...diff(before, next),
        });
      }
    },
  };
}

interface Change {
  before: MetricAssignment | null;
  /** The row to write: with an id it is edited in place, without one it is a new dated row. */
  next: Fields & Dates & { id?: number };
  /** The row in force, closed where the new one starts. */
  close?: { id: number; endsAt: Date };
}

/**
 * What a sheet row does to the row in force (null: nothing). Same values and dates: nothing. A new
 * key: a row from 开始日期 or `today` (the start of the import's day). A change starting after the row in force began: that row ends
 * where the new one starts. A change dated at or before its start corrects the row in place.
 */
export function planChange(existing: MetricAssignment | null, fields: Fields, dates: Dates, today: Date): Change | null {
  const startsAt = dates.startsAt ?? existing?.startsAt ?? today;
  if (!existing) return { before: null, next: { ...fields, startsAt: dates.startsAt ?? today, endsAt: dates.endsAt } };
  const sameFields = sameValues(existing, fields);
  const endsAt = dates.endsAt ?? (sameFields ? existing.endsAt : null);
  if (sameFields && sameTime(existing.startsAt, startsAt) && sameTime(existing.endsAt, endsAt)) return null;
  if (sameFields) return { before: existing, next: { ...fields, id: existing.id, startsAt, endsAt } };
  const from = dates.startsAt ?? today;
  if (existing.startsAt !== null && from <= existing.startsAt) return { before: existing, next: { ...fields, id: existing.id, startsAt: from, endsAt } };
  return { before: existing, next: { ...fields, startsAt: from, endsAt }, close: { id: existing.id, endsAt: from } };
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
