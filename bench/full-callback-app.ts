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
import { InboundCallback } from '../src/entities';
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
}

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

  return {
    url: app.url,
    database: description,
    async stop() {
      const inFlightAtStop = app.dispatcher.pending;
      const waitingAtStop = await app.dispatcher.queue.waiting();
      const started = performance.now();
      try {
        // Work off what the run left queued, so that every recorded callback is counted handled.
        await app.dispatcher.drain();
        const drainMs = performance.now() - started;
        await app.stop();
        const stopMs = performance.now() - started;
        const repo = ds.getRepository(InboundCallback);
        const recorded = await repo.count();
        const handled = await repo.countBy({ status: 'done' });
        const runs = (await app.metrics.handlerSeconds.get()).values.filter((v) => v.metricName?.endsWith('_count'));
        const handlerRuns = runs.reduce((n, v) => n + v.value, 0);
        return { inFlightAtStop, waitingAtStop, drainMs, stopMs, recorded, handled, handlerRuns };
      } finally {
        await ds.destroy();
        cleanup();
      }
    },
  };
}
