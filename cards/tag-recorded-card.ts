/**
 * The manager's card after a tag was recorded: the same card (same task id) updated in place, its
 * button greyed out by replace_text so a second tap cannot record again; and the short text
 * confirming a tag recorded straight from a complete command.
 */
import { formatWeight, tagEffectText } from '../src/domain/behaviour';
import type { ButtonInteractionCard } from '../src/wecom/card-types';
import { clip, doneKey } from './tag-keys';

export interface RecordedView {
  draftId: number;
  taskId: string;
  polarity: 'praise' | 'remind';
  target: { userId: string; name: string };
  tag: string;
  weight: number;
  note: string;
  /** Local time, e.g. '2026-11-27 17:00'. */
  at: string;
  /** True when this answers a second tap: the tag had been recorded before. */
  again?: boolean;
  /** The 行为分's share of the total (scoring policy); 0 (the default) = not in the total. */
  behaviourShare?: number;
}

export const RECORDED_TEXT = '已记录';

export function buildTagRecordedCard(v: RecordedView): ButtonInteractionCard {
  const word = v.polarity === 'praise' ? '表扬' : '提醒';
  const facts = [
    { keyname: '对象', value: v.target.name },
    { keyname: '标签', value: v.tag },
    { keyname: '行为分', value: tagEffectText(v.weight, v.behaviourShare ?? 0) },
    { keyname: '时间', value: v.at },
  ];
  if (v.note) facts.push({ keyname: '备注', value: clip(v.note, 30) });
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 行为记录' },
    main_title: { title: clip(`已记录${word}：${v.target.name}`, 36), desc: clip(`${v.tag} · 行为分 ${formatWeight(v.weight)}`, 44) },
    sub_title_text: notifiedLine(v.polarity, v.target.name) + (v.again ? '\n这张卡片已记录过，不会重复记录。' : ''),
    horizontal_content_list: facts,
    button_list: [{ text: RECORDED_TEXT, style: 2, key: doneKey(v.draftId) }],
    replace_text: RECORDED_TEXT,
  };
}

/** The confirmation for a tag recorded from a complete command (no card was involved). */
export function buildTagRecordedText(v: Omit<RecordedView, 'draftId' | 'taskId'>): string {
  const word = v.polarity === 'praise' ? '表扬' : '提醒';
  return [
    `已记录${word}：${v.target.name}「${v.tag}」，行为分 ${tagEffectText(v.weight, v.behaviourShare ?? 0)}。`,
    v.note ? `备注：${v.note}` : '',
    `时间：${v.at}`,
    notifiedLine(v.polarity, v.target.name),
  ]
    .filter(Boolean)
    .join('\n');
}

function notifiedLine(polarity: 'praise' | 'remind', name: string): string {
  return polarity === 'praise' ? `已发卡片通知${name}。` : `已私下通知${name}，仅本人和上级可见。`;
}
