/**
 * The bench's verdict as a compact markdown table (pasted into the README as printed) and as the
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
  settings: { durationS: number; warmupS: number; connections: number; from: string; content: string };
  full: TargetRun & { stop: FullAppStopReport };
  bare: TargetRun;
  ratio: { throughput: number; p50: number; p99: number };
  problems: string[];
}

export function computeRatio(full: LoadResult, bare: LoadResult): CallbackBenchReport['ratio'] {
  return {
    throughput: full.requestsPerSec / bare.requestsPerSec,
    p50: full.latencyMs.p50 / bare.latencyMs.p50,
    p99: full.latencyMs.p99 / bare.latencyMs.p99,
  };
}

/** Why the figures cannot be quoted; empty when the run is valid. */
export function findProblems(
  runs: Array<{ label: string; run: LoadResult; phase: string }>,
  full: { stop: FullAppStopReport; answered: number; unanswered: number },
): string[] {
  const problems: string[] = [];
  for (const { label, run, phase } of runs) {
    if (run.non2xx > 0) problems.push(`${label} ${phase}: ${run.non2xx} non-2xx responses`);
    if (run.errors > 0) problems.push(`${label} ${phase}: ${run.errors} connection errors (${run.timeouts} timeouts)`);
    if (run.sealedOverrun > 0) {
      problems.push(`${label} ${phase}: the sealed pool ran dry ${run.sealedOverrun} times (repeated MsgIds)`);
    }
  }
  // Each 200 is one recorded callback; requests cut off when a run ends may be recorded unanswered.
  const { recorded, handled } = full.stop;
  if (recorded < full.answered || recorded > full.answered + full.unanswered) {
    problems.push(
      `full path: ${recorded} callbacks recorded for ${full.answered} answered 200 (at most ${full.unanswered} cut off)`,
    );
  }
  if (handled !== recorded) problems.push(`full path: ${recorded - handled} of ${recorded} callbacks not handled`);
  return problems;
}

const fixed = (n: number, digits: number) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function formatMarkdown(r: CallbackBenchReport): string {
  const row = (run: TargetRun) => {
    const m = run.measured;
    return `| ${run.label} | ${fixed(m.requestsPerSec, 0)} | ${fixed(m.latencyMs.p50, 2)} | ${fixed(m.latencyMs.p99, 2)} | ${m.non2xx} |`;
  };
  const { machine: mc, settings: s } = r;
  return [
    `POST /wecom/callback, loopback, ${s.connections} connections, ${s.durationS} s after ${s.warmupS} s warm-up;` +
      ` node ${mc.node}, ${mc.cpus} × ${mc.cpuModel}, ${mc.database}`,
    '',
    '| target | req/s | p50 ms | p99 ms | non-2xx |',
    '|---|--:|--:|--:|--:|',
    row(r.full),
    row(r.bare),
    `| full / bare | ${fixed(r.ratio.throughput, 2)}× | ${fixed(r.ratio.p50, 2)}× | ${fixed(r.ratio.p99, 2)}× | |`,
  ].join('\n');
}
