/**
 * message/send's enable_duplicate_check (§4.2): the same message to the same member within
 * duplicate_check_interval seconds (default 1800, at most 4 h) is not delivered again. What
 * counts as "the same" is not documented; the simulator compares the whole body except the
 * addressing and check fields. Whether template_card honours the check is not confirmed (§10),
 * so the simulator takes the pessimistic reading and never drops a template card: perfbot must
 * not rely on the check for cards (a card's unique task_id is what stops a second copy).
 */
import { createHash } from 'node:crypto';
import type { Json } from './sim-http';

const DEFAULT_INTERVAL_S = 1800;
const MAX_INTERVAL_S = 4 * 3600;
const IGNORED = new Set(['touser', 'toparty', 'totag', 'agentid', 'enable_duplicate_check', 'duplicate_check_interval']);

export class DuplicateCheck {
  /** Last delivery instant (ms) by member and content hash. */
  private readonly seen = new Map<string, number>();

  /** Filters out the members who already got this message within its interval (when the check is on). */
  filter(body: Json, recipients: string[], now: Date): { deliver: string[]; duplicates: string[] } {
    if (Number(body.enable_duplicate_check) !== 1 || body.msgtype === 'template_card') return { deliver: recipients, duplicates: [] };
    const requested = Number(body.duplicate_check_interval);
    const intervalS = Number.isFinite(requested) && requested > 0 ? Math.min(requested, MAX_INTERVAL_S) : DEFAULT_INTERVAL_S;
    const hash = contentHash(body);
    const deliver: string[] = [];
    const duplicates: string[] = [];
    for (const userid of recipients) {
      const key = `${userid}\u0000${hash}`;
      const last = this.seen.get(key);
      if (last !== undefined && now.getTime() - last < intervalS * 1000) duplicates.push(userid);
      else deliver.push(userid);
    }
    return { deliver, duplicates };
  }

  /** Remembers a delivery (also of a message sent without the check: a later checked one matches it). */
  remember(body: Json, recipients: string[], now: Date): void {
    const hash = contentHash(body);
    for (const userid of recipients) this.seen.set(`${userid}\u0000${hash}`, now.getTime());
  }
}

function contentHash(body: Json): string {
  const content = Object.fromEntries(Object.entries(body).filter(([k]) => !IGNORED.has(k)).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

const checks = new WeakMap<object, DuplicateCheck>();

/** The check of one simulator instance. */
export function duplicateCheckOf(sim: object): DuplicateCheck {
  let check = checks.get(sim);
  if (!check) checks.set(sim, (check = new DuplicateCheck()));
  return check;
}
