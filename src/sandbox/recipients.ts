/**
 * Resolves message/send recipients against the org the way WeCom reports them (§4.2): unknown or
 * inactive members land in invaliduser (lowercased), unknown departments in invalidparty; the
 * simulator has no tags, so every tag is invalid.
 */
import type { SimOrg } from './sim-org';
import { splitRecipients } from './validate-message';

export interface ResolvedRecipients {
  /** Deduplicated userids as the org spells them. */
  valid: string[];
  invalidUsers: string[];
  invalidParties: string[];
  invalidTags: string[];
}

export function resolveRecipients(org: SimOrg, body: Record<string, unknown>): ResolvedRecipients {
  const active = org.listUsers().filter((u) => u.status === 1);
  const byLower = new Map(active.map((u) => [u.userid.toLowerCase(), u.userid]));
  const valid = new Set<string>();
  const invalidUsers: string[] = [];
  const invalidParties: string[] = [];

  for (const id of splitRecipients(body.touser)) {
    if (id === '@all') {
      active.forEach((u) => valid.add(u.userid));
      continue;
    }
    const userid = byLower.get(id.toLowerCase());
    if (userid) valid.add(userid);
    else invalidUsers.push(id.toLowerCase());
  }
  for (const party of splitRecipients(body.toparty)) {
    const id = Number(party);
    if (!Number.isInteger(id) || !org.getDepartment(id)) {
      invalidParties.push(party);
      continue;
    }
    org.membersOf(id, true).filter((u) => u.status === 1).forEach((u) => valid.add(u.userid));
  }
  return { valid: [...valid], invalidUsers, invalidParties, invalidTags: splitRecipients(body.totag) };
}
