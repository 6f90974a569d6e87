/**
 * Metric assignments and targets from a sheet: upsert by (工号, 指标编码, 周期), an empty 周期
 * being the standing assignment. Targets and weights move scores, so every change is audited.
 */
import type { DataSource, EntityManager } from 'typeorm';
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
];

export const assignmentsImport: KindHandler = {
  kind: 'assignments',
  columns,
  samples: [{ userId: 'zhangsan', metricCode: 'yield_rate', period: '2026-11', target: 98.5, weight: 40, floor: '否' }],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'assignments', ctx, (tx) => planAssignments(tx, rows, ctx)),
};

type Fields = Omit<MetricAssignment, 'id' | 'updatedAt'>;

async function planAssignments(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const errors: ImportError[] = [];
  const valid: Array<{ row: number; fields: Omit<Fields, 'floor'> & { floor?: boolean | null } }> = [];
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
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else valid.push({ row: r.row, fields: { userId, metricCode: code, periodKey, target: v.target as number, weight: v.weight as number, floor: v.floor as boolean | null | undefined } });
  }
  const keyOf = (x: { fields: Omit<Fields, 'floor'> }): string => `${x.fields.userId}\u0000${x.fields.metricCode}\u0000${x.fields.periodKey}`;
  errors.push(...findRepeats(valid, keyOf, '指标编码', '工号、指标编码和周期'));

  const stored = new Map(
    (await findByKeys(tx, MetricAssignment, 'userId', valid.map((x) => x.fields.userId))).map((a) => [keyOf({ fields: a }), a]),
  );
  const counts = newCounts();
  const changes: Array<{ before: MetricAssignment | null; next: Fields }> = [];
  for (const x of firstOfEach(valid, keyOf)) {
    const existing = stored.get(keyOf(x)) ?? null;
    // An absent 是否底线 column keeps what is stored; an empty cell means 否.
    const floor = x.fields.floor === undefined ? (existing?.floor ?? false) : Boolean(x.fields.floor);
    const next: Fields = { ...x.fields, floor };
    if (existing && sameValues(existing, next)) counts.unchanged++;
    else {
      counts[existing ? 'updated' : 'inserted']++;
      changes.push({ before: existing, next });
    }
  }

  return {
    errors,
    counts,
    async apply() {
      for (const { before, next } of changes) {
        const saved = await tx.getRepository(MetricAssignment).save({ ...(before ? { id: before.id } : {}), ...next, updatedAt: ctx.now });
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
