/**
 * The xlsx bomb against the import reader: a file of about 1.4 MB whose first sheet inflates to
 * about 330 MB (zip directory honest), and the same file with a lying directory. For each: how long
 * until it is refused, the process's peak RSS meanwhile (sampled every 5 ms, the worker thread
 * included) and the event loop's longest stall (what /healthz and callbacks would wait).
 *
 *   npm run bench:import-bomb
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import { ImportFailure } from '../src/import/import-failure';
import { readSheetOffThread } from '../src/import/sheet-worker-pool';
import { makeXlsxBomb } from './xlsx-bomb';

async function measure(label: string, file: Buffer): Promise<string> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
  loop.enable();
  const started = performance.now();
  let outcome: string;
  try {
    await readSheetOffThread(file, 'bomb.xlsx');
    outcome = 'read (not refused!)';
  } catch (err) {
    outcome = err instanceof ImportFailure ? `refused: ${err.message.slice(0, 40)}…` : `error: ${String(err)}`;
  }
  const ms = performance.now() - started;
  loop.disable();
  clearInterval(sampler);
  return `| ${label} | ${(file.length / 1048576).toFixed(2)} MB | ${ms.toFixed(0)} ms | ${(peakRss / 1048576).toFixed(0)} MB | ${(loop.max / 1e6).toFixed(1)} ms | ${outcome} |`;
}

async function main(): Promise<void> {
  const inflatedBytes = 330 * 1024 * 1024;
  const honest = makeXlsxBomb({ inflatedBytes, declare: 'honest' });
  const liar = makeXlsxBomb({ inflatedBytes, declare: 'lie' });
  const rows = [
    `xlsx bomb, sheet XML ${(inflatedBytes / 1048576).toFixed(0)} MB inflated; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    '| file | size | refused after | peak RSS | longest event-loop stall | outcome |',
    '|---|--:|--:|--:|--:|---|',
  ];
  // Twice each: the first includes starting the worker thread cold.
  for (const [label, file] of [['honest directory', honest], ['lying directory', liar]] as const) {
    await measure(label, file);
    rows.push(await measure(label, file));
  }
  process.stdout.write(rows.join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
