import { parseFormula, evaluateFormula, tryEvaluate } from '../../src/domain/formula';
import {
  KPI_LIBRARY,
  SUGGESTED_TARGET_WORKING_DAYS,
  findMetric,
  metricsOfDepartment,
  suggestedTargetFor,
  type MetricDefinitionSpec,
} from '../../src/domain/kpi-library';
import { ROLE_TEMPLATES, templateForPosition } from '../../src/domain/role-templates';

const byCode = (code: string): MetricDefinitionSpec => {
  const m = findMetric(code);
  if (!m) throw new Error(`no metric ${code}`);
  return m;
};
const CJK = /[\u4e00-\u9fff]/;

describe('KPI_LIBRARY', () => {
  test('has at least 15 metrics covering 研发, 生产, 质量, 仓储 and 通用', () => {
    expect(KPI_LIBRARY.length).toBeGreaterThanOrEqual(15);
    for (const d of ['研发', '生产', '质量', '仓储', '通用'] as const) {
      expect(metricsOfDepartment(d).length).toBeGreaterThanOrEqual(d === '通用' ? 2 : 3);
    }
  });

  test('codes are unique snake_case', () => {
    const codes = KPI_LIBRARY.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
  });

  test.each(KPI_LIBRARY.map((m) => [m.code, m] as const))('%s: formula parses and its inputs are declared', (_code, m) => {
    const f = parseFormula(m.formula);
    const declared = m.inputs.map((i) => i.name);
    expect(new Set(declared).size).toBe(declared.length);
    expect([...f.inputs].sort()).toEqual([...declared].sort());
    // A sample evaluation with every input present gives a finite number.
    const sample = Object.fromEntries(declared.map((n, i) => [n, 10 * (i + 1)]));
    expect(Number.isFinite(evaluateFormula(f, sample))).toBe(true);
  });

  test.each(KPI_LIBRARY.map((m) => [m.code, m] as const))('%s: fields are complete and in Chinese', (_code, m) => {
    expect(m.name).toMatch(CJK);
    expect(m.description).toMatch(CJK);
    expect(m.sourceNote).toMatch(CJK);
    expect(m.unit.length).toBeGreaterThan(0);
    expect(m.sourceSystem.length).toBeGreaterThan(0);
    expect(['higher_better', 'lower_better']).toContain(m.direction);
    expect(['level', 'count']).toContain(m.targetKind);
    expect(Number.isFinite(m.suggestedTarget) && m.suggestedTarget >= 0).toBe(true);
    if (m.direction === 'higher_better') expect(m.suggestedTarget).toBeGreaterThan(0);
    if (m.unit === '%') expect(m.suggestedTarget).toBeLessThanOrEqual(100);
    for (const input of m.inputs) {
      expect(input.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(input.label).toMatch(CJK);
      expect(['sum', 'avg', 'last', 'max', 'min']).toContain(input.aggregate);
    }
  });

  test.each<[string, string, MetricDefinitionSpec['direction'], MetricDefinitionSpec['targetKind'], string]>([
    ['work_orders_completed', '工单完成数', 'higher_better', 'count', '单'],
    ['yield_rate', '良品率', 'higher_better', 'level', '%'],
    ['scrap_rate', '报废率', 'lower_better', 'level', '%'],
    ['equipment_downtime', '设备停机时长', 'lower_better', 'level', '小时'],
    ['sampling_error_rate', '抽检差错率', 'lower_better', 'level', '%'],
    ['on_time_delivery', '准时交付率', 'higher_better', 'level', '%'],
    ['inventory_accuracy', '库存准确率', 'higher_better', 'level', '%'],
    ['first_pass_yield', '首件合格率', 'higher_better', 'level', '%'],
    ['customer_complaints', '客户投诉次数', 'lower_better', 'level', '次'],
    ['rd_milestone_rate', '研发项目里程碑达成率', 'higher_better', 'level', '%'],
    ['process_improvement_proposals', '工艺改进提案数', 'higher_better', 'count', '件'],
    ['design_changes', '设计变更次数', 'lower_better', 'level', '次'],
    ['incoming_inspection_timeliness', '来料检验及时率', 'higher_better', 'level', '%'],
    ['picking_error_rate', '拣货差错率', 'lower_better', 'level', '%'],
    ['warehouse_timeliness', '出入库及时率', 'higher_better', 'level', '%'],
    ['safety_incidents', '安全事故次数', 'lower_better', 'level', '次'],
    ['five_s_score', '5S检查得分', 'higher_better', 'level', '分'],
    ['training_hours', '培训学时', 'higher_better', 'count', '小时'],
  ])('includes %s (%s)', (code, name, direction, targetKind, unit) => {
    expect(byCode(code)).toMatchObject({ name, direction, targetKind, unit });
  });

  test('computes the article\'s rates', () => {
    const yieldRate = byCode('yield_rate');
    expect(yieldRate.formula).toBe('good / (good + scrap) * 100');
    expect(evaluateFormula(parseFormula(yieldRate.formula), { good: 985, scrap: 15 })).toBeCloseTo(98.5, 10);
    expect(evaluateFormula(parseFormula(byCode('scrap_rate').formula), { good: 985, scrap: 15 })).toBeCloseTo(1.5, 10);
    const sampling = byCode('sampling_error_rate');
    expect(sampling.formula).toBe('errors / samples * 100');
    expect(sampling.suggestedTarget).toBe(0.5);
    expect(evaluateFormula(parseFormula(sampling.formula), { errors: 1, samples: 400 })).toBeCloseTo(0.25, 10);
    expect(evaluateFormula(parseFormula(byCode('equipment_downtime').formula), { downtime_minutes: 90 })).toBe(1.5);
  });

  test('a period without production reads as "no data" in the inputs\' own words', () => {
    const m = byCode('yield_rate');
    const labels = Object.fromEntries(m.inputs.map((i) => [i.name, i.label]));
    expect(tryEvaluate(parseFormula(m.formula), { good: 0, scrap: 0 }, labels)).toEqual({
      ok: false,
      reason: 'divide_by_zero',
      message: '本期无数据：合格品数量 + 报废品数量 为 0',
    });
  });

  test('findMetric returns undefined for unknown codes, including inherited names', () => {
    expect(findMetric('nope')).toBeUndefined();
    expect(findMetric('constructor')).toBeUndefined();
    expect(findMetric('__proto__')).toBeUndefined();
  });

  test('suggestedTargetFor scales count targets with working days only', () => {
    expect(suggestedTargetFor(byCode('work_orders_completed'), SUGGESTED_TARGET_WORKING_DAYS)).toBe(120);
    expect(suggestedTargetFor(byCode('work_orders_completed'), 5)).toBe(27.3);
    expect(suggestedTargetFor(byCode('yield_rate'), 5)).toBe(98.5);
    expect(suggestedTargetFor(byCode('training_hours'), 0)).toBe(0);
  });
});

describe('ROLE_TEMPLATES', () => {
  test('covers the required positions', () => {
    const positions = ROLE_TEMPLATES.map((t) => t.position);
    for (const p of ['质检员', '操作工', '班组长', '工艺工程师', '仓管员', '研发工程师']) expect(positions).toContain(p);
    expect(new Set(positions).size).toBe(positions.length);
  });

  test.each(ROLE_TEMPLATES.map((t) => [t.position, t] as const))('%s: weights sum to 100 over known, distinct codes', (_p, t) => {
    expect(t.metrics.reduce((acc, m) => acc + m.weight, 0)).toBe(100);
    for (const m of t.metrics) {
      expect(findMetric(m.code)).toBeDefined();
      expect(m.weight).toBeGreaterThan(0);
      if (m.floor) expect(m.target ?? findMetric(m.code)?.suggestedTarget).toBeDefined();
    }
    const codes = t.metrics.map((m) => m.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('质检员 has 抽检差错率 ≤ 0.5% as a floor and 来料检验及时率', () => {
    const t = templateForPosition('质检员');
    expect(t?.department).toBe('质量');
    expect(t?.metrics).toContainEqual({ code: 'sampling_error_rate', weight: 30, target: 0.5, floor: true });
    expect(t?.metrics.map((m) => m.code)).toContain('incoming_inspection_timeliness');
    expect(byCode('sampling_error_rate').direction).toBe('lower_better');
  });

  test.each<[string, string | undefined]>([
    ['质检员', '质检员'],
    [' 仓管员 ', '仓管员'],
    ['检验员', '质检员'],
    ['iqc', '质检员'],
    ['质检员（二车间）', '质检员'],
    ['高级工艺工程师', '工艺工程师'],
    ['研发工程师', '研发工程师'],
    ['结构工程师', '研发工程师'],
    ['注塑操作工', '操作工'],
    ['班组长', '班组长'],
    ['OPERATOR', undefined],
    ['销售经理', undefined],
    ['', undefined],
  ])('templateForPosition(%p) → %p', (position, expected) => {
    expect(templateForPosition(position)?.position).toBe(expected);
  });
});
