/**
 * The quarter's placement of every person in the nine boxes. Pure: the caller loads the inputs
 * (talent-data.ts) and keeps the result (talent-reviews.ts). docs/talent.md is this file in Chinese,
 * with a worked example; the tests redo that example.
 */
import { boxCodeOf, type BoxCode, type Level } from './boxes';
import { percentileRanks, round2, upperBound } from './percentile';
import type { LevelRule, PotentialWeights, TalentSettings } from './settings';

export interface TalentInput {
  userId: string;
  name: string;
  departmentId: number | null;
  position: string;
  /** The quarter's monthly totals (null: no total that month, e.g. 数据不足). */
  monthlyTotals: Array<number | null>;
  /** Last quarter's performance figure, when there was one. */
  previousPerformance: number | null;
  /** 行为分: the sum of the tag weights in the quarter (praise +, reminders −). */
  behaviour: number;
  trainingHours: number;
  certifications: number;
  skills: number;
  /** Development-plan actions finished in the quarter. */
  planActionsDone: number;
  /** Cross-department collaboration ratings received in the quarter (1–5 stars each). */
  collaborationStars: number[];
  suggestions: number;
  /** Key results the person shares with people of other departments. */
  sharedKeyResults: number;
}

/** The raw value of each potential signal, before it is compared within the group. */
export interface SignalValues {
  behaviour: number;
  learning: number;
  collaboration: number;
  trend: number;
}

export interface Placement {
  userId: string;
  /** Mean of the monthly totals, two decimals; null when fewer than settings.minMonths exist. */
  performance: number | null;
  monthsWithTotal: number;
  signals: SignalValues;
  /** Percentile rank of each signal within the comparison group (0–100). */
  signalRanks: SignalValues;
  /** Weighted mean of the signal ranks (0–100). */
  potential: number;
  /** Percentile rank of the performance among the group's people with one (null without); the default rule cuts levels on it. */
  performanceRank: number | null;
  /** Percentile rank of the potential index within the group. */
  potentialRank: number;
  performanceLevel: Level | null;
  potentialLevel: Level;
  /** null when there is no performance figure: the person is listed as 数据不足, not placed. */
  box: BoxCode | null;
  /** The comparison group actually used ('company' when the own group was too small). */
  groupKey: string;
  groupSize: number;
  notes: string[];
}

export function computePlacements(people: readonly TalentInput[], settings: TalentSettings): Placement[] {
  const groups = comparisonGroups(people, settings);
  const out = new Map<string, Placement>();
  for (const [groupKey, members] of groups) {
    const signals = members.map((p) => signalValues(p, settings));
    const ranks = {
      behaviour: percentileRanks(signals.map((s) => s.behaviour)),
      learning: percentileRanks(signals.map((s) => s.learning)),
      collaboration: percentileRanks(signals.map((s) => s.collaboration)),
      trend: percentileRanks(signals.map((s) => s.trend)),
    };
    const performances = members.map((p) => performanceOf(p, settings));
    const perfLevels = levelsOf(performances, settings.performance);
    const signalRanksOf = (i: number): SignalValues => ({ behaviour: ranks.behaviour[i], learning: ranks.learning[i], collaboration: ranks.collaboration[i], trend: ranks.trend[i] });
    const potentials = members.map((_, i) => weightedPotential(signalRanksOf(i), settings.weights));
    // Everyone of the group has a potential index (their signals are real), so all of them are ranked.
    const potLevels = levelsOf(potentials, settings.potential);
    const perfRanks = ranksOf(performances);
    const potRanks = percentileRanks(potentials);
    members.forEach((p, i) => {
      const signalRanks = signalRanksOf(i);
      const potential = potentials[i];
      const potentialLevel = potLevels[i]!;
      const performanceLevel = perfLevels[i];
      const notes: string[] = [];
      if (performances[i] === null) notes.push(`本季度只有 ${monthsWith(p)} 个月有总分，不足 ${settings.minMonths} 个月，业绩数据不足，暂不落格`);
      if (p.previousPerformance === null) notes.push('上季度没有业绩数据，趋势按 0 计');
      out.set(p.userId, {
        userId: p.userId,
        performance: performances[i],
        monthsWithTotal: monthsWith(p),
        signals: signals[i],
        signalRanks,
        potential,
        performanceRank: perfRanks[i],
        potentialRank: potRanks[i],
        performanceLevel,
        potentialLevel,
        box: performanceLevel === null ? null : boxCodeOf(performanceLevel, potentialLevel),
        groupKey,
        groupSize: members.length,
        notes,
      });
    });
  }
  return people.map((p) => out.get(p.userId)!);
}

export function performanceOf(p: TalentInput, settings: Pick<TalentSettings, 'minMonths'>): number | null {
  const totals = p.monthlyTotals.filter((t): t is number => t !== null && Number.isFinite(t));
  if (totals.length < settings.minMonths) return null;
  return round2(totals.reduce((a, b) => a + b, 0) / totals.length);
}

export function signalValues(p: TalentInput, settings: Pick<TalentSettings, 'learningPointsPerItem' | 'minMonths'>): SignalValues {
  const items = p.certifications + p.skills + p.planActionsDone;
  const stars = p.collaborationStars.length === 0 ? 0 : p.collaborationStars.reduce((a, b) => a + b, 0) / p.collaborationStars.length;
  const current = performanceOf(p, settings);
  return {
    behaviour: round2(p.behaviour),
    learning: round2(p.trainingHours + settings.learningPointsPerItem * items),
    // Average stars as a 0–100 figure, plus 5 points per suggestion and per shared key result.
    collaboration: round2(stars * 20 + 5 * (p.suggestions + p.sharedKeyResults)),
    trend: current === null || p.previousPerformance === null ? 0 : round2(current - p.previousPerformance),
  };
}

function weightedPotential(r: SignalValues, w: PotentialWeights): number {
  const sum = w.behaviour + w.learning + w.collaboration + w.trend;
  return round2((r.behaviour * w.behaviour + r.learning * w.learning + r.collaboration * w.collaboration + r.trend * w.trend) / sum);
}

/**
 * Levels of one axis within a group; null figures (no performance) get no level and are not ranked.
 *   percentile: the figure's percentile rank among the group's figures (percentile.ts), ≤ low 低, ≥ high 高;
 *   thresholds: the figure itself, < low 低, ≥ high 高;
 *   distribution: the top / bottom share by head count (rounded down); ties never split: a figure is
 *   高 when fewer than the top count are strictly better, and 低 only when it and every equal figure
 *   fit in the bottom count.
 */
export function levelsOf(values: ReadonlyArray<number | null>, rule: LevelRule): Array<Level | null> {
  if (rule.kind === 'thresholds') return values.map((x) => (x === null ? null : x < rule.low ? 'low' : x >= rule.high ? 'high' : 'mid'));
  const placed = values.filter((x): x is number => x !== null);
  if (rule.kind === 'percentile') {
    return ranksOf(values).map((rank) => (rank === null ? null : rank >= rule.high ? 'high' : rank <= rule.low ? 'low' : 'mid'));
  }
  const sorted = [...placed].sort((a, b) => a - b);
  const highCount = Math.floor((sorted.length * rule.topShare) / 100);
  const lowCount = Math.floor((sorted.length * rule.bottomShare) / 100);
  return values.map((x) => {
    if (x === null) return null;
    if (sorted.length - upperBound(sorted, x) < highCount) return 'high';
    if (upperBound(sorted, x) <= lowCount) return 'low';
    return 'mid';
  });
}

/** Percentile ranks among the non-null figures; null stays null. */
function ranksOf(values: ReadonlyArray<number | null>): Array<number | null> {
  const ranks = percentileRanks(values.filter((x): x is number => x !== null));
  let k = 0;
  return values.map((x) => (x === null ? null : ranks[k++]));
}

function comparisonGroups(people: readonly TalentInput[], settings: TalentSettings): Map<string, TalentInput[]> {
  const keyOf = (p: TalentInput) =>
    settings.group === 'company' ? 'company' : settings.group === 'department' ? `department:${p.departmentId ?? 'none'}` : `position:${p.position || 'none'}`;
  const groups = new Map<string, TalentInput[]>();
  for (const p of people) {
    const k = keyOf(p);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  // Groups too small for a fair comparison are pooled with the company.
  const small = [...groups].filter(([k, m]) => k !== 'company' && m.length < settings.minGroupSize);
  if (small.length === 0) return groups;
  const pooled = groups.get('company') ?? [];
  for (const [k, m] of small) {
    groups.delete(k);
    pooled.push(...m);
  }
  groups.set('company', pooled);
  return groups;
}

function monthsWith(p: TalentInput): number {
  return p.monthlyTotals.filter((t) => t !== null).length;
}
