/** 质量 and 通用 metrics of the standard KPI library. */
import type { MetricDefinitionSpec } from './kpi-library';

export const QUALITY_METRICS: MetricDefinitionSpec[] = [
  {
    code: 'sampling_error_rate', name: '抽检差错率', department: '质量', unit: '%', direction: 'lower_better',
    formula: 'errors / samples * 100',
    inputs: [
      { name: 'errors', label: '复核发现的差错件数', unit: '件', aggregate: 'sum' },
      { name: 'samples', label: '抽检件数', unit: '件', aggregate: 'sum' },
    ],
    sourceSystem: 'QMS', sourceNote: 'QMS 抽检复核记录：质检员判定的抽检件经复核发现的漏检、错判件数 ÷ 抽检件数',
    suggestedTarget: 0.5, targetKind: 'level',
    description: '抽检中判定出错的件数占抽检件数的百分比，底线为不超过 0.5%。',
  },
  {
    code: 'incoming_inspection_timeliness', name: '来料检验及时率', department: '质量', unit: '%', direction: 'higher_better',
    formula: 'on_time_lots / received_lots * 100',
    inputs: [
      { name: 'on_time_lots', label: '24 小时内完成检验的批次数', unit: '批', aggregate: 'sum' },
      { name: 'received_lots', label: '到货批次数', unit: '批', aggregate: 'sum' },
    ],
    sourceSystem: 'QMS', sourceNote: 'QMS 来料检验单：到货登记时间与检验结论时间之差不超过 24 小时的批次',
    suggestedTarget: 95, targetKind: 'level',
    description: '到货后 24 小时内完成来料检验的批次比例。',
  },
  {
    code: 'inspections_completed', name: '检验完成批次数', department: '质量', unit: '单', direction: 'higher_better',
    formula: 'inspections',
    inputs: [{ name: 'inspections', label: '完成的检验单数', unit: '单', aggregate: 'sum' }],
    sourceSystem: 'QMS', sourceNote: 'QMS 检验单：本期由本人出具结论的来料、过程和成品检验单',
    suggestedTarget: 150, targetKind: 'count',
    description: '本期完成并出具结论的检验单数量。',
  },
  {
    code: 'customer_complaints', name: '客户投诉次数', department: '质量', unit: '次', direction: 'lower_better',
    formula: 'complaints',
    inputs: [{ name: 'complaints', label: '有效质量投诉次数', unit: '次', aggregate: 'sum' }],
    sourceSystem: 'QMS', sourceNote: 'QMS 客诉记录：经质量部确认为我方责任的客户质量投诉',
    suggestedTarget: 1, targetKind: 'level',
    description: '本期经确认属我方责任的客户质量投诉次数，越少越好。',
  },
];

export const GENERAL_METRICS: MetricDefinitionSpec[] = [
  {
    code: 'safety_incidents', name: '安全事故次数', department: '通用', unit: '次', direction: 'lower_better',
    formula: 'incidents',
    inputs: [{ name: 'incidents', label: '安全事故次数', unit: '次', aggregate: 'sum' }],
    sourceSystem: '手工', sourceNote: '安全员登记的安全事故（含轻伤及以上和设备损坏事故），按责任人统计',
    suggestedTarget: 0, targetKind: 'level',
    description: '本期发生的安全事故次数，目标为零。',
  },
  {
    code: 'five_s_score', name: '5S检查得分', department: '通用', unit: '分', direction: 'higher_better',
    formula: 'score',
    inputs: [{ name: 'score', label: '5S 检查得分', unit: '分', aggregate: 'avg' }],
    sourceSystem: '手工', sourceNote: '5S 检查表：每周现场检查的百分制得分，本期取平均',
    suggestedTarget: 90, targetKind: 'level',
    description: '负责区域整理、整顿、清扫、清洁、素养检查的平均得分。',
  },
  {
    code: 'training_hours', name: '培训学时', department: '通用', unit: '小时', direction: 'higher_better',
    formula: 'hours',
    inputs: [{ name: 'hours', label: '培训签到学时', unit: '小时', aggregate: 'sum' }],
    sourceSystem: '手工', sourceNote: 'HR 培训签到记录：参加内部或外部培训并签到的学时',
    suggestedTarget: 4, targetKind: 'count',
    description: '本期参加培训并签到的累计学时。',
  },
];
