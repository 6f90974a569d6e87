/**
 * Metric names as people say them: the Chinese name (良品率), a common short form (良率, 停机),
 * or the code. Pure: the caller passes the metrics in scope (e.g. the member's assigned ones).
 */
import { normalizeText } from './text';

export interface NamedMetric {
  code: string;
  name: string;
}

/** Short forms → the library's Chinese name. */
const SHORT_FORMS: Record<string, string> = {
  良率: '良品率', 合格率: '良品率', 成品率: '良品率', 废品率: '报废率', 停机: '设备停机时长', 停机时长: '设备停机时长',
  工单: '工单完成数', 完成工单: '工单完成数', 交付率: '准时交付率', 准交率: '准时交付率', 首件: '首件合格率', 投诉: '客户投诉次数',
  库存准确: '库存准确率', 拣货差错: '拣货差错率', 出库单: '出库单完成数', 培训: '培训学时', '5s': '5S检查得分', 安全事故: '安全事故次数',
};

export type MetricMatch<T extends NamedMetric> = { kind: 'one'; metric: T } | { kind: 'many'; candidates: T[] } | { kind: 'none' };

export function matchMetric<T extends NamedMetric>(text: string, metrics: readonly T[]): MetricMatch<T> {
  const t = normalizeText(text).toLowerCase();
  if (!t) return { kind: 'none' };
  const exact = metrics.find((m) => m.name.toLowerCase() === t || m.code.toLowerCase() === t);
  if (exact) return { kind: 'one', metric: exact };
  const long = SHORT_FORMS[t];
  const viaShort = long ? metrics.find((m) => m.name === long) : undefined;
  if (viaShort) return { kind: 'one', metric: viaShort };
  const partial = metrics.filter((m) => m.name.toLowerCase().includes(t) || (t.length >= 3 && t.includes(m.name.toLowerCase())));
  if (partial.length === 1) return { kind: 'one', metric: partial[0] };
  if (partial.length > 1) return { kind: 'many', candidates: partial };
  return { kind: 'none' };
}
