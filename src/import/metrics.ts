/**
 * Metric definitions from a sheet: upsert by 指标编码, builtin = false. The formula must parse and
 * use only the inputs the row declares, so every card line can point back to its source fields.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { describeFormulaError, FormulaError, parseFormula } from '../domain/formula';
import { MetricDefinition } from '../entities';
import type { InputAggregate, MetricInputSpec } from '../entities/metric-definition.entity';
import { findByKeys, findRepeats, firstOfEach } from './lookup';
import { auditImport, diff, newCounts, runPlan, sameValues } from './run-plan';
import type { Plan } from './run-plan';
import type { ColumnSpec, ImportError, KindContext, KindHandler, ParsedRow } from './types';

const columns: ColumnSpec[] = [
  { field: 'code', header: '指标编码', aliases: ['编码', 'code'], required: true, type: 'text', maxLength: 64, help: '指标的唯一编码，字母、数字、下划线或短横线，如 yield_rate' },
  { field: 'name', header: '指标名称', aliases: ['名称', 'name'], required: true, type: 'text', maxLength: 64, help: '显示在绩效卡片上的名称' },
  { field: 'department', header: '部门', aliases: ['适用部门', 'department'], required: true, type: 'text', maxLength: 16, help: '指标所属部门（文字，不超过 16 个字）' },
  { field: 'unit', header: '单位', aliases: ['unit'], type: 'text', maxLength: 16, help: '结果的单位，如 %、件、小时；可空' },
  { field: 'direction', header: '方向', aliases: ['指标方向', 'direction'], required: true, type: 'enum', options: { 越高越好: 'higher_better', 越大越好: 'higher_better', higher_better: 'higher_better', 越低越好: 'lower_better', 越小越好: 'lower_better', lower_better: 'lower_better' }, help: '越高越好 或 越低越好' },
  { field: 'formula', header: '公式', aliases: ['计算公式', 'formula'], required: true, type: 'text', maxLength: 500, help: '用输入项名称计算，支持 + - * / ( ) 及 min max sum avg abs round if，如 good / (good + scrap) * 100' },
  { field: 'inputs', header: '输入项', aliases: ['inputs'], required: true, type: 'list', help: '每项写成 名称:说明:单位:汇总方式，多项用“、”分隔；汇总方式为 sum（求和）、avg（平均）、last（最新）、max（最大）、min（最小），默认 sum' },
  { field: 'sourceSystem', header: '数据来源系统', aliases: ['来源系统', 'sourceSystem'], type: 'text', maxLength: 32, help: '数据从哪个系统来，如 MES、ERP、手工' },
  { field: 'sourceNote', header: '来源说明', aliases: ['数据来源说明', 'sourceNote'], type: 'text', maxLength: 2000, help: '数据的具体出处，员工对数据有疑问时可据此核对' },
  { field: 'suggestedTarget', header: '建议目标', aliases: ['参考目标', 'suggestedTarget'], type: 'number', help: '分配指标时默认的目标值，可空' },
  { field: 'targetKind', header: '目标类型', aliases: ['targetKind'], type: 'enum', options: { 水平: 'level', 水平值: 'level', level: 'level', 数量: 'count', 累计数量: 'count', count: 'count' }, help: '水平（如良品率，不随天数变化）或 数量（如产量，按工作日折算），空白为“水平”' },
  { field: 'description', header: '指标说明', aliases: ['说明', 'description'], type: 'text', maxLength: 2000, help: '给员工看的指标解释，可空' },
];

const AGGREGATES: Record<string, InputAggregate> = {
  sum: 'sum', 求和: 'sum', 合计: 'sum', avg: 'avg', 平均: 'avg', last: 'last', 最新: 'last', max: 'max', 最大: 'max', min: 'min', 最小: 'min',
};
const INPUT_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const CODE = /^[A-Za-z0-9_.-]+$/;

export const metricsImport: KindHandler = {
  kind: 'metrics',
  columns,
  samples: [
    {
      code: 'yield_rate', name: '良品率', department: '生产部', unit: '%', direction: '越高越好', formula: 'good / (good + scrap) * 100',
      inputs: 'good:合格品数量:件:sum、scrap:报废数量:件:sum', sourceSystem: 'MES', sourceNote: 'MES 报工单，按班次汇总合格与报废数量',
      suggestedTarget: 98.5, targetKind: '水平', description: '合格品占全部产出的比例',
    },
  ],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'metrics', ctx, (tx) => planMetrics(tx, rows, ctx)),
};

async function planMetrics(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const codeOf = (r: ParsedRow): string => r.values.code as string;
  const errors: ImportError[] = findRepeats(rows, codeOf, '指标编码', '指标编码');
  const unique = firstOfEach(rows, codeOf);
  const stored = new Map((await findByKeys(tx, MetricDefinition, 'code', unique.map(codeOf))).map((m) => [m.code, m]));
  const counts = newCounts();
  const changes: Array<{ before: MetricDefinition | null; next: MetricDefinition }> = [];

  for (const r of unique) {
    const v = r.values;
    const code = codeOf(r);
    const existing = stored.get(code) ?? null;
    const rowErrors: ImportError[] = [];
    const fail = (column: string, message: string): void => void rowErrors.push({ row: r.row, column, message });
    if (!CODE.test(code)) fail('指标编码', '只能包含字母、数字、下划线、点或短横线');
    const inputs = parseInputs(v.inputs as string[], (m) => fail('输入项', m));
    checkFormula(v.formula as string, inputs, (m) => fail('公式', m));
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const keep = <K extends keyof MetricDefinition>(field: K, fallback: MetricDefinition[K]): MetricDefinition[K] =>
      v[field] === undefined ? (existing?.[field] ?? fallback) : ((v[field] as MetricDefinition[K] | null) ?? fallback);
    const fields: Omit<MetricDefinition, 'updatedAt'> = {
      code,
      name: v.name as string,
      department: v.department as string,
      unit: keep('unit', ''),
      direction: v.direction as MetricDefinition['direction'],
      formula: (v.formula as string).trim(),
      inputs: inputs!,
      sourceSystem: keep('sourceSystem', ''),
      sourceNote: keep('sourceNote', ''),
      suggestedTarget: keep('suggestedTarget', null),
      targetKind: keep('targetKind', 'level'),
      description: keep('description', ''),
      builtin: false,
      active: true,
    };
    if (existing && sameValues(existing, { ...fields, builtin: existing.builtin })) {
      counts.unchanged++;
      continue;
    }
    if (existing?.builtin) {
      errors.push({ row: r.row, column: '指标编码', message: `“${code}”是系统内置指标，不能通过导入修改；请换一个编码` });
      continue;
    }
    counts[existing ? 'updated' : 'inserted']++;
    changes.push({ before: existing, next: { ...fields, updatedAt: ctx.now } });
  }

  return {
    errors,
    counts,
    async apply() {
      for (const { before, next } of changes) {
        await tx.getRepository(MetricDefinition).save(next);
        const { updatedAt: _ignored, ...fields } = next;
        await auditImport(tx, ctx, { action: 'metric.import', entity: 'metric_definitions', entityId: next.code, ...diff(before, fields) });
      }
    },
  };
}

/** good:合格品数量:件:sum → {name, label, unit, aggregate}; label, unit and aggregate may be left out. */
function parseInputs(items: string[], fail: (message: string) => void): MetricInputSpec[] | null {
  const specs: MetricInputSpec[] = [];
  for (const item of items) {
    const problem = parseInput(item, specs);
    if (problem) {
      fail(problem);
      return null;
    }
  }
  if (specs.length === 0) fail('至少需要一个输入项');
  return specs.length > 0 ? specs : null;
}

/** Appends the parsed input to specs, or says what is wrong with it. */
function parseInput(item: string, specs: MetricInputSpec[]): string | null {
  const [name, label, unit, aggregate, ...extra] = item.normalize('NFKC').split(':').map((s) => s.trim());
  const agg = AGGREGATES[(aggregate || 'sum').toLowerCase()];
  if (extra.length > 0 || !name) return `“${item}”格式不对，应为 名称:说明:单位:汇总方式，如 good:合格品数量:件:sum`;
  if (!INPUT_NAME.test(name) || name.length > 64) return `输入项名称“${name}”只能由文字、数字和下划线组成，且不能以数字开头`;
  if (!agg) return `“${name}”的汇总方式“${aggregate}”无效，应为 sum、avg、last、max 或 min`;
  if ((unit ?? '').length > 16 || (label ?? '').length > 64) return `“${name}”的说明（最多 64 字）或单位（最多 16 字）过长`;
  if (specs.some((s) => s.name === name)) return `输入项“${name}”重复`;
  specs.push({ name, label: label || name, unit: unit ?? '', aggregate: agg });
  return null;
}

function checkFormula(source: string, inputs: MetricInputSpec[] | null, fail: (message: string) => void): void {
  try {
    const formula = parseFormula(source);
    if (!inputs) return;
    const undeclared = formula.inputs.filter((name) => !inputs.some((i) => i.name === name));
    if (undeclared.length > 0) fail(`用到了未在【输入项】中声明的名称：${undeclared.join('、')}`);
  } catch (err) {
    if (!(err instanceof FormulaError)) throw err;
    fail(`无法解析：${describeFormulaError(err)}`);
  }
}
