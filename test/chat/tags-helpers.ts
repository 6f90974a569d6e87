/** Shared look-ups for the 表扬/提醒 chat tests: what each member received, and the stored tags. */
import type { ButtonInteractionCard } from '../../src/wecom/card-types';
import { AuditEntry, BehaviourTag } from '../../src/entities';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { WeComUser } from '../../src/wecom/api-types';
import type { Harness } from '../helpers/app';

export function cardsTo(h: Harness, userId: string): Array<{ card: ButtonInteractionCard; taskId: string }> {
  return h.sim.sent
    .filter((m) => m.recipients.includes(userId) && m.msgtype === 'template_card')
    .map((m) => ({ card: m.body.template_card as ButtonInteractionCard, taskId: m.taskId ?? '' }));
}

export function lastCardTo(h: Harness, userId: string): { card: ButtonInteractionCard; taskId: string } {
  const cards = cardsTo(h, userId);
  if (cards.length === 0) throw new Error(`no card was sent to ${userId}`);
  return cards[cards.length - 1];
}

export function textsTo(h: Harness, userId: string): string[] {
  return h.sim.sent.filter((m) => m.recipients.includes(userId) && m.msgtype === 'text').map((m) => (m.body.text as { content: string }).content);
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

export const tags = (h: Harness) => h.ds.getRepository(BehaviourTag).find({ order: { id: 'ASC' } });
export const tagAudits = (h: Harness) => h.ds.getRepository(AuditEntry).find({ where: { entity: 'behaviour_tag' }, order: { id: 'ASC' } });

/** The demo org plus extra members (synced at start like everyone else). */
export function orgWith(...extra: Array<Partial<WeComUser> & Pick<WeComUser, 'userid' | 'name' | 'department'>>): SimOrgSeed {
  const users = extra.map((u) => ({ position: '操作工', is_leader_in_dept: u.department.map(() => 0), direct_leader: [], main_department: u.department[0], status: 1, ...u }) as WeComUser);
  return { departments: DEMO_ORG.departments, users: [...DEMO_ORG.users, ...users] };
}
