/**
 * The bench's verdict as compact markdown tables (pasted into the README as printed) and as the
 * JSON written to bench/results/callback.json. Pure: no I/O.
 */
import type { LoadResult } from './callback-load';
import type { FullAppStopReport } from './full-callback-app';

export interface MachineFacts {
  node: string;
  cpus: number;
  cpuModel: string;
  platform: string;
  database: string;
  /** `uptime`'s load averages when the run started and ended: other work on the machine skews figures. */
  loadAtStart?: number[];
  loadAtEnd?: number[];
}

export interface TargetRun {
  label: string;
  /** The warm-up run: not quoted, but it sizes the measured run's sealed pool. */
  warmup: LoadResult;
  measured: LoadResult;
}

export interface CallbackBenchReport {
  when: string;
  machine: MachineFacts;
  settings: { durationS: number; warmupS: number; connections: number; burstConnections: number; burstS: number; from: string; content: string };
  full: TargetRun & { stop: FullAppStopReport };
  durable: TargetRun & { recorded: number };
  bare: TargetRun;
  burst: TargetRun & { stop: FullAppStopReport };
  /** Messages the simulator (its own process) received from both full-path runs. */
  messagesSent: number;
  ratio: { fullToDurable: number; fullToBare: number; durableToBare: number };
  targets: Array<{ what: string; target: string; measured: string; met: boolean }>;
  problems: string[];
}

export function computeRatio(full: LoadResult, durable: LoadResult, bare: LoadResult): CallbackBenchReport['ratio'] {
  return {
    fullToDurable: full.requestsPerSec / durable.requestsPerSec,
    fullToBare: full.requestsPerSec / bare.requestsPerSec,
    durableToBare: durable.requestsPerSec / bare.requestsPerSec,
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The targets, each with what was measured. */
export function checkTargets(r: Pick<CallbackBenchReport, 'full' | 'burst' | 'ratio'>): CallbackBenchReport['targets'] {
  const b = r.burst.measured;
  const s = r.burst.stop;
  const f = r.full.measured;
  return [
    { what: 'burst: p99 ack', target: '< 1000 ms', measured: `${fixed(b.allLatencyMs.p99, 0)} ms`, met: b.allLatencyMs.p99 < 1000 },
    {
      what: 'burst: acks slower than 5 s (or none)',
      target: '0',
      measured: `${b.slowerThan5s + b.timeouts} (max ${fixed(b.allLatencyMs.max, 0)} ms)`,
      met: b.slowerThan5s + b.timeouts === 0,
    },
    {
      what: 'burst: recorded callbacks handled once',
      target: 'all, once',
      measured: `${s.handled} of ${s.recorded} done, ${s.handlerRuns} handler runs`,
      met: s.handled === s.recorded && s.handlerRuns === s.recorded,
    },
    { what: '10 connections: p99 ack', target: '< 20 ms', measured: `${fixed(f.latencyMs.p99, 2)} ms`, met: f.latencyMs.p99 < 20 },
    { what: 'full path / durable floor', target: '≥ 0.30×', measured: `${fixed(r.ratio.fullToDurable, 2)}×`, met: r.ratio.fullToDurable >= 0.3 },
  ];
}

/** Why the figures cannot be quoted; empty when the run is valid. */
export function findProblems(runs: Array<{ label: string; run: LoadResult; phase: string; non2xxAllowed?: boolean }>, fullRuns: Array<{ label: string; stop: FullAppStopReport; answered: number; unanswered: number }>): string[] {
  const problems: string[] = [];
  for (const { label, run, phase, non2xxAllowed } of runs) {
    if (run.non2xx > 0 && !non2xxAllowed) problems.push(`${label} ${phase}: ${run.non2xx} non-2xx responses`);
    if (run.errors > 0 && !non2xxAllowed) problems.push(`${label} ${phase}: ${run.errors} connection errors (${run.timeouts} timeouts)`);
    if (run.sealedOverrun > 0) problems.push(`${label} ${phase}: the sealed pool ran dry ${run.sealedOverrun} times (repeated MsgIds)`);
  }
  for (const { label, stop, answered, unanswered } of fullRuns) {
    // Each 200 is one recorded callback; requests cut off when a run ends (or a 503 whose record landed late) may be recorded unanswered.
    if (stop.recorded < answered || stop.recorded > answered + unanswered) {
      problems.push(`${label}: ${stop.recorded} callbacks recorded for ${answered} answered 200 (at most ${unanswered} unanswered)`);
    }
    if (stop.handled !== stop.recorded) problems.push(`${label}: ${stop.recorded - stop.handled} of ${stop.recorded} callbacks not handled`);
    if (stop.handlerRuns !== stop.recorded) problems.push(`${label}: ${stop.handlerRuns} handler runs for ${stop.recorded} callbacks`);
  }
  return problems;
}

export function formatMarkdown(r: CallbackBenchReport): string {
  const row = (run: TargetRun) => {
    const m = run.measured;
    return `| ${run.label} | ${fixed(m.requestsPerSec, 0)} | ${fixed(m.latencyMs.p50, 2)} | ${fixed(m.latencyMs.p99, 2)} | ${m.non2xx} |`;
  };
  const { machine: mc, settings: s } = r;
  const b = r.burst.measured;
  const bs = r.burst.stop;
  return [
    `POST /wecom/callback, loopback, ${s.connections} connections, ${s.durationS} s after ${s.warmupS} s warm-up;` +
      ` node ${mc.node}, ${mc.cpus} × ${mc.cpuModel}, ${mc.database}; load average ${(mc.loadAtStart ?? []).map((l) => l.toFixed(2)).join(' ')} at start, ${(mc.loadAtEnd ?? []).map((l) => l.toFixed(2)).join(' ')} at end`,
    '',
    '| target | req/s | p50 ms | p99 ms | non-2xx |',
    '|---|--:|--:|--:|--:|',
    row(r.full),
    row(r.durable),
    row(r.bare),
    `| full / durable floor | ${fixed(r.ratio.fullToDurable, 2)}× | | | |`,
    `| full / bare | ${fixed(r.ratio.fullToBare, 2)}× | | | |`,
    '',
    `Burst: ${s.burstConnections} connections for ${s.burstS} s on the full path`,
    '',
    '| answered | req/s | p50 ms | p99 ms | max ms | > 5 s | 503 | no answer in 10 s | recorded | handled | handler runs | queued at end | drained in |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    `| ${b.responses} | ${fixed(b.requestsPerSec, 0)} | ${fixed(b.allLatencyMs.p50, 1)} | ${fixed(b.allLatencyMs.p99, 1)} | ${fixed(b.allLatencyMs.max, 0)} | ${b.slowerThan5s} | ${b.non2xx} | ${b.timeouts} | ${bs.recorded} | ${bs.handled} | ${bs.handlerRuns} | ${bs.waitingAtStop} | ${fixed(bs.drainMs / 1000, 1)} s |`,
    '',
    '| target | goal | measured | met |',
    '|---|---|---|---|',
    ...r.targets.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`),
  ].join('\n');
}
