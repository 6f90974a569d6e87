/**
 * The whole sandbox in one call, for the browser tests, the README screenshots and the demo-data
 * benchmark: the simulator with the demo factory and the page, the real app wired to it with the
 * shared controllable clock, and the demo factory's history seeded. `npm start` does the same in
 * main.ts with the configured ports.
 */
import net from 'node:net';
import type { DataSource } from 'typeorm';
import { startApp, type App } from '../app';
import { loadConfig, SANDBOX_WECOM, type Config } from '../config';
import { createDataSource } from '../data-source';
import { createLogger, type Logger } from '../logger';
import { buildDemoFactory } from './demo-factory';
import { seedDemoData, type DemoSummary } from './demo-data';
import type { SandboxHooks } from './page-api';
import { SandboxClock } from './sandbox-clock';
import { CALLBACK_PATH } from './sandbox-mode';
import { startSimulator, type Simulator } from './simulator';

export interface DemoStack {
  sim: Simulator;
  app: App;
  ds: DataSource;
  config: Config;
  clock: SandboxClock;
  /** The page's address (the simulator's root). */
  pageUrl: string;
  summary: DemoSummary | null;
  stop(): Promise<void>;
}

export interface DemoStackOptions {
  /** sqlite:… or mariadb://…; a DataSource may be given instead. */
  databaseUrl?: string;
  ds?: DataSource;
  /** The simulated start instant (default: now). */
  start?: Date;
  /** Where the seeded history begins (default: two quarters back, as npm start); tests take less. */
  historySince?: Date;
  env?: Record<string, string>;
  logger?: Logger;
}

export async function startDemoStack(opts: DemoStackOptions): Promise<DemoStack> {
  const clock = new SandboxClock(opts.start);
  const logger = opts.logger ?? createLogger('warn');
  const hooks: SandboxHooks = { clock, timeZone: 'Asia/Shanghai' };
  const sim = await startSimulator({ ...SANDBOX_WECOM, org: buildDemoFactory(), sandbox: hooks, logger });
  try {
    // A real port, not 0: without PUBLIC_URL the cards' links name the app's configured port.
    const config = loadConfig({ WECOM_API_BASE: sim.url, PORT: String(await freePort()), DATABASE_URL: opts.databaseUrl, LOG_LEVEL: 'warn', OUTBOX_RATE_PER_MIN: '60000', ...opts.env });
    hooks.timeZone = config.timezone;
    const ds = opts.ds ?? createDataSource(config.database);
    const app = await startApp(config, { ds, logger, clock: clock.now, schedule: false, outboxPollMs: 100 });
    sim.setCallbackUrl(`${app.url}${CALLBACK_PATH}`);
    hooks.runJob = (name, firedAt) => app.jobs.runJob(name, firedAt);
    const summary = await seedDemoData(ds, clock.now(), config.timezone, { since: opts.historySince });
    return {
      sim, app, ds, config, clock, summary, pageUrl: `${sim.url}/`,
      async stop() {
        await app.stop();
        await sim.close();
        if (ds.isInitialized) await ds.destroy();
      },
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
