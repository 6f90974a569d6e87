/**
 * The process under load, forked by bench/callback.ts: `node callback-target.js full|bare|durable|sim`
 * (sim: the WeCom simulator the full path sends its replies to, in a process of its own; the full
 * target finds it at BENCH_SIM_URL).
 * It runs apart from the load generator so that autocannon and the server under test do not share
 * one event loop (on a shared loop the generator's own work would be counted as server latency).
 *
 * IPC: the target sends {type:'ready', url, database}; on {type:'stop'} it stops cleanly, sends
 * {type:'stopped', report} and exits. Any failure is sent as {type:'failed', message}.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import { DEMO_ORG } from '../src/sandbox/demo-org';
import { startSimulator } from '../src/sandbox/simulator';
import { startBareCallbackServer } from './bare-callback-server';
import { BENCH_KEYS, BENCH_WECOM } from './callback-traffic';
import { startDurableCallbackServer } from './durable-callback-server';
import type { FullAppStopReport } from './full-callback-app';
import { startFullCallbackApp } from './full-callback-app';

export type TargetKind = 'full' | 'bare' | 'durable' | 'sim';

/** What a target says when it stops: the full path's report, rows recorded, or messages the simulator got. */
export type StopReport = FullAppStopReport | { recorded: number } | { messagesSent: number } | null;

export type TargetMessage =
  | { type: 'ready'; url: string; database: string | null }
  | { type: 'stopped'; report: StopReport }
  /** process.cpuUsage() in µs, asked for around a measured run: CPU per callback holds up on a busy machine. */
  | { type: 'cpu'; userUs: number; systemUs: number }
  | { type: 'failed'; message: string };

interface Running {
  url: string;
  database: string | null;
  stop(): Promise<StopReport>;
}

async function startTarget(kind: TargetKind): Promise<Running> {
  if (kind === 'full') {
    const simUrl = process.env.BENCH_SIM_URL;
    if (!simUrl) throw new Error('the full target needs BENCH_SIM_URL (the simulator process)');
    const app = await startFullCallbackApp(simUrl);
    return { url: app.url, database: app.database, stop: () => app.stop() };
  }
  if (kind === 'sim') {
    const sim = await startSimulator({ ...BENCH_WECOM, org: DEMO_ORG });
    return {
      url: sim.url,
      database: null,
      stop: async () => {
        const messagesSent = sim.sent.length;
        await sim.close();
        return { messagesSent };
      },
    };
  }
  if (kind === 'durable') {
    const server = await startDurableCallbackServer(BENCH_KEYS);
    return {
      url: server.url,
      database: server.database,
      stop: async () => {
        const recorded = await server.recorded();
        await server.close();
        return { recorded };
      },
    };
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

/**
 * BENCH_CPU_PROFILE=<file>: the target samples its own CPU from ready until stop is asked (the
 * measured runs, not the queue's drain) and writes a .cpuprofile there (open it in Chrome DevTools).
 */
async function startProfile(file: string): Promise<() => Promise<void>> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: object }>('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

function send(message: TargetMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  if (kind !== 'full' && kind !== 'bare' && kind !== 'durable' && kind !== 'sim') throw new Error(`target must be full, bare, durable or sim, not ${kind}`);
  if (!process.send) throw new Error('callback-target runs as a child of bench/callback.js (it needs an IPC channel)');
  const running = await startTarget(kind);
  const profileFile = process.env.BENCH_CPU_PROFILE;
  const stopProfile = profileFile && kind !== 'sim' ? await startProfile(`${profileFile}.${kind}.${process.pid}.cpuprofile`) : null;
  let stopping = false;
  process.on('message', (msg: { type?: string }) => {
    if (msg.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      void send({ type: 'cpu', userUs: user, systemUs: system });
      return;
    }
    if (msg.type !== 'stop' || stopping) return;
    stopping = true;
    (stopProfile ? stopProfile() : Promise.resolve())
      .then(() => running.stop())
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
