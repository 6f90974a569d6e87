/**
 * What a round's results may show (pure). A group with 1–4 answers shows nothing; and because the
 * round's total minus the shown groups would give the hidden ones away, more groups are withheld
 * (the smallest shown first) until the withheld answers number 0 or at least MIN_GROUP. Every
 * reader sees a subset of this one table, so comparing two readers' views reveals nothing more.
 */
import { MIN_GROUP, SCALE_OPTIONS, type SurveyScale } from './templates';

export interface GroupTally {
  key: string;
  name: string;
  invited: number;
  /** Answer counts by stored value. */
  counts: Record<number, number>;
}

/** shown; none: nobody answered; small: 1–4 answers; withheld: hidden so the small ones stay hidden. */
export type GroupStatus = 'shown' | 'none' | 'small' | 'withheld';

export interface GroupResult {
  key: string;
  name: string;
  invited: number;
  status: GroupStatus;
  /** Only when shown. */
  answered: number | null;
  agreeShare: number | null;
  mean: number | null;
  distribution: Array<{ text: string; n: number }> | null;
}

export interface RoundResult {
  total: GroupResult;
  /** Empty when the round has one group only (then the total is that group). */
  groups: GroupResult[];
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const answeredIn = (t: Pick<GroupTally, 'counts'>) => sum(Object.values(t.counts));

function shown(t: GroupTally, scale: SurveyScale): GroupResult {
  const n = answeredIn(t);
  const options = SCALE_OPTIONS[scale];
  const agree = sum(options.filter((o) => o.agrees).map((o) => t.counts[o.value] ?? 0));
  const mean = scale === 'agree5' ? sum(options.map((o) => o.value * (t.counts[o.value] ?? 0))) / n : null;
  return {
    key: t.key, name: t.name, invited: t.invited, status: 'shown', answered: n, agreeShare: agree / n, mean,
    distribution: options.map((o) => ({ text: o.text, n: t.counts[o.value] ?? 0 })),
  };
}

function hidden(t: GroupTally, status: Exclude<GroupStatus, 'shown'>): GroupResult {
  return { key: t.key, name: t.name, invited: t.invited, status, answered: status === 'none' ? 0 : null, agreeShare: null, mean: null, distribution: null };
}

export function disclose(groups: GroupTally[], scale: SurveyScale, min = MIN_GROUP): RoundResult {
  const all: GroupTally = { key: '*', name: '全体', invited: sum(groups.map((g) => g.invited)), counts: {} };
  for (const g of groups) for (const [v, n] of Object.entries(g.counts)) all.counts[Number(v)] = (all.counts[Number(v)] ?? 0) + n;
  const totalN = answeredIn(all);
  const total = totalN >= min ? shown(all, scale) : hidden(all, totalN === 0 ? 'none' : 'small');
  if (groups.length <= 1) return { total, groups: [] };

  const status = new Map<string, GroupStatus>();
  for (const g of groups) {
    const n = answeredIn(g);
    status.set(g.key, n === 0 ? 'none' : n < min ? 'small' : 'shown');
  }
  let withheldAnswers = sum(groups.filter((g) => status.get(g.key) === 'small').map(answeredIn));
  while (withheldAnswers > 0 && withheldAnswers < min) {
    const candidates = groups.filter((g) => status.get(g.key) === 'shown').sort((a, b) => answeredIn(a) - answeredIn(b) || a.key.localeCompare(b.key));
    if (candidates.length === 0) break;
    status.set(candidates[0].key, 'withheld');
    withheldAnswers += answeredIn(candidates[0]);
  }
  // With every group withheld, the total itself is what is left; under MIN it was hidden above.
  return {
    total,
    groups: groups.map((g) => {
      const s = status.get(g.key)!;
      return s === 'shown' ? shown(g, scale) : hidden(g, s);
    }),
  };
}

export const STATUS_TEXT: Record<Exclude<GroupStatus, 'shown'>, string> = {
  none: '无人作答',
  small: '不足5人，不显示',
  withheld: '为保护小组匿名，不单独显示',
};

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
