/**
 * Benchmark of POST /wecom/callback: the full path (the real app: verify, skew check, decrypt,
 * receive id, parse, dedupe insert, 200; dispatch and outbox in the background to the simulator)
 * against a bare reference (node:http doing only parse + verify + decrypt), driven with the same
 * pre-sealed traffic on loopback.
 *
 *   npm run bench:callback -- [--duration 10] [--connections 10] [--warmup 2]
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/test npm run bench:callback   (drops that database's tables)
 *
 * Prints a markdown table to stdout, progress to stderr, writes bench/results/callback.json, and
 * exits 1 when any response was not 2xx (or the run was otherwise not valid).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runLoad, type LoadResult } from './callback-load';
import { computeRatio, findProblems, formatMarkdown, type CallbackBenchReport, type TargetRun } from './callback-report';
import type { TargetKind } from './callback-target';
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
const MIN_SEALED_PER_S = 5_000;
const RESULTS_FILE = path.resolve(__dirname, '..', '..', 'bench', 'results', 'callback.json');

interface Settings {
  durationS: number;
  warmupS: number;
  connections: number;
}

function readSettings(argv: string[]): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '10' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '10' },
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
  };
}

const progress = (line: string) => process.stderr.write(`[bench:callback] ${line}\n`);
const traffic = (): SealOptions => ({ from: FROM, content: CONTENT, now: new Date() });

/** One sealed callback by fetch first, so that a rejected setup fails with the server's answer. */
async function probe(url: string): Promise<void> {
  const [sealed] = sealCallbacks(1, traffic());
  const res = await fetch(url + sealed.path, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: sealed.body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`probe callback answered ${res.status}: ${text.slice(0, 200)}`);
}

async function benchTarget(
  kind: TargetKind,
  label: string,
  s: Settings,
): Promise<{ run: TargetRun; stop: FullAppStopReport | null; database: string | null }> {
  progress(`${label}: starting`);
  const target = await forkTarget(kind);
  let run: TargetRun;
  try {
    await probe(target.url);
    const warmPool = new SealedPool(sealCallbacks(s.warmupS * WARMUP_SEALED_PER_S, traffic()));
    progress(`${label}: warm-up ${s.warmupS} s (${warmPool.size} sealed)`);
    const warmup = await runLoad({ url: target.url, pool: warmPool, durationS: s.warmupS, connections: s.connections });
    // Sized from the warm-up's busiest second: the JIT is still warming, so later seconds run faster.
    const perSecond = Math.max(warmup.requestsPerSecMax * POOL_HEADROOM, MIN_SEALED_PER_S);
    const size = Math.ceil(perSecond * s.durationS) + 100 * s.connections;
    const pool = new SealedPool(sealCallbacks(size, traffic()));
    progress(`${label}: measuring ${s.durationS} s (${pool.size} sealed)`);
    const measured = await runLoad({ url: target.url, pool, durationS: s.durationS, connections: s.connections });
    progress(`${label}: ${measured.requestsPerSec.toFixed(0)} req/s, p50 ${measured.latencyMs.p50.toFixed(2)} ms`);
    run = { label, warmup, measured };
  } catch (err) {
    target.kill();
    throw err;
  }
  progress(`${label}: stopping`);
  const stop = await target.stop();
  if (stop) progress(`${label}: stopped in ${(stop.stopMs / 1000).toFixed(1)} s (${stop.inFlightAtStop} handlers in flight)`);
  return { run, stop, database: target.database };
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2));
  const full = await benchTarget('full', 'full path (app)', settings);
  const bare = await benchTarget('bare', 'bare (parse + verify + decrypt)', settings);
  const fullStop = full.stop!;
  const both: LoadResult[] = [full.run.warmup, full.run.measured];
  const cpus = os.cpus();
  const report: CallbackBenchReport = {
    when: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      database: full.database ?? 'unknown',
    },
    settings: { ...settings, from: FROM, content: CONTENT },
    full: { ...full.run, stop: fullStop },
    bare: bare.run,
    ratio: computeRatio(full.run.measured, bare.run.measured),
    problems: findProblems(
      [
        { label: 'full path', phase: 'warm-up', run: full.run.warmup },
        { label: 'full path', phase: 'run', run: full.run.measured },
        { label: 'bare', phase: 'warm-up', run: bare.run.warmup },
        { label: 'bare', phase: 'run', run: bare.run.measured },
      ],
      {
        stop: fullStop,
        // The probe, plus every 200 autocannon counted; each run may cut off one request per connection.
        answered: 1 + both.reduce((n, r) => n + r.ok2xx, 0),
        unanswered: both.length * settings.connections,
      },
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
