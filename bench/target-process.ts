/**
 * The target under load in a child process of its own (bench/callback-target), so that the load
 * generator and the server under test do not share an event loop; the child's log lines go to our
 * stderr, keeping stdout for the table.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { StopReport, TargetKind, TargetMessage } from './callback-target';

/** The full path's stop works off the queue a burst left (bounded by BENCH_DRAIN_LIMIT_S, default 600 s), then stops. */
const STOP_TIMEOUT_MS = (Number(process.env.BENCH_DRAIN_LIMIT_S ?? 600) + 180) * 1000;
const START_TIMEOUT_MS = 60_000;

export interface Target {
  url: string;
  database: string | null;
  stop(): Promise<StopReport>;
  /** The target's CPU time so far (user + system), in ms. */
  cpuMs(): Promise<number>;
  kill(): void;
}

/** Forks the target and waits until it listens; stop() asks it to stop cleanly and waits for its report. */
export async function forkTarget(kind: TargetKind, env: Record<string, string> = {}): Promise<Target> {
  const child = fork(path.join(__dirname, 'callback-target.js'), [kind], { stdio: ['ignore', 2, 2, 'ipc'], env: { ...process.env, ...env } });
  const next = <T extends TargetMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<TargetMessage, { type: T }>>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: TargetMessage) => {
        if (m.type === type) {
          done();
          resolve(m as Extract<TargetMessage, { type: T }>);
        } else if (m.type === 'failed') {
          done();
          reject(new Error(`${kind} target failed:\n${m.message}`));
        }
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`${kind} target exited (code ${code}) before '${type}'`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${kind} target: no '${type}' within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const ready = await next('ready', START_TIMEOUT_MS).catch((err: unknown) => {
    kill();
    throw err;
  });
  return {
    url: ready.url,
    database: ready.database,
    kill,
    async cpuMs() {
      const answer = next('cpu', START_TIMEOUT_MS);
      child.send({ type: 'cpu' });
      const { userUs, systemUs } = await answer;
      return (userUs + systemUs) / 1000;
    },
    async stop() {
      const stopped = next('stopped', STOP_TIMEOUT_MS);
      child.send({ type: 'stop' });
      try {
        return (await stopped).report;
      } catch (err) {
        kill();
        throw err;
      }
    },
  };
}
