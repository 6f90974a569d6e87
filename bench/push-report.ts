/**
 * bench/push's verdict: the markdown table (pasted into the README as printed) and the JSON written
 * to bench/results/push.json. Pure: no I/O.
 */
import { formatMachine, type MachineFacts } from './common/machine';
import { seconds } from './common/timing';
import type { SimStats } from './push-sim-stats';

/** The target: throughput within 5% of the configured rate. */
export const RATE_TOLERANCE = 0.05;

export interface PushBenchReport {
  when: string;
  machine: MachineFacts;
  settings: { db: string; employees: number; records: number; ratePerMinute: number; job: string; period: string; firedAt: string };
  seed: { ms: number };
  run: { status: string; queued: number; skipped: number; sent: number; failed: number };
  job: { wallMs: number; cpuMs: number; cards: number };
  delivery: { wallMs: number; cpuMs: number; eventLoopUtilization: number };
  sim: SimStats;
  /** Successful sends per minute between the first and the last, as the simulator timed them. */
  achievedPerMinute: number;
  checks: { allDelivered: boolean; withinRate: boolean; noFrequencyErrors: boolean; noneDropped: boolean };
}

/** n sends evenly spaced span n - 1 intervals. */
export function achievedRate(sim: Pick<SimStats, 'sendOk' | 'firstSendAt' | 'lastSendAt'>): number {
  if (sim.sendOk < 2 || sim.firstSendAt === null || sim.lastSendAt === null || sim.lastSendAt === sim.firstSendAt) return NaN;
  return ((sim.sendOk - 1) * 60_000) / (sim.lastSendAt - sim.firstSendAt);
}

export function judge(r: Omit<PushBenchReport, 'checks'>): PushBenchReport['checks'] {
  const expected = r.run.queued;
  return {
    allDelivered: expected > 0 && r.run.sent === expected && r.run.failed === 0 && r.sim.distinctRecipients === expected,
    withinRate: Math.abs(r.achievedPerMinute - r.settings.ratePerMinute) <= RATE_TOLERANCE * r.settings.ratePerMinute,
    noFrequencyErrors: r.sim.frequencyErrors === 0,
    noneDropped: r.sim.dropped === 0,
  };
}

export const passed = (c: PushBenchReport['checks']) => Object.values(c).every(Boolean);

const verdict = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
const ms = (v: number, digits = 2) => v.toFixed(digits);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatMarkdown(r: PushBenchReport): string {
  const s = r.settings;
  const c = r.checks;
  const perCard = (total: number) => (r.job.cards > 0 ? total / r.job.cards : NaN);
  const perSend = (total: number) => (r.sim.sendOk > 0 ? total / r.sim.sendOk : NaN);
  const spanMs = r.sim.firstSendAt !== null && r.sim.lastSendAt !== null ? r.sim.lastSendAt - r.sim.firstSendAt : NaN;
  const deviation = (r.achievedPerMinute / s.ratePerMinute - 1) * 100;
  return [
    `Push of ${s.job} (${s.period}) to ${int(s.employees)} employees through the simulator (its limits on: 30/min per member, ` +
      `10,000/min per API), OUTBOX_RATE_PER_MIN=${int(s.ratePerMinute)}, ${int(s.records)} records; ${formatMachine(r.machine)}`,
    '',
    '| figure | value | target | verdict |',
    '|---|--:|---|---|',
    `| cards queued by the job / sent / failed | ${int(r.run.queued)} / ${int(r.run.sent)} / ${int(r.run.failed)} | all sent, one per employee | ${verdict(c.allDelivered)} |`,
    `| delivery time, first → last send | ${seconds(spanMs, 1)} s | | |`,
    `| achieved rate | ${int(r.achievedPerMinute)}/min (${deviation >= 0 ? '+' : ''}${deviation.toFixed(2)}%) | ${int(s.ratePerMinute)}/min ± ${RATE_TOLERANCE * 100}% | ${verdict(c.withinRate)} |`,
    `| busiest 60 s / busiest calendar minute | ${int(r.sim.busiestSixtySeconds)} / ${int(r.sim.busiestCalendarMinute)} | ≤ 10,000 (per-API limit) | |`,
    `| stalls: gaps > 2× the spacing (${ms(60_000 / s.ratePerMinute, 1)} ms) / time lost / longest gap | ${int(r.sim.stalls.count)} / ${seconds(r.sim.stalls.lostMs, 1)} s / ${int(r.sim.stalls.longestGapMs)} ms | | |`,
    `| 45009/45033 answers | ${r.sim.frequencyErrors} | 0 | ${verdict(c.noFrequencyErrors)} |`,
    `| silently dropped (per-member limits) | ${r.sim.dropped} | 0 | ${verdict(c.noneDropped)} |`,
    `| job body: compute + enqueue, wall | ${seconds(r.job.wallMs)} s = ${ms(perCard(r.job.wallMs), 3)} ms/card | | |`,
    `| job body: CPU (sender paused) | ${seconds(r.job.cpuMs)} s = ${ms(perCard(r.job.cpuMs), 3)} ms/card | | |`,
    `| delivery: our CPU (sender, DB, runner's wait) | ${seconds(r.delivery.cpuMs)} s = ${ms(perSend(r.delivery.cpuMs), 3)} ms/send | | |`,
    `| delivery: our event-loop utilisation | ${(r.delivery.eventLoopUtilization * 100).toFixed(1)}% | | |`,
    `| our CPU per card, job + delivery | ${ms(perCard(r.job.cpuMs) + perSend(r.delivery.cpuMs), 3)} ms | | |`,
    `| simulator CPU (its process, not ours) | ${seconds(r.sim.simCpuMs)} s | | |`,
    '',
    `Overall: ${passed(c) ? '**PASS**' : '**FAIL**'} (seed ${seconds(r.seed.ms, 1)} s, not part of the figures).`,
  ].join('\n');
}
