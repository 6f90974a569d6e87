/** Shared set-up and look-ups for the 评价/协作/建议 and HR command tests. */
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { SelectedItem } from '../../src/sandbox/inbound-xml';
import type { ButtonInteractionCard, TemplateCard, TextNoticeCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';

/** Friday 27 November 2026, 17:00 in Shanghai: ISO week 2026-W48, month 2026-11. */
export const NOW = new Date('2026-11-27T09:00:00Z');

export function startAt(opts: { env?: Record<string, string>; org?: SimOrgSeed; now?: Date } = {}): Promise<Harness> {
  const now = opts.now ?? NOW;
  return startHarness({
    org: opts.org,
    app: { clock: () => now },
    env: { PERFBOT_HR_USERIDS: 'heping', WECOM_CALLBACK_MAX_SKEW_S: '0', ...opts.env },
  });
}

/** Shanghai wall time → instant. */
export const local = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);

export async function say(h: Harness, userId: string, text: string): Promise<void> {
  await h.sim.sendText(userId, text);
  await h.app.settle();
}

export async function tap(h: Harness, userId: string, eventKey: string, taskId: string, selectedItems?: SelectedItem[]): Promise<void> {
  await h.sim.tapButton(userId, { eventKey, taskId, selectedItems });
  await h.app.settle();
}

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

export const noticeTo = (h: Harness, userId: string) => lastCardTo<TextNoticeCard>(h, userId).card;

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

/** Everything sent to anyone, as a count, to check that a refusal sent nothing else. */
export const sentTo = (h: Harness, userId: string) => h.sim.sent.filter((m) => m.recipients.includes(userId)).length;
