/**
 * What the employee receives: a card for a 表扬 (who praised, for what, the note) and, for a 提醒, a
 * private card sent to the employee alone. One acknowledgement button, greyed out on tap.
 */
import { BEHAVIOUR_BASE, behaviourEffectText, formatWeight, tagEffectText } from '../src/domain/behaviour';
import type { ButtonInteractionCard } from '../src/wecom/card-types';
import { ackKey, clip } from './tag-keys';

export interface NoticeView {
  tagId: number;
  taskId: string;
  polarity: 'praise' | 'remind';
  authorName: string;
  tag: string;
  weight: number;
  note: string;
  /** Local time, e.g. '2026-11-27 17:00'. */
  at: string;
  /** The 行为分's share of the total (scoring policy); 0 (the default) = not in the total. */
  behaviourShare?: number;
}

/** What the tag does, in one sentence: it moves the month's 行为分 and, only if HR says so, the total. */
export function tagEffectSentence(weight: number, share = 0): string {
  const total = share > 0 ? `行为分${behaviourEffectText(share)}` : '不影响绩效总分';
  return `本条标签${formatWeight(weight)}计入本月行为分（基准${BEHAVIOUR_BASE}，加减本月标签），${total}。`;
}

export const ACK_DONE = { praise: '已收到', remind: '已知晓' } as const;

export function buildTagNoticeCard(v: NoticeView): ButtonInteractionCard {
  const praise = v.polarity === 'praise';
  const facts = [
    { keyname: '标签', value: v.tag },
    { keyname: praise ? '表扬人' : '提醒人', value: v.authorName },
    { keyname: '时间', value: v.at },
    { keyname: '行为分', value: tagEffectText(v.weight, v.behaviourShare ?? 0) },
  ];
  if (v.note) facts.push({ keyname: '备注', value: clip(v.note, 30) });
  const effect = tagEffectSentence(v.weight, v.behaviourShare ?? 0);
  const body = praise
    ? `${v.note || '感谢你的付出，继续保持！'}\n${effect}`
    : `${v.note ? `${v.note}\n` : ''}这条提醒仅你和你的上级可见。${effect}如有异议，可发送“申诉 内容”。`;
  return {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 行为记录', desc_color: praise ? 3 : 0 },
    main_title: { title: clip(praise ? `${v.authorName}表扬了你` : `${v.authorName}给你一条提醒`, 36), desc: clip(v.tag, 44) },
    sub_title_text: clip(body, 160),
    horizontal_content_list: facts,
    button_list: [{ text: praise ? '收到，谢谢' : '知道了', style: 1, key: ackKey(v.tagId) }],
  };
}
