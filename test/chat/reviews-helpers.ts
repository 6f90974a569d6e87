/** Shared set-up and look-ups for the 评价/协作/建议 and HR command tests. */
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { SelectedItem } from '../../src/sandbox/inbound-xml';
import type { TextNoticeCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { lastCardTo } from '../helpers/inbox';
export { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, sentTo, textsTo } from '../helpers/inbox';

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

export const noticeTo = (h: Harness, userId: string) => lastCardTo<TextNoticeCard>(h, userId).card;

