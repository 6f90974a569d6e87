/**
 * Step 1 of a 表扬/提醒 card flow: whom? Either the manager's reports (after a bare 表扬) or the
 * candidates for a name that matched several people (never guessed). One tap per person; more
 * than six people page through 5 at a time with a 更多 button.
 */
import type { ButtonInteractionCard, CardButton, CardHorizontalContent } from '../src/wecom/card-types';
import { clip, moreKey, pageOf, whoKey } from './tag-keys';

export interface PersonOption {
  userId: string;
  name: string;
  /** Department and position, e.g. '生产部 · 操作工'. */
  detail: string;
}

export interface PersonCardView {
  draftId: number;
  taskId: string;
  polarity: 'praise' | 'remind';
  people: readonly PersonOption[];
  offset: number;
  /** 'reports' after a bare 表扬; 'ambiguous' when a typed name matched several people. */
  reason: 'reports' | 'ambiguous';
  query?: string;
  /** A tag already chosen in the command, shown so the manager sees what the tap records. */
  tag?: string | null;
  note?: string;
}

const WORD = { praise: '表扬', remind: '提醒' } as const;

export function buildTagPersonCard(v: PersonCardView): ButtonInteractionCard {
  const page = pageOf(v.people, v.offset);
  const word = WORD[v.polarity];
  const buttons: CardButton[] = page.items.map((p) => ({ text: buttonText(p, v.people), style: 1, key: whoKey(v.draftId, p.userId) }));
  if (page.next !== null) buttons.push({ text: `更多 ${page.page}/${page.pages}`, style: 2, key: moreKey(v.draftId, page.next, v.reason) });
  const desc =
    v.reason === 'ambiguous'
      ? !v.query
        ? `同名或相近的有 ${v.people.length} 人，请点选`
        : v.people.length === 1
          ? `没有叫“${clip(v.query, 10)}”的同事，是这位吗？`
          : `“${clip(v.query, 10)}”对应 ${v.people.length} 人，请点选`
      : v.tag
        ? `点选即记录：${v.tag}`
        : `点选一位，下一步选标签`;
  const lines = page.items.map((p) => `${buttonText(p, v.people)}：${[p.detail, p.userId].filter(Boolean).join(' · ')}`);
  const card: ButtonInteractionCard = {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 行为记录' },
    main_title: { title: `要${word}谁？`, desc: clip(desc, 44) },
    sub_title_text: clip(lines.join('\n'), 160),
    button_list: buttons,
  };
  const facts = contextFacts(v.tag, v.note);
  if (facts.length > 0) card.horizontal_content_list = facts;
  return card;
}

/**
 * The name; for a name the list holds twice, with the department, else the position, else a
 * number (the card's lines then say which is which, with the userid).
 */
export function buttonText(p: PersonOption, all: readonly PersonOption[]): string {
  const twins = all.filter((o) => o.name === p.name);
  if (twins.length === 1) return clip(p.name, 10);
  const parts = (o: PersonOption) => o.detail.split(' · ');
  for (const i of [0, 1]) {
    const mine = parts(p)[i];
    if (mine && twins.every((o) => o === p || parts(o)[i] !== mine)) return clip(`${p.name}(${mine})`, 10);
  }
  return `${clip(p.name, 8)}${twins.indexOf(p) + 1}`;
}

export function contextFacts(tag: string | null | undefined, note: string | undefined): CardHorizontalContent[] {
  const facts: CardHorizontalContent[] = [];
  if (tag) facts.push({ keyname: '标签', value: tag });
  if (note) facts.push({ keyname: '备注', value: clip(note, 30) });
  return facts;
}
