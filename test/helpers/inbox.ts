/** What each member received from the bot in a harness run: cards, texts, card updates, buttons. */
import type { ButtonInteractionCard, TemplateCard } from '../../src/wecom/card-types';
import type { Harness } from './app';

export function cardsTo<T extends TemplateCard = ButtonInteractionCard>(h: Harness, userId: string): Array<{ card: T; taskId: string }> {
  return h.sim.sent
    .filter((m) => m.recipients.includes(userId) && m.msgtype === 'template_card')
    .map((m) => ({ card: m.body.template_card as T, taskId: m.taskId ?? '' }));
}

export function lastCardTo<T extends TemplateCard = ButtonInteractionCard>(h: Harness, userId: string): { card: T; taskId: string } {
  const cards = cardsTo<T>(h, userId);
  if (cards.length === 0) throw new Error(`no card was sent to ${userId}`);
  return cards[cards.length - 1];
}

/** Text and markdown messages, in order. */
export function textsTo(h: Harness, userId: string): string[] {
  return h.sim.sent
    .filter((m) => m.recipients.includes(userId) && (m.msgtype === 'text' || m.msgtype === 'markdown'))
    .map((m) => (m.body[m.msgtype] as { content: string }).content);
}

export function lastTextTo(h: Harness, userId: string): string {
  const texts = textsTo(h, userId);
  return texts[texts.length - 1] ?? '';
}

export function lastUpdate(h: Harness): ButtonInteractionCard {
  const u = h.sim.cardUpdates[h.sim.cardUpdates.length - 1];
  if (!u?.templateCard) throw new Error('no whole-card update');
  return u.templateCard as ButtonInteractionCard;
}

export function buttonKey(card: ButtonInteractionCard, text: string): string {
  const b = card.button_list.find((x) => x.text === text);
  if (!b?.key) throw new Error(`no button ${text} in ${card.button_list.map((x) => x.text).join(',')}`);
  return b.key;
}

/** Everything sent to a member, as a count, to check that a refusal sent nothing else. */
export const sentTo = (h: Harness, userId: string) => h.sim.sent.filter((m) => m.recipients.includes(userId)).length;
