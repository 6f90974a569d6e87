/**
 * The full path: the real app (Koa, real database, dispatcher, outbox sender) wired to the WeCom
 * simulator, which runs in a process of its own (BENCH_SIM_URL) so that its work is not charged to
 * the app, with a fresh database: an SQLite file in a temp folder, or the MySQL/MariaDB database
 * named by DATABASE_URL (its tables dropped and migrated again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { App, startApp } from '../src/app';
import { Config, loadConfig } from '../src/config';
import { createDataSource } from '../src/data-source';
import { createLogger } from '../src/logger';
import { BENCH_WECOM } from './callback-traffic';

export interface FullApp {
  url: string;
  /** e.g. "sqlite 3.50.4 (better-sqlite3, WAL)" or "mysql 11.4.5-MariaDB". */
  database: string;
  /** Stops intake, drains in-flight handlers, stops the sender; then reports what was recorded. */
  stop(): Promise<FullAppStopReport>;
}

export interface FullAppStopReport {
  /** Handlers still in flight when stop began, and callbacks still waiting in the queue (drained by stop). */
  inFlightAtStop: number;
  waitingAtStop: number;
  /** Working off that backlog, then stopping. */
  drainMs: number;
  stopMs: number;
  /** Callback rows recorded, and how many of them were handled by the time stop returned. */
  recorded: number;
  handled: number;
  /** Handler runs counted by the app (perfbot_handler_seconds_count): once per callback. */
  handlerRuns: number;
  /** Handler runs per recorded callback, tallied: every row once, none twice. */
  handledOnce: number;
  handledTwice: number;
  /** The drain hit its bound (BENCH_DRAIN_LIMIT_S) with rows still waiting: those are counted unhandled. */
  drainCut: boolean;
  /** [dedupe key, status, handler runs] of every recorded row (the ledger; not written to the JSON). */
  rows?: Array<[string, string, number]>;
}

/** How long the stop may work off a backlog before it counts what is left as unhandled (default 10 min). */
const DRAIN_LIMIT_S = Number(process.env.BENCH_DRAIN_LIMIT_S ?? 600);
const DRAIN_PROGRESS_MS = 15_000;
const progress = (line: string) => process.stderr.write(`[bench:callback] ${line}\n`);

export function benchDatabaseConfig(): { database: Config['database']; cleanup: () => void } {
  const url = process.env.DATABASE_URL;
  if (url && /^(mysql|mariadb):/.test(url)) {
    return { database: { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') }, cleanup: () => undefined };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-bench-'));
  return {
    database: { type: 'sqlite', file: path.join(dir, 'perfbot.sqlite') },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export async function openBenchDatabase(database: Config['database']): Promise<DataSource> {
  const ds = createDataSource(database);
  await ds.initialize();
  if (database.type === 'mysql') await ds.dropDatabase();
  await ds.runMigrations();
  return ds;
}

export async function describeDatabase(ds: DataSource, database: Config['database']): Promise<string> {
  if (database.type === 'sqlite') {
    const [row] = (await ds.query('SELECT sqlite_version() AS v')) as Array<{ v: string }>;
    return `sqlite ${row.v} (better-sqlite3, WAL)`;
  }
  const [row] = (await ds.query('SELECT VERSION() AS v')) as Array<{ v: string }>;
  return `mysql ${row.v}`;
}

export async function startFullCallbackApp(simUrl: string): Promise<FullApp> {
  const { database, cleanup } = benchDatabaseConfig();
  const ds = await openBenchDatabase(database);
  const config = loadConfig({
    WECOM_CORP_ID: BENCH_WECOM.corpId,
    WECOM_AGENT_ID: String(BENCH_WECOM.agentId),
    WECOM_SECRET: BENCH_WECOM.secret,
    WECOM_TOKEN: BENCH_WECOM.token,
    WECOM_ENCODING_AES_KEY: BENCH_WECOM.encodingAESKey,
    WECOM_API_BASE: simUrl,
    PORT: '0',
    LOG_LEVEL: 'warn',
    // The replies of a burst are not what is measured: let the sender keep up with them.
    OUTBOX_RATE_PER_MIN: '100000',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  // 'warn' so that per-request log lines do not dominate the figures.
  const logger = createLogger('warn');
  const app: App = await startApp(config, { ds, logger, schedule: false, syncOrgOnStart: true });
  const description = await describeDatabase(ds, database);
  // Every handler run ends in exactly one finish() of its claim: counting those per key shows a
  // callback handled twice, which the rows' status alone cannot.
  const runs = new Map<string, number>();
  const queue = app.dispatcher.queue;
  const finish = queue.finish.bind(queue);
  queue.finish = (key, status, error) => {
    runs.set(key, (runs.get(key) ?? 0) + 1);
    return finish(key, status, error);
  };

  return {
    url: app.url,
    database: description,
    async stop() {
      const inFlightAtStop = app.dispatcher.pending;
      const waitingAtStop = await app.dispatcher.queue.waiting();
      const started = performance.now();
      try {
        // Work off what the run left queued, so that every recorded callback is counted handled;
        // bounded, with a progress line, so a slow machine still ends with counts.
        const drainCut = await boundedDrain(app, waitingAtStop);
        const drainMs = performance.now() - started;
        await app.stop();
        const stopMs = performance.now() - started;
        const all = (await ds.query('SELECT dedupe_key AS k, status AS s FROM inbound_callbacks')) as Array<{ k: string; s: string }>;
        const rows = all.map((r): [string, string, number] => [r.k, r.s, runs.get(r.k) ?? 0]);
        const recorded = rows.length;
        const handled = rows.filter((r) => r[1] === 'done').length;
        const handledOnce = rows.filter((r) => r[1] === 'done' && r[2] === 1).length;
        const handledTwice = rows.filter((r) => r[2] > 1).length;
        const counted = (await app.metrics.handlerSeconds.get()).values.filter((v) => v.metricName?.endsWith('_count'));
        const handlerRuns = counted.reduce((n, v) => n + v.value, 0);
        return { inFlightAtStop, waitingAtStop, drainMs, stopMs, recorded, handled, handlerRuns, handledOnce, handledTwice, drainCut, rows };
      } finally {
        await ds.destroy();
        cleanup();
      }
    },
  };
}

/** dispatcher.drain() within DRAIN_LIMIT_S; true when it was cut with rows still waiting. */
async function boundedDrain(app: App, waitingAtStart: number): Promise<boolean> {
  if (waitingAtStart > 0) progress(`draining ${waitingAtStart} queued callbacks (at most ${DRAIN_LIMIT_S} s)`);
  const started = performance.now();
  let last = waitingAtStart;
  const ticker = setInterval(() => {
    void app.dispatcher.queue.waiting().then(
      (n) => {
        const rate = (last - n) / (DRAIN_PROGRESS_MS / 1000);
        last = n;
        const eta = rate > 0 ? `, about ${Math.ceil(n / rate)} s to go` : '';
        progress(`draining: ${n} waiting after ${Math.round((performance.now() - started) / 1000)} s (${rate.toFixed(0)}/s${eta})`);
      },
      () => undefined,
    );
  }, DRAIN_PROGRESS_MS);
  let timer: NodeJS.Timeout | undefined;
  try {
    const cut = await Promise.race([
      app.dispatcher.drain().then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), DRAIN_LIMIT_S * 1000);
      }),
    ]);
    if (cut) progress(`drain cut after ${DRAIN_LIMIT_S} s (BENCH_DRAIN_LIMIT_S): what is still waiting is counted unhandled`);
    return cut;
  } finally {
    clearInterval(ticker);
    clearTimeout(timer);
  }
}
