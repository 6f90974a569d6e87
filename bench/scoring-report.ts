/**
 * bench/scoring's verdict: the markdown table (pasted into the README as printed) and the JSON
 * written to bench/results/scoring-<db>.json. Pure: no I/O.
 */
import { formatMachine, type MachineFacts } from './common/machine';
import { seconds, type Timed } from './common/timing';

/** The targets: a company's week in under 15 s, and within 3× one SQL aggregate. */
export const TARGET_MAX_MS = 15_000;
export const TARGET_MAX_RATIO = 3;

export interface ScoringBenchReport {
  when: string;
  machine: MachineFacts;
  settings: { db: string; employees: number; records: number; runs: number; period: string; timeZone: string };
  seed: { ms: number; org: Record<string, number>; records: number };
  scoring: Timed & { cards: number; withData: number; withTotal: number };
  floor: Timed & { groups: number; sql: string[] };
  /** The records aggregate alone (FLOOR_SQL[0]), the floor before it read the org and assignments. */
  recordsFloor: Timed & { sql: string };
  /** scoring median ÷ floor median. */
  ratio: number;
  /** scoring median ÷ the records aggregate's median. */
  recordsRatio: number;
  targets: { underMaxMs: boolean; withinRatio: boolean };
  /** Where the scoring time goes (one run of each part), when measured. */
  breakdown: Array<{ step: string; ms: number; note: string }>;
}

export function judgeTargets(scoringMs: number, ratio: number): ScoringBenchReport['targets'] {
  return { underMaxMs: scoringMs < TARGET_MAX_MS, withinRatio: ratio <= TARGET_MAX_RATIO };
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const row = (label: string, t: Timed) => `| ${label} | ${seconds(t.medianMs)} | ${seconds(t.minMs)} | ${seconds(t.maxMs)} |`;

export function formatMarkdown(r: ScoringBenchReport): string {
  const s = r.settings;
  const lines = [
    `Scorecards of ${s.period} (${s.timeZone}): ${s.employees} employees, ${s.records} records, median of ${s.runs} runs;` +
      ` ${formatMachine(r.machine)}`,
    '',
    '| step | median s | min s | max s |',
    '|---|--:|--:|--:|',
    `| seed (once; not part of the figure) | ${seconds(r.seed.ms, 1)} | | |`,
    row('computeScorecards (loads + scoring + peer rank)', r.scoring),
    row('floor: records COUNT, SUM … GROUP BY user_id, input + assignments, placements, names, split parts', r.floor),
    `| scoring / floor | ${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : 'n/a'}× | | |`,
    row('· the records aggregate alone, one statement for the company', r.recordsFloor),
    `| · scoring / records aggregate | ${Number.isFinite(r.recordsRatio) ? r.recordsRatio.toFixed(2) : 'n/a'}× | | |`,
    '',
    `Targets: < ${TARGET_MAX_MS / 1000} s: **${verdict(r.targets.underMaxMs)}** (${seconds(r.scoring.medianMs)} s);` +
      ` ≤ ${TARGET_MAX_RATIO}× floor: **${verdict(r.targets.withinRatio)}** (${r.ratio.toFixed(2)}×).` +
      ` ${r.scoring.cards} cards, ${r.scoring.withTotal} with a total (${r.scoring.withData} employees have records).`,
  ];
  if (r.breakdown.length > 0) {
    lines.push('', '| where the scoring time goes (one run each) | s | |', '|---|--:|---|');
    for (const b of r.breakdown) lines.push(`| ${b.step} | ${seconds(b.ms)} | ${b.note} |`);
  }
  return lines.join('\n');
}
