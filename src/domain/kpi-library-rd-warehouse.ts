/** 研发 and 仓储 metrics of the standard KPI library; numbers come from PLM and WMS. */
import type { MetricDefinitionSpec } from './kpi-library';

export const RD_METRICS: MetricDefinitionSpec[] = [
  {
    code: 'rd_milestone_rate', name: '研发项目里程碑达成率', department: '研发', unit: '%', direction: 'higher_better',
    formula: 'milestones_met / milestones_due * 100',
    inputs: [
      { name: 'milestones_met', label: '按期达成的里程碑数', unit: '个', aggregate: 'sum' },
      { name: 'milestones_due', label: '本期到期的里程碑数', unit: '个', aggregate: 'sum' },
    ],
    sourceSystem: 'PLM', sourceNote: 'PLM 项目计划：本期到期的里程碑中，在计划日期前通过评审的个数',
    suggestedTarget: 90, targetKind: 'level',
    description: '本期到期的研发项目里程碑中按期通过评审的比例。',
  },
  {
    code: 'design_review_pass_rate', name: '设计评审一次通过率', department: '研发', unit: '%', direction: 'higher_better',
    formula: 'passed_first_time / reviews * 100',
    inputs: [
      { name: 'passed_first_time', label: '一次通过的评审数', unit: '次', aggregate: 'sum' },
      { name: 'reviews', label: '提交的设计评审数', unit: '次', aggregate: 'sum' },
    ],
    sourceSystem: 'PLM', sourceNote: 'PLM 设计评审记录：首次提交即通过的图纸和方案评审',
    suggestedTarget: 85, targetKind: 'level',
    description: '提交的设计评审中第一次就通过的比例。',
  },
  {
    code: 'design_changes', name: '设计变更次数', department: '研发', unit: '次', direction: 'lower_better',
    formula: 'changes',
    inputs: [{ name: 'changes', label: '设计原因的工程变更次数', unit: '次', aggregate: 'sum' }],
    sourceSystem: 'PLM', sourceNote: 'PLM 工程变更单（ECN）：因设计错误或遗漏发起的变更，客户需求变更不计入',
    suggestedTarget: 2, targetKind: 'level',
    description: '本期因设计原因发起的工程变更次数，越少越好。',
  },
];

export const WAREHOUSE_METRICS: MetricDefinitionSpec[] = [
  {
    code: 'inventory_accuracy', name: '库存准确率', department: '仓储', unit: '%', direction: 'higher_better',
    formula: 'matched_items / counted_items * 100',
    inputs: [
      { name: 'matched_items', label: '账实相符的盘点项数', unit: '项', aggregate: 'sum' },
      { name: 'counted_items', label: '盘点项数', unit: '项', aggregate: 'sum' },
    ],
    sourceSystem: 'WMS', sourceNote: 'WMS 盘点单：循环盘点和月末盘点中账面数量与实物一致的库位物料项',
    suggestedTarget: 99.5, targetKind: 'level',
    description: '盘点中账实相符的物料项占盘点项数的百分比。',
  },
  {
    code: 'picking_error_rate', name: '拣货差错率', department: '仓储', unit: '%', direction: 'lower_better',
    formula: 'picking_errors / picked_lines * 100',
    inputs: [
      { name: 'picking_errors', label: '拣错、拣漏的行数', unit: '行', aggregate: 'sum' },
      { name: 'picked_lines', label: '拣货行数', unit: '行', aggregate: 'sum' },
    ],
    sourceSystem: 'WMS', sourceNote: 'WMS 拣货复核：出库复核或产线退回时发现的错拣、漏拣、多拣行',
    suggestedTarget: 0.2, targetKind: 'level',
    description: '拣货出错的行数占拣货行数的百分比，越低越好。',
  },
  {
    code: 'warehouse_timeliness', name: '出入库及时率', department: '仓储', unit: '%', direction: 'higher_better',
    formula: 'on_time_moves / total_moves * 100',
    inputs: [
      { name: 'on_time_moves', label: '按时完成的出入库单数', unit: '单', aggregate: 'sum' },
      { name: 'total_moves', label: '出入库单数', unit: '单', aggregate: 'sum' },
    ],
    sourceSystem: 'WMS', sourceNote: 'WMS 出入库单：在规定时限内完成上架或发料的单据（入库 4 小时、发料 2 小时）',
    suggestedTarget: 98, targetKind: 'level',
    description: '在规定时限内完成的出入库单据比例。',
  },
  {
    code: 'outbound_orders_completed', name: '出库单完成数', department: '仓储', unit: '单', direction: 'higher_better',
    formula: 'outbound_orders',
    inputs: [{ name: 'outbound_orders', label: '完成的出库单数', unit: '单', aggregate: 'sum' }],
    sourceSystem: 'WMS', sourceNote: 'WMS 出库单：本期由本人完成拣货并过账的领料、发货出库单',
    suggestedTarget: 300, targetKind: 'count',
    description: '本期完成拣货并过账的出库单数量。',
  },
];
