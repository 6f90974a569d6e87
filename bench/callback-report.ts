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
  /** The target process's CPU time over the measured run per response answered (ms): steadier than req/s under load. */
  cpuMsPerCallback?: number;
}

/**
 * Every callback of a full-path run followed from its answer to its handling: keys answered 2xx
 * by the load generator matched with the rows the app recorded and the handler runs it counted.
 */
export interface Ledger {
  /** Callbacks answered 2xx (each one must be recorded). */
  acked: number;
  recorded: number;
  /** Recorded without a 2xx seen: cut off when the run ended, or a 503 whose record landed late. */
  recordedNotAcked: number;
  /** Answered 2xx but not recorded: lost. */
  lost: number;
  /** Recorded rows by handler runs: done after one run, run twice or more, never run, failed. */
  handledOnce: number;
  handledTwice: number;
  unhandled: number;
  /** Handled but never marked done (its finish was lost): such a row is taken over, and run again, once its lease runs out. */
  notFinished: number;
  failed: number;
  /** Answered after WeCom's 5 s, or not answered within the load generator's time-out. */
  acksOver5s: number;
}

/** The ledger of one run from the keys answered 2xx and the app's [key, status, runs] rows. */
export function buildLedger(acked: Set<string>, rows: Array<[string, string, number]>, run: LoadResult): Ledger {
  const recordedKeys = new Set(rows.map((r) => r[0]));
  let lost = 0;
  for (const key of acked) if (!recordedKeys.has(key)) lost++;
  return {
    acked: acked.size,
    recorded: rows.length,
    recordedNotAcked: rows.filter((r) => !acked.has(r[0])).length,
    lost,
    handledOnce: rows.filter((r) => r[1] === 'done' && r[2] === 1).length,
    handledTwice: rows.filter((r) => r[2] > 1).length,
    unhandled: rows.filter((r) => r[2] === 0).length,
    notFinished: rows.filter((r) => r[2] > 0 && r[1] !== 'done' && r[1] !== 'failed').length,
    failed: rows.filter((r) => r[1] === 'failed').length,
    acksOver5s: run.slowerThan5s + run.timeouts,
  };
}

export interface CallbackBenchReport {
  when: string;
  machine: MachineFacts;
  settings: { durationS: number; warmupS: number; connections: number; burstConnections: number; burstS: number; from: string; content: string };
  full: TargetRun & { stop: FullAppStopReport; ledger: Ledger };
  durable: TargetRun & { recorded: number };
  bare: TargetRun;
  burst: TargetRun & { stop: FullAppStopReport; ledger: Ledger };
  /** Messages the simulator (its own process) received from both full-path runs. */
  messagesSent: number;
  ratio: { fullToDurable: number; fullToBare: number; durableToBare: number; cpuFullToDurable?: number };
  targets: Array<{ what: string; target: string; measured: string; met: boolean }>;
  problems: string[];
}

export function computeRatio(full: TargetRun, durable: TargetRun, bare: TargetRun): CallbackBenchReport['ratio'] {
  return {
    fullToDurable: full.measured.requestsPerSec / durable.measured.requestsPerSec,
    fullToBare: full.measured.requestsPerSec / bare.measured.requestsPerSec,
    durableToBare: durable.measured.requestsPerSec / bare.measured.requestsPerSec,
    // Throughput the CPU cost alone allows: the floor's CPU per callback over the full path's.
    cpuFullToDurable: full.cpuMsPerCallback && durable.cpuMsPerCallback ? durable.cpuMsPerCallback / full.cpuMsPerCallback : undefined,
  };
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The targets, each with what was measured. */
export function checkTargets(r: Pick<CallbackBenchReport, 'full' | 'burst' | 'ratio'>): CallbackBenchReport['targets'] {
  const b = r.burst.measured;
  const l = r.burst.ledger;
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
      measured: `${l.handledOnce} of ${l.recorded} once, ${l.handledTwice} twice, ${l.unhandled} not handled, ${l.notFinished} not marked done, ${l.failed} failed`,
      met: l.handledOnce === l.recorded && l.handledTwice === 0,
    },
    { what: 'burst: lost (answered 200, not recorded)', target: '0', measured: `${l.lost} of ${l.acked}`, met: l.lost === 0 },
    { what: '10 connections: p99 ack', target: '< 20 ms', measured: `${fixed(f.latencyMs.p99, 2)} ms`, met: f.latencyMs.p99 < 20 },
    { what: 'full path / durable floor', target: '≥ 0.30×', measured: `${fixed(r.ratio.fullToDurable, 2)}×`, met: r.ratio.fullToDurable >= 0.3 },
  ];
}

/** Why the figures cannot be quoted; empty when the run is valid. */
export function findProblems(
  runs: Array<{ label: string; run: LoadResult; phase: string; non2xxAllowed?: boolean }>,
  fullRuns: Array<{ label: string; stop: FullAppStopReport; ledger: Ledger; answered: number; unanswered: number }>,
): string[] {
  const problems: string[] = [];
  for (const { label, run, phase, non2xxAllowed } of runs) {
    if (run.non2xx > 0 && !non2xxAllowed) problems.push(`${label} ${phase}: ${run.non2xx} non-2xx responses`);
    if (run.errors > 0 && !non2xxAllowed) problems.push(`${label} ${phase}: ${run.errors} connection errors (${run.timeouts} timeouts)`);
    if (run.sealedOverrun > 0) problems.push(`${label} ${phase}: the sealed pool ran dry ${run.sealedOverrun} times (repeated MsgIds)`);
  }
  for (const { label, stop, ledger, answered, unanswered } of fullRuns) {
    if (stop.drainCut) problems.push(`${label}: the queue was not worked off within the drain limit (BENCH_DRAIN_LIMIT_S); ${ledger.unhandled} left unhandled`);
    if (ledger.lost > 0) problems.push(`${label}: ${ledger.lost} callbacks answered 200 were not recorded`);
    if (ledger.handledTwice > 0) problems.push(`${label}: ${ledger.handledTwice} callbacks handled more than once`);
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
    return `| ${run.label} | ${fixed(m.requestsPerSec, 0)} | ${fixed(m.latencyMs.p50, 2)} | ${fixed(m.latencyMs.p99, 2)} | ${m.non2xx} | ${fixed(run.cpuMsPerCallback ?? NaN, 3)} |`;
  };
  const { machine: mc, settings: s } = r;
  const b = r.burst.measured;
  const bs = r.burst.stop;
  const l = r.burst.ledger;
  const fl = r.full.ledger;
  return [
    `POST /wecom/callback, loopback, ${s.connections} connections, ${s.durationS} s after ${s.warmupS} s warm-up;` +
      ` node ${mc.node}, ${mc.cpus} × ${mc.cpuModel}, ${mc.database}; load average ${(mc.loadAtStart ?? []).map((l) => l.toFixed(2)).join(' ')} at start, ${(mc.loadAtEnd ?? []).map((l) => l.toFixed(2)).join(' ')} at end`,
    '',
    '| target | req/s | p50 ms | p99 ms | non-2xx | CPU ms per callback |',
    '|---|--:|--:|--:|--:|--:|',
    row(r.full),
    row(r.durable),
    row(r.bare),
    `| full / durable floor | ${fixed(r.ratio.fullToDurable, 2)}× | | | | ${fixed(r.ratio.cpuFullToDurable ?? NaN, 2)}× |`,
    `| full / bare | ${fixed(r.ratio.fullToBare, 2)}× | | | | |`,
    '',
    'CPU ms per callback: the target process\'s CPU time over the measured run (the full path\'s includes the handlers and sends it ran meanwhile) per response; its ratio is the throughput the CPU cost alone allows, steadier than req/s on a shared machine.',
    '',
    `Burst: ${s.burstConnections} connections for ${s.burstS} s on the full path`,
    '',
    '| answered | req/s | p50 ms | p99 ms | max ms | > 5 s | 503 | no answer in 10 s | queued at end | drained in |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    `| ${b.responses} | ${fixed(b.requestsPerSec, 0)} | ${fixed(b.allLatencyMs.p50, 1)} | ${fixed(b.allLatencyMs.p99, 1)} | ${fixed(b.allLatencyMs.max, 0)} | ${b.slowerThan5s} | ${b.non2xx} | ${b.timeouts} | ${bs.waitingAtStop} | ${fixed(bs.drainMs / 1000, 1)} s${bs.drainCut ? ' (cut)' : ''} |`,
    '',
    'Every callback followed from its answer to its handling (keys answered 200 matched with the rows recorded and the handler runs):',
    '',
    '| run | answered 200 | recorded | recorded, no 200 seen | lost (200, not recorded) | handled once | handled twice | not handled | handled, not marked done | failed | acks > 5 s |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...[
      ['10 connections', fl],
      ['burst', l],
    ].map(([label, x]) => {
      const g = x as Ledger;
      return `| ${label as string} | ${g.acked} | ${g.recorded} | ${g.recordedNotAcked} | ${g.lost} | ${g.handledOnce} | ${g.handledTwice} | ${g.unhandled} | ${g.notFinished} | ${g.failed} | ${g.acksOver5s} |`;
    }),
    '',
    '| target | goal | measured | met |',
    '|---|---|---|---|',
    ...r.targets.map((t) => `| ${t.what} | ${t.target} | ${t.measured} | ${t.met ? 'yes' : 'NO'} |`),
  ].join('\n');
}
