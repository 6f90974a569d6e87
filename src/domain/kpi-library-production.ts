/** 生产 metrics of the standard KPI library; numbers come from MES work-order reports and ERP. */
import type { MetricDefinitionSpec } from './kpi-library';

export const PRODUCTION_METRICS: MetricDefinitionSpec[] = [
  {
    code: 'work_orders_completed', name: '工单完成数', department: '生产', unit: '单', direction: 'higher_better',
    formula: 'completed',
    inputs: [{ name: 'completed', label: '完成工单数', unit: '单', aggregate: 'sum' }],
    sourceSystem: 'MES', sourceNote: 'MES 工单报工：本期报工完成并关闭的工单，按报工人（或班组）统计',
    suggestedTarget: 120, targetKind: 'count',
    description: '本期完成并关闭的生产工单数量。',
  },
  {
    code: 'yield_rate', name: '良品率', department: '生产', unit: '%', direction: 'higher_better',
    formula: 'good / (good + scrap) * 100',
    inputs: [
      { name: 'good', label: '合格品数量', unit: '件', aggregate: 'sum' },
      { name: 'scrap', label: '报废品数量', unit: '件', aggregate: 'sum' },
    ],
    sourceSystem: 'MES', sourceNote: 'MES 工单报工：每张工单的合格数与报废数；良品率 = 合格品 ÷（合格品 + 报废品）',
    suggestedTarget: 98.5, targetKind: 'level',
    description: '合格品占合格品与报废品总数的百分比。',
  },
  {
    code: 'scrap_rate', name: '报废率', department: '生产', unit: '%', direction: 'lower_better',
    formula: 'scrap / (good + scrap) * 100',
    inputs: [
      { name: 'good', label: '合格品数量', unit: '件', aggregate: 'sum' },
      { name: 'scrap', label: '报废品数量', unit: '件', aggregate: 'sum' },
    ],
    sourceSystem: 'MES', sourceNote: 'MES 工单报工：每张工单的报废数与合格数（返工后合格的计入合格）',
    suggestedTarget: 1.5, targetKind: 'level',
    description: '报废品占合格品与报废品总数的百分比，越低越好。',
  },
  {
    code: 'equipment_downtime', name: '设备停机时长', department: '生产', unit: '小时', direction: 'lower_better',
    formula: 'downtime_minutes / 60',
    inputs: [{ name: 'downtime_minutes', label: '非计划停机分钟数', unit: '分钟', aggregate: 'sum' }],
    sourceSystem: 'MES', sourceNote: 'MES 设备停机记录：负责设备的非计划停机时长，计划保养不计入',
    suggestedTarget: 8, targetKind: 'level',
    description: '负责设备本期非计划停机的累计小时数，越低越好。',
  },
  {
    code: 'first_pass_yield', name: '首件合格率', department: '生产', unit: '%', direction: 'higher_better',
    formula: 'first_passed / first_inspected * 100',
    inputs: [
      { name: 'first_passed', label: '首件检验合格次数', unit: '次', aggregate: 'sum' },
      { name: 'first_inspected', label: '首件检验次数', unit: '次', aggregate: 'sum' },
    ],
    sourceSystem: 'QMS', sourceNote: 'QMS 首件检验单：换线、换模后第一件产品的检验结果',
    suggestedTarget: 98, targetKind: 'level',
    description: '换线或换模后首件一次检验合格的比例。',
  },
  {
    code: 'on_time_delivery', name: '准时交付率', department: '生产', unit: '%', direction: 'higher_better',
    formula: 'on_time_orders / due_orders * 100',
    inputs: [
      { name: 'on_time_orders', label: '按期完工订单数', unit: '单', aggregate: 'sum' },
      { name: 'due_orders', label: '本期到期订单数', unit: '单', aggregate: 'sum' },
    ],
    sourceSystem: 'ERP', sourceNote: 'ERP 生产订单：交期在本期内的订单中，在交期当天或之前完工入库的订单',
    suggestedTarget: 95, targetKind: 'level',
    description: '本期到期的生产订单中按期完工入库的比例。',
  },
  {
    code: 'process_improvement_proposals', name: '工艺改进提案数', department: '生产', unit: '件', direction: 'higher_better',
    formula: 'proposals',
    inputs: [{ name: 'proposals', label: '采纳的改进提案数', unit: '件', aggregate: 'sum' }],
    sourceSystem: '手工', sourceNote: '改善提案登记表：经工艺部评审采纳的提案，按提出人统计',
    suggestedTarget: 2, targetKind: 'count',
    description: '本期提出并经评审采纳的工艺或现场改进提案数量。',
  },
];
