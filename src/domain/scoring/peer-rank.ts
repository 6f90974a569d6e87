import type { PeerEntry, PeerGroup, PeerRank } from './types';

/** Fewer people than this in the same position → compare within the whole department. */
export const MIN_POSITION_GROUP = 5;

/** Totals closer than this are a tie (floating-point noise, far below the 0.1 shown). */
const TIE_EPSILON = 1e-9;

type Ranked = PeerEntry & { total: number };

function departmentKey(e: PeerEntry): string {
  // Employees without a department form one group of their own.
  return e.departmentId === null ? 'none' : String(e.departmentId);
}

function rankWithin(me: Ranked, group: Ranked[], label: PeerGroup): PeerRank {
  let higher = 0;
  let lower = 0;
  for (const other of group) {
    if (other.total > me.total + TIE_EPSILON) higher += 1;
    else if (other.total < me.total - TIE_EPSILON) lower += 1;
  }
  const others = group.length - 1;
  return {
    rank: higher + 1,
    of: group.length,
    percentile: others > 0 ? Math.round((100 * lower) / others) : 0,
    group: label,
  };
}

function push(groups: Map<string, Ranked[]>, key: string, e: Ranked): void {
  const group = groups.get(key);
  if (group) group.push(e);
  else groups.set(key, [e]);
}

/**
 * Ranks employees on their period totals (1 = best; ties share a rank: 1, 2, 2, 4) among the
 * same position in the same department, or among the whole department when fewer than 5 ranked
 * people share the position. The percentile is the share of the other people in that group with
 * a strictly lower total (0–100, rounded; 0 for a group of one). Null totals are not ranked.
 */
export function rankPeers(entries: PeerEntry[]): Map<string, PeerRank> {
  const ranked = entries.filter((e): e is Ranked => e.total !== null && Number.isFinite(e.total));
  const byDepartment = new Map<string, Ranked[]>();
  const byPosition = new Map<string, Ranked[]>();
  for (const e of ranked) {
    const dept = departmentKey(e);
    const pos = `${dept}\u0000${e.position}`;
    push(byDepartment, dept, e);
    push(byPosition, pos, e);
  }
  const result = new Map<string, PeerRank>();
  for (const e of ranked) {
    const dept = departmentKey(e);
    const samePosition = byPosition.get(`${dept}\u0000${e.position}`) ?? [e];
    result.set(
      e.userId,
      samePosition.length >= MIN_POSITION_GROUP
        ? rankWithin(e, samePosition, '同部门同岗位')
        : rankWithin(e, byDepartment.get(dept) ?? [e], '全部门'),
    );
  }
  return result;
}
