/**
 * Who a round goes to and the reporting group each invitee counts in (pure). The groups are the
 * departments just below the audience (a member of the audience department itself is in its own
 * group); a group with fewer invitees than MIN_GROUP joins 其他, so few groups are small by design.
 */
import { MIN_GROUP } from './templates';

export interface OrgDepartment {
  id: number;
  name: string;
  parentId: number | null;
}

export interface OrgMember {
  userId: string;
  mainDepartmentId: number | null;
}

export interface Audience {
  /** Sorted by user id (the order participation rows are written in). */
  members: Array<{ userId: string; groupKey: string }>;
  groups: Array<{ key: string; name: string; invited: number }>;
}

export const OTHER_GROUP = 'other';

/** The department's chain up to the top: [itself, parent, …]. */
function chainOf(id: number, byId: Map<number, OrgDepartment>): number[] {
  const chain: number[] = [];
  let cur: number | null = id;
  while (cur !== null && byId.has(cur) && !chain.includes(cur)) {
    chain.push(cur);
    const parent: number | null = byId.get(cur)!.parentId;
    cur = parent && parent > 0 ? parent : null;
  }
  return chain;
}

/** `root` null: everyone, grouped below each top-level department. */
export function buildAudience(members: OrgMember[], departments: OrgDepartment[], root: number | null, min = MIN_GROUP): Audience {
  const byId = new Map(departments.map((d) => [d.id, d]));
  const raw = new Map<string, { name: string; users: string[] }>();
  for (const m of [...members].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))) {
    const chain = m.mainDepartmentId === null ? [] : chainOf(m.mainDepartmentId, byId);
    let key: string;
    if (root !== null) {
      const at = chain.indexOf(root);
      if (at < 0) continue; // not in the audience
      key = String(at === 0 ? root : chain[at - 1]);
    } else {
      // Everyone: below the top department, or the top itself for its direct members.
      key = chain.length === 0 ? OTHER_GROUP : String(chain.length === 1 ? chain[0] : chain[chain.length - 2]);
    }
    const name = key === OTHER_GROUP ? '其他' : byId.get(Number(key))!.name;
    const entry = raw.get(key) ?? { name, users: [] };
    entry.users.push(m.userId);
    raw.set(key, entry);
  }
  const groupOf = new Map<string, string>();
  const groups = new Map<string, { key: string; name: string; invited: number }>();
  for (const [key, g] of raw) {
    const k = g.users.length >= min && key !== OTHER_GROUP ? key : OTHER_GROUP;
    const group = groups.get(k) ?? { key: k, name: k === OTHER_GROUP ? '其他' : g.name, invited: 0 };
    group.invited += g.users.length;
    groups.set(k, group);
    for (const u of g.users) groupOf.set(u, k);
  }
  const members2 = [...groupOf.entries()].map(([userId, groupKey]) => ({ userId, groupKey })).sort((a, b) => (a.userId < b.userId ? -1 : 1));
  const sorted = [...groups.values()].sort((a, b) => (a.key === OTHER_GROUP ? 1 : b.key === OTHER_GROUP ? -1 : Number(a.key) - Number(b.key)));
  return { members: members2, groups: sorted };
}
