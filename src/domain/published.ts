/**
 * Published scorecards are the record (pure). What a push sent is kept as the published total and
 * rank; a later recompute that shows a different number is a change, said with old → new and why.
 * Numbers are compared as shown (the total to 0.1), so floating-point noise is never a change.
 */
import { formatScore, type PeerRank } from './scoring';

export interface Figures {
  total: number | null;
  rank: { rank: number; of: number } | null;
}

export interface ScoreChange {
  periodKey: string;
  periodLabel: string;
  what: 'total' | 'rank';
  /** As the employee saw it and as it is now: '85.0' → '83.2', '1/2' → '2/2', '—' for none. */
  from: string;
  to: string;
  /** Why, from the audit log and late records since publication; never empty. */
  reasons: string[];
}

/** What made a number move since it was published. */
export interface ChangeEvidence {
  /** Audit actions about the person since publication (record.corrected, exception.approve …). */
  actions: string[];
  /** Records of the period that arrived after publication. */
  lateRecords: number;
}

const ACTION_REASONS: Record<string, string> = {
  'record.corrected': '数据更正',
  'record.voided': '数据作废',
  'exception.approve': '异常申报获批',
  'appeal.accept': '申诉成立',
  'review.create': '主管评价',
  'review.update': '主管评价修改',
  'collaboration.create': '跨部门协作评分',
  'assignment.import': '指标分配调整',
  'assignments.template': '指标分配调整',
  'goal.checkin': '关键结果进度更新',
  'goal.import': '关键结果调整',
};

export const PEERS_CHANGED = '同组同事的成绩有变动';
export const RECOMPUTED = '重新计算';

export function figuresOf(v: { total: number | null; peer: PeerRank | null }): Figures {
  return { total: v.total === null ? null : round1(v.total), rank: v.peer ? { rank: v.peer.rank, of: v.peer.of } : null };
}

export function sameTotal(a: number | null, b: number | null): boolean {
  return a === null || b === null ? a === b : round1(a) === round1(b);
}

export function sameRank(a: Figures['rank'], b: Figures['rank']): boolean {
  return a === null || b === null ? a === b : a.rank === b.rank && a.of === b.of;
}

export function sameFigures(a: Figures, b: Figures): boolean {
  return sameTotal(a.total, b.total) && sameRank(a.rank, b.rank);
}

/** The reasons, in a stable order: the person's own data first, then peers. */
export function changeReasons(evidence: ChangeEvidence, totalChanged: boolean): string[] {
  const reasons: string[] = [];
  if (evidence.lateRecords > 0) reasons.push(`迟到数据 ${evidence.lateRecords} 条`);
  for (const a of evidence.actions) {
    const r = ACTION_REASONS[a];
    if (r && !reasons.includes(r)) reasons.push(r);
  }
  if (!totalChanged) return [PEERS_CHANGED];
  return reasons.length > 0 ? reasons : [RECOMPUTED];
}

/** The published numbers that differ now, each with old → new and why. */
export function describeChanges(
  period: { key: string; label: string },
  published: Figures,
  current: Figures,
  evidence: ChangeEvidence,
): ScoreChange[] {
  const out: ScoreChange[] = [];
  const totalChanged = !sameTotal(published.total, current.total);
  const base = { periodKey: period.key, periodLabel: period.label };
  if (totalChanged) out.push({ ...base, what: 'total', from: totalText(published.total), to: totalText(current.total), reasons: changeReasons(evidence, true) });
  if (!sameRank(published.rank, current.rank)) {
    out.push({ ...base, what: 'rank', from: rankText(published.rank), to: rankText(current.rank), reasons: changeReasons(evidence, totalChanged) });
  }
  return out;
}

/** One line for a card: '11月第4周 已发布总分 85.0→83.2（迟到数据 2 条）；排名 1/2→2/2（…）'. */
export function changeSummary(changes: ScoreChange[]): string | null {
  if (changes.length === 0) return null;
  const word = { total: '总分', rank: '排名' } as const;
  const byPeriod = new Map<string, ScoreChange[]>();
  for (const c of changes) byPeriod.set(c.periodLabel, [...(byPeriod.get(c.periodLabel) ?? []), c]);
  return [...byPeriod]
    .map(([label, list]) => `${label}已发布的${list.map((c) => `${word[c.what]} ${c.from}→${c.to}（${c.reasons.join('、')}）`).join('，')}`)
    .join('；');
}

function totalText(t: number | null): string {
  return t === null ? '—' : formatScore(t);
}

function rankText(r: Figures['rank']): string {
  return r === null ? '—' : `${r.rank}/${r.of}`;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
