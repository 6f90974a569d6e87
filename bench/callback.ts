/**
 * Benchmark of POST /wecom/callback. Four processes besides this one (the load generator): the
 * full path (the real app: verify, skew check, decrypt, parse, one INSERT into the handler queue,
 * 200; handlers and the outbox in the background), the WeCom simulator its replies go to, the
 * durable floor (verify + decrypt + one prepared INSERT of the dedupe row) and the bare reference
 * (verify + decrypt only). Then a burst: the full path under 200 connections for 20 s; its stop
 * works off the queue and counts that every recorded callback was handled once.
 *
 *   npm run bench:callback -- [--duration 10] [--connections 10] [--warmup 2] [--burst-connections 200] [--burst 20]
 *   DATABASE_URL=mariadb://root@127.0.0.1:3306/perfbot_burst npm run bench:callback   (drops that database's tables)
 *   BENCH_DRAIN_LIMIT_S=600   how long a full-path stop may work off its queue before the rest counts unhandled
 *   BENCH_CPU_PROFILE=/tmp/cb   each target writes /tmp/cb.<kind>.<pid>.cpuprofile of its runs (not of the drain)
 *
 * The full-path runs end with a ledger: every key answered 200 matched with the rows recorded and
 * the handler runs counted per row (lost, handled once, handled twice, not handled, acks > 5 s).
 *
 * Prints markdown tables to stdout, progress to stderr, writes bench/results/callback.json, and
 * exits 1 when the run was not valid (non-2xx at 10 connections, callbacks not handled once).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, type LoadResult } from './callback-load';
import { buildLedger, checkTargets, computeRatio, findProblems, formatMarkdown, type CallbackBenchReport, type Ledger, type TargetRun } from './callback-report';
import type { StopReport, TargetKind } from './callback-target';
import { sealCallbacks, SealedPool, type SealOptions } from './callback-traffic';
import type { FullAppStopReport } from './full-callback-app';
import { forkTarget } from './target-process';

const FROM = 'lihua';
const CONTENT = '帮助';
/** The sealed timestamps must stay inside the app's default 300 s skew window for the whole run. */
const MAX_DURATION_S = 240;
/** Callbacks sealed per warm-up second: more than either target answers on loopback here. */
const WARMUP_SEALED_PER_S = 40_000;
/** The measured pool holds this many times what the warm-up's busiest second would need. */
const POOL_HEADROOM = 2;
/** A floor on that rate: a slow warm-up (the full path on MariaDB) under-estimates the steady rate. */
const MIN_SEALED_PER_S = 12_000;
const RESULTS_FILE = path.resolve(__dirname, '..', '..', 'bench', 'results', 'callback.json');

interface Settings {
  durationS: number;
  warmupS: number;
  connections: number;
  burstConnections: number;
  burstS: number;
}

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '10' },
      'burst-connections': { type: 'string', default: '200' },
      burst: { type: 'string', default: '20' },
    },
  });
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  return {
    durationS: int('duration', values.duration, 1, MAX_DURATION_S),
    warmupS: int('warmup', values.warmup, 1, 60),
    connections: int('connections', values.connections, 1, 1000),
    burstConnections: int('burst-connections', values['burst-connections'], 1, 2000),
    burstS: int('burst', values.burst, 1, MAX_DURATION_S),
  };
}

const progress = (line: string) => process.stderr.write(`[bench:callback] ${line}\n`);
const traffic = (): SealOptions => ({ from: FROM, content: CONTENT, now: new Date() });

/** One sealed callback by fetch first, so that a rejected setup fails with the server's answer. */
async function probe(url: string, acked: Set<string>): Promise<void> {
  const [sealed] = sealCallbacks(1, traffic());
  const res = await fetch(url + sealed.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: sealed.body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`probe callback answered ${res.status}: ${text.slice(0, 200)}`);
  acked.add(sealed.key);
}

async function benchTarget(
  kind: TargetKind,
  label: string,
  s: { durationS: number; warmupS: number; connections: number; timeoutS?: number },
  env: Record<string, string> = {},
): Promise<{ run: TargetRun; stop: StopReport; ledger: Ledger | null; database: string | null }> {
  progress(`${label}: starting`);
  const target = await forkTarget(kind, env);
  let run: TargetRun;
  // The keys of every callback answered 2xx (probe, warm-up, run), for the full path's ledger.
  const acked = new Set<string>();
  try {
    await probe(target.url, acked);
    const warmPool = new SealedPool(sealCallbacks(s.warmupS * WARMUP_SEALED_PER_S, traffic()));
    progress(`${label}: warm-up ${s.warmupS} s (${warmPool.size} sealed)`);
    const warmup = await runLoad({ url: target.url, pool: warmPool, durationS: s.warmupS, connections: Math.min(s.connections, 10), acked });
    // Sized from the warm-up's busiest second: the JIT is still warming, so later seconds run faster.
    const perSecond = Math.max(warmup.requestsPerSecMax * POOL_HEADROOM, MIN_SEALED_PER_S);
    const size = Math.ceil(perSecond * s.durationS) + 100 * s.connections;
    const pool = new SealedPool(sealCallbacks(size, traffic()));
    progress(`${label}: measuring ${s.durationS} s at ${s.connections} connections (${pool.size} sealed)`);
    const cpuBefore = await target.cpuMs();
    const measured = await runLoad({ url: target.url, pool, durationS: s.durationS, connections: s.connections, timeoutS: s.timeoutS, acked });
    const cpuMs = (await target.cpuMs()) - cpuBefore;
    run = { label, warmup, measured, cpuMsPerCallback: measured.responses > 0 ? cpuMs / measured.responses : undefined };
    progress(`${label}: ${measured.requestsPerSec.toFixed(0)} req/s, p50 ${measured.latencyMs.p50.toFixed(2)} ms, p99 ${measured.allLatencyMs.p99.toFixed(2)} ms, ${(run.cpuMsPerCallback ?? NaN).toFixed(3)} CPU ms per callback`);
  } catch (err) {
    target.kill();
    throw err;
  }
  progress(`${label}: stopping`);
  const stop = await target.stop();
  let ledger: Ledger | null = null;
  if (stop && 'drainMs' in stop) {
    progress(`${label}: ${stop.waitingAtStop} queued at the end, ${stop.drainCut ? 'drain cut' : 'worked off'} after ${(stop.drainMs / 1000).toFixed(1)} s`);
    ledger = buildLedger(acked, stop.rows ?? [], run.measured);
    delete stop.rows; // thousands of keys: the ledger's counts are what the report keeps
    progress(
      `${label}: ${ledger.acked} answered 200, ${ledger.recorded} recorded, ${ledger.lost} lost, ${ledger.handledOnce} handled once, ` +
        `${ledger.handledTwice} twice, ${ledger.unhandled} not handled, ${ledger.notFinished} not marked done, ${ledger.acksOver5s} acks > 5 s`,
    );
  }
  return { run, stop, ledger, database: target.database };
}

const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const loadAtStart = loadavg();
  progress(`load average ${loadAtStart.join(' ')}`);
  const sim = await forkTarget('sim');
  const env = { BENCH_SIM_URL: sim.url };
  let messagesSent = 0;
  let full, durable, bare, burst;
  try {
    full = await benchTarget('full', 'full path (app)', settings, env);
    durable = await benchTarget('durable', 'durable floor (verify + decrypt + prepared INSERT)', settings);
    bare = await benchTarget('bare', 'bare (verify + decrypt)', settings);
    burst = await benchTarget('full', 'burst (full path)', { ...settings, durationS: settings.burstS, connections: settings.burstConnections, timeoutS: 10 }, env);
  } finally {
    const simStop = await sim.stop();
    if (simStop && 'messagesSent' in simStop) messagesSent = simStop.messagesSent;
  }
  const fullStop = full.stop as FullAppStopReport;
  const burstStop = burst.stop as FullAppStopReport;
  const cpus = os.cpus();
  const answered = (runs: LoadResult[]) => 1 + runs.reduce((n, r) => n + r.ok2xx, 0);
  const ratio = computeRatio(full.run, durable.run, bare.run);
  const partial = {
    full: { ...full.run, stop: fullStop, ledger: full.ledger! },
    burst: { ...burst.run, stop: burstStop, ledger: burst.ledger! },
    ratio,
  };
  const report: CallbackBenchReport = {
    when: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      database: full.database ?? 'unknown',
      loadAtStart,
      loadAtEnd: loadavg(),
    },
    settings: { ...settings, from: FROM, content: CONTENT },
    ...partial,
    durable: { ...durable.run, recorded: (durable.stop as { recorded: number }).recorded },
    bare: bare.run,
    messagesSent,
    targets: checkTargets(partial),
    problems: findProblems(
      [
        { label: 'full path', phase: 'warm-up', run: full.run.warmup },
        { label: 'full path', phase: 'run', run: full.run.measured },
        { label: 'durable floor', phase: 'run', run: durable.run.measured },
        { label: 'bare', phase: 'run', run: bare.run.measured },
        // Under the burst a fast 503 (not recorded, WeCom retries) is an allowed answer.
        { label: 'burst', phase: 'run', run: burst.run.measured, non2xxAllowed: true },
      ],
      [
        { label: 'full path', stop: fullStop, ledger: partial.full.ledger, answered: answered([full.run.warmup, full.run.measured]), unanswered: 2 * settings.connections },
        {
          label: 'burst',
          stop: burstStop,
          ledger: partial.burst.ledger,
          answered: answered([burst.run.warmup, burst.run.measured]),
          unanswered: 10 + settings.burstConnections + burst.run.measured.non2xx + burst.run.measured.errors,
        },
      ],
    ),
  };
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(formatMarkdown(report) + '\n');
  progress(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}`);
  if (report.problems.length > 0) {
    for (const p of report.problems) progress(`FAILED: ${p}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  progress(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
