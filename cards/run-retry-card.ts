/**
 * The card that follows a run report with failures: how many messages failed for good, and a
 * button for HR to send them once more (bots/outbox-retry.ts). Pure.
 */
import type { ButtonInteractionCard } from '../src/wecom/api-types';
import { buildKey, buildTaskId } from './keys';

export const RUN_RETRY_PREFIX = 'outbox:retry:';

export interface RunRetryView {
  runId: number;
  title: string;
  periodKey: string;
  failed: number;
  /** Messages with no answer from WeCom: not offered for retry (they may have been delivered). */
  unknown: number;
}

export function buildRunRetryCard(v: RunRetryView, recipient: string): ButtonInteractionCard {
  const notes = [`${v.failed} 条消息发送失败。点击下方按钮重发一次（带企业微信重复消息检查，操作会记入审计日志）。`];
  if (v.unknown > 0) notes.push(`另有 ${v.unknown} 条结果未知（可能已送达），不会重发。`);
  return {
    card_type: 'button_interaction',
    task_id: buildTaskId('runretry', `${v.runId}-${recipient}`),
    source: { desc: '绩效助手' },
    main_title: { title: `推送失败｜${v.title}`.slice(0, 36), desc: `周期 ${v.periodKey}` },
    sub_title_text: notes.join('\n').slice(0, 160),
    button_list: [{ text: `重发失败的 ${v.failed} 条`.slice(0, 10), style: 1, key: buildKey('outbox', 'retry', v.runId) }],
  };
}
