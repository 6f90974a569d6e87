/**
 * The process under load, forked by bench/callback.ts: `node callback-target.js full|bare`.
 * It runs apart from the load generator so that autocannon and the server under test do not share
 * one event loop (on a shared loop the generator's own work would be counted as server latency).
 *
 * IPC: the target sends {type:'ready', url, database}; on {type:'stop'} it stops cleanly, sends
 * {type:'stopped', report} and exits. Any failure is sent as {type:'failed', message}.
 */
import type { FullAppStopReport } from './full-callback-app';
import { startBareCallbackServer } from './bare-callback-server';
import { BENCH_KEYS } from './callback-traffic';
import { startFullCallbackApp } from './full-callback-app';

export type TargetKind = 'full' | 'bare';

export type TargetMessage =
  | { type: 'ready'; url: string; database: string | null }
  | { type: 'stopped'; report: FullAppStopReport | null }
  | { type: 'failed'; message: string };

interface Running {
  url: string;
  database: string | null;
  stop(): Promise<FullAppStopReport | null>;
}

async function startTarget(kind: TargetKind): Promise<Running> {
  if (kind === 'full') {
    const app = await startFullCallbackApp();
    return { url: app.url, database: app.database, stop: () => app.stop() };
  }
  const server = await startBareCallbackServer(BENCH_KEYS);
  return {
    url: server.url,
    database: null,
    stop: async () => {
      await server.close();
      return null;
    },
  };
}

function send(message: TargetMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind !== 'full' && kind !== 'bare') throw new Error(`target must be full or bare, not ${kind}`);
  if (!process.send) throw new Error('callback-target runs as a child of bench/callback.js (it needs an IPC channel)');
  const running = await startTarget(kind);
  process.once('message', (msg: { type?: string }) => {
    if (msg.type !== 'stop') return;
    running
      .stop()
      .then((report) => send({ type: 'stopped', report }))
      .then(() => process.exit(0))
      .catch(fail);
  });
  await send({ type: 'ready', url: running.url, database: running.database });
}

function fail(err: unknown): void {
  const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
  const done = () => process.exit(1);
  if (process.send) process.send({ type: 'failed', message } satisfies TargetMessage, done);
  else {
    console.error(message);
    done();
  }
}

main().catch(fail);
