/**
 * The parent's side of bench/push-sim: forks it, waits for its URL, asks for its counts. Its log
 * lines (if any) go to our stderr, keeping stdout for the table.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

export interface SimStats {
  apiCalls: number;
  /** 'message/send 0' → count, per method and errcode. */
  byErrcode: Record<string, number>;
  sendCalls: number;
  sendOk: number;
  /** 45009 (rate) and 45033 (concurrency) answers, any API. */
  frequencyErrors: number;
  /** Messages that reached at least one member. */
  delivered: number;
  distinctRecipients: number;
  /** Deliveries silently dropped by the per-member limits. */
  dropped: number;
  /** Epoch ms of the first and last successful message/send. */
  firstSendAt: number | null;
  lastSendAt: number | null;
  busiestCalendarMinute: number;
  busiestSixtySeconds: number;
  /** Gaps between sends over twice the configured spacing (see push-sim.ts findStalls). */
  stalls: { count: number; lostMs: number; longestGapMs: number };
  /** The simulator process's CPU since it listened (its side, not ours). */
  simCpuMs: number;
}

export type PushSimRequest = { type: 'stats'; spacingMs: number } | { type: 'stop' };
export type PushSimMessage = { type: 'ready'; url: string } | { type: 'stats'; stats: SimStats } | { type: 'failed'; message: string };

export interface PushSim {
  url: string;
  /** `spacingMs`: the configured spacing between sends (60,000 / rate), to find the stalls. */
  stats(spacingMs: number): Promise<SimStats>;
  stop(): Promise<void>;
}

const TIMEOUT_MS = 120_000;

export async function forkPushSim(employees: number): Promise<PushSim> {
  const child = fork(path.join(__dirname, 'push-sim.js'), [String(employees)], { stdio: ['ignore', 2, 2, 'ipc'] });
  const next = <T extends PushSimMessage['type']>(type: T) =>
    new Promise<Extract<PushSimMessage, { type: T }>>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      const onMessage = (m: PushSimMessage) => {
        if (m.type === type) {
          done();
          resolve(m as Extract<PushSimMessage, { type: T }>);
        } else if (m.type === 'failed') {
          done();
          reject(new Error(`simulator process failed:\n${m.message}`));
        }
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`simulator process exited (code ${code}) before '${type}'`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`simulator process: no '${type}' within ${TIMEOUT_MS / 1000} s`));
      }, TIMEOUT_MS);
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  const ready = await next('ready').catch((err: unknown) => {
    kill();
    throw err;
  });
  return {
    url: ready.url,
    async stats(spacingMs) {
      const reply = next('stats');
      child.send({ type: 'stats', spacingMs } satisfies PushSimRequest);
      return (await reply).stats;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' } satisfies PushSimRequest);
      const timer = setTimeout(kill, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
