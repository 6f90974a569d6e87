/**
 * Step 2 of a 表扬/提醒 card flow: which preset tag? The active catalogue entries of the polarity in
 * their sort order, one button each; the tap records the tag (the card then turns into
 * tag-recorded-card). A long catalogue pages like the people card.
 */
import { formatWeight } from '../src/domain/behaviour';
import type { ButtonInteractionCard, CardButton } from '../src/wecom/card-types';
import { clip, pageKey, pageOf, whatKey } from './tag-keys';
import { contextFacts } from './tag-person-card';

export interface TagOption {
  label: string;
  weight: number;
}

export interface TagPickerView {
  draftId: number;
  taskId: string;
  polarity: 'praise' | 'remind';
  target: { userId: string; name: string };
  tags: readonly TagOption[];
  offset: number;
  note?: string;
  /** Text typed in the command that is not a preset tag; it was kept as the note. */
  unknownTag?: string;
}

export function buildTagPickerCard(v: TagPickerView): ButtonInteractionCard {
  const page = pageOf(v.tags, v.offset);
  const word = v.polarity === 'praise' ? '表扬' : '提醒';
  const buttons: CardButton[] = page.items.map((t) => ({
    text: clip(t.label, 10),
    style: v.polarity === 'praise' ? 1 : 2,
    key: whatKey(v.draftId, v.target.userId, t.label),
  }));
  if (page.next !== null) buttons.push({ text: `更多 ${page.page}/${page.pages}`, style: 3, key: pageKey(v.draftId, page.next, v.target.userId) });
  const desc = v.unknownTag
    ? `“${clip(v.unknownTag, 8)}”不是预设标签，已作备注`
    : v.polarity === 'praise'
      ? '点选即记录，并通知本人'
      : '点选即记录，仅本人和上级可见';
  const lines = page.items.map((t) => `${t.label}：行为分 ${formatWeight(t.weight)}`);
  const card: ButtonInteractionCard = {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 行为记录' },
    main_title: { title: clip(`${word}${v.target.name}：选择标签`, 36), desc: clip(desc, 44) },
    sub_title_text: clip(lines.join('\n'), 160),
    button_list: buttons,
  };
  const facts = [{ keyname: '对象', value: v.target.name }, ...contextFacts(null, v.note)];
  card.horizontal_content_list = facts;
  return card;
}
