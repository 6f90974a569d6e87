/**
 * Starts the real app (Koa on loopback, real database, real client) against the WeCom simulator,
 * wired both ways: the client calls the simulator's API, the simulator posts callbacks to the app.
 */
import { Writable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { App, AppOptions, startApp } from '../../src/app';
import { Config, loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import { startSimulator, Simulator, SimulatorOptions } from '../../src/sandbox/simulator';
import { openTestDatabase } from './db';
import { TEST_WECOM } from './simulator';

export { TEST_WECOM };

export interface Harness {
  app: App;
  sim: Simulator;
  ds: DataSource;
  config: Config;
  /** Every log line the app wrote, as parsed JSON. */
  logs: Array<Record<string, unknown>>;
  rawLogs: string[];
  /** Starts a second app process on the same database (a restart or another instance). */
  restart(options?: AppOptions): Promise<App>;
  close(): Promise<void>;
}

export function testConfig(simUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    WECOM_CORP_ID: TEST_WECOM.corpId,
    WECOM_AGENT_ID: String(TEST_WECOM.agentId),
    WECOM_SECRET: TEST_WECOM.secret,
    WECOM_TOKEN: TEST_WECOM.token,
    WECOM_ENCODING_AES_KEY: TEST_WECOM.encodingAESKey,
    WECOM_API_BASE: simUrl,
    // The production default. A shorter one trips on this loaded machine whenever synchronous
    // SQLite work holds the event loop past it: the send then counts as unanswered, is retried on
    // a back-off that the tests' frozen clocks never reach, and a run's report waits for it until
    // the test times out. Tests of time-outs set their own (slow-wecom, client).
    WECOM_API_TIMEOUT_MS: '5000',
    PORT: '0',
    LOG_LEVEL: 'debug',
    OUTBOX_RATE_PER_MIN: '60000',
    ...extra,
  });
}

export async function startHarness(
  opts: { org?: SimOrgSeed; sim?: Partial<SimulatorOptions>; app?: AppOptions; env?: Record<string, string> } = {},
): Promise<Harness> {
  const sim = await startSimulator({ ...TEST_WECOM, org: opts.org ?? DEMO_ORG, ...opts.sim });
  const ds = await openTestDatabase();
  const config = testConfig(sim.url, opts.env);
  const rawLogs: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        rawLogs.push(line);
        logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      cb();
    },
  });
  const logger = createLogger('debug', sink);
  const baseOptions: AppOptions = {
    ds,
    logger,
    schedule: false,
    outboxPollMs: 50,
    outboxRetryBaseMs: 20,
    wecomRetryBaseMs: 10,
    ...opts.app,
  };
  const apps: App[] = [];
  const launch = async (o: AppOptions = {}) => {
    const app = await startApp(config, { ...baseOptions, ...o });
    apps.push(app);
    sim.setCallbackUrl(`${app.url}/wecom/callback`);
    return app;
  };
  const app = await launch();
  return {
    app,
    sim,
    ds,
    config,
    logs,
    rawLogs,
    restart: launch,
    async close() {
      for (const a of apps) await a.stop();
      await sim.close();
      await ds.destroy();
    },
  };
}
