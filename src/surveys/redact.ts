/**
 * The inbound queue keeps each callback's decrypted XML (to re-run it after a crash). A survey
 * tap's XML names the member (FromUserName) and their choice (SelectedItems), so once the tap is
 * handled its stored copy is rewritten without the choice, in the same transaction as the tally.
 * Written here, not in the queue, so the queue's hot path stays as it is.
 */
import type { EntityManager } from 'typeorm';
import { buildInboundXml, dedupeKey } from '../wecom/envelope';
import type { TemplateCardEvent } from '../wecom/inbound';

export async function redactSurveyTap(m: EntityManager, msg: TemplateCardEvent): Promise<void> {
  const redacted = buildInboundXml({ ...msg, selectedItems: [] });
  await m.query('UPDATE inbound_callbacks SET payload = ? WHERE dedupe_key = ?', [redacted, dedupeKey(msg)]);
}
