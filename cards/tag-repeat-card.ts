/**
 * A gentle check before recording the same tag for the same person again within the configured
 * window: what was recorded, by whom and when, and two buttons (仍然记录 / 不记了).
 */
import type { ButtonInteractionCard } from '../src/wecom/card-types';
import { againKey, clip, skipKey } from './tag-keys';

export interface RepeatView {
  draftId: number;
  taskId: string;
  polarity: 'praise' | 'remind';
  targetName: string;
  tag: string;
  /** The earlier record: who and when (local time). */
  earlierBy: string;
  earlierAt: string;
  note: string;
}

export const SKIPPED_TEXT = '未重复记录';

export function buildTagRepeatCard(v: RepeatView): ButtonInteractionCard {
  const word = v.polarity === 'praise' ? '表扬' : '提醒';
  const facts = [
    { keyname: '对象', value: v.targetName },
    { keyname: '标签', value: v.tag },
    { keyname: '上次记录', value: `${v.earlierAt}（${v.earlierBy}）` },
  ];
  if (v.note) facts.push({ keyname: '本次备注', value: clip(v.note, 30) });
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 行为记录' },
    main_title: { title: clip(`${v.targetName}刚记过这条${word}`, 36), desc: clip(`「${v.tag}」已于 ${v.earlierAt.slice(5)} 记录`, 44) },
    sub_title_text: `同一事项重复记录会重复计入行为分。如果这是另一件事，请点“仍然记录”。`,
    horizontal_content_list: facts,
    button_list: [
      { text: '仍然记录', style: 1, key: againKey(v.draftId) },
      { text: '不记了', style: 2, key: skipKey(v.draftId) },
    ],
  };
}
