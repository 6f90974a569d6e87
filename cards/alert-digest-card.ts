/**
 * The weekly digest a supervisor with many reports gets instead of one alert card per person: the
 * week's new alerts listed (six fit; the rest counted) and one button that sends the individual
 * cards (evidence, suggestions, the four action buttons). Pure: a view in, a card out.
 */
import type { ButtonInteractionCard } from '../src/wecom/card-types';
import { againstBaseline } from './alert-card';
import { buildKey } from './keys';
import { clip } from './tag-keys';

export const ALERT_DIGEST_PREFIX = 'alert:digest:';
export const alertDigestKey = (weekKey: string) => buildKey('alert', 'digest', weekKey);

export interface AlertDigestItem {
  employeeName: string;
  metricName: string;
  baseline: number;
  /** The value of the week that fired. */
  latest: number | null;
}

export function buildAlertDigestCard(v: { taskId: string; weekKey: string; items: AlertDigestItem[] }): ButtonInteractionCard {
  const shown = v.items.slice(0, 6);
  const more = v.items.length - shown.length;
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 预警周汇总', desc_color: 2 },
    main_title: { title: clip(`本周预警：${v.items.length} 条`, 36), desc: clip(`${v.weekKey} 新触发的预警，数值为该周对比基线`, 44) },
    horizontal_content_list: shown.map((i) => ({ keyname: clip(i.employeeName, 5), value: clip(`${i.metricName} ${againstBaseline(i.latest, i.baseline)}`, 30) })),
    sub_title_text: clip(`${more > 0 ? `另有 ${more} 条未列出。` : ''}点“逐条处理”收到每条预警的卡片（历史证据、建议和处理按钮）；也可发送“预警”查看全部。`, 160),
    button_list: [{ text: '逐条处理', style: 1, key: alertDigestKey(v.weekKey) }],
  };
}
