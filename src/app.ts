/**
 * The composition root: config → logger → DataSource → WeCom client → outbox → bot → Koa → jobs.
 * start() and stop() give every part an explicit lifecycle; stop drains in-flight work first.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import cron, { ScheduledTask } from 'node-cron';
import { LoopHealth, startLoop } from './background';
import type { DataSource } from 'typeorm';
import { createBot } from '../bots';
import type { BotServices } from './bot/context';
import { Dispatcher } from './bot/dispatcher';
import type { Config } from './config';
import { createDataSource } from './data-source';
import { mountApi } from './http/api';
import { createHttpApp } from './http/app';
import { mountH5 } from './http/h5';
import { mountRanking } from './http/ranking';
import { mountTalentPage } from './http/talent-page';
import { mountOutcomesPage } from './http/outcomes-page';
import { runPullConnector } from './ingest/pull-connector';
import { PullConnector } from './entities';
import { syncOrg } from './jobs/org-sync';
import { JobScheduler } from './jobs/runner-scheduler';
import { createLogger, Logger } from './logger';
import { createMetrics, Metrics } from './metrics';
import { Outbox } from './outbox/outbox-service';
import { OutboxSender } from './outbox/sender';
import { seedKpiLibrary } from './repositories/metric-library';
import { WeComClient } from './wecom/client';
import { DbTokenStore } from './wecom/db-token-store';

export interface AppOptions {
  logger?: Logger;
  clock?: () => Date;
  /** Existing DataSource (tests); otherwise one is created from config and closed on stop. */
  ds?: DataSource;
  /** Sync the org from WeCom at start (default true). */
  syncOrgOnStart?: boolean;
  /** Re-dispatch callbacks a previous process left unfinished (default true). */
  recoverOnStart?: boolean;
  outboxPollMs?: number;
  outboxRetryBaseMs?: number;
  outboxLeaseMs?: number;
  wecomRetryBaseMs?: number;
  /** Schedule cron jobs and catch up missed firings at start (default true). */
  schedule?: boolean;
  /** How often unfinished callbacks are looked for (default 60 s). */
  recoverEveryMs?: number;
  /** How often the job scheduler looks for runs whose process died (default 60 s). */
  resumeEveryMs?: number;
  /** /healthz answers 503 when the database has not answered within this (default 1.5 s). */
  healthTimeoutMs?: number;
  /** How often a job run polls its outbox rows before reporting to HR (default outboxPollMs, else 1 s). */
  jobPollMs?: number;
}

export interface App {
  url: string;
  server: http.Server;
  ds: DataSource;
  logger: Logger;
  metrics: Metrics;
  wecom: WeComClient;
  outbox: Outbox;
  sender: OutboxSender;
  dispatcher: Dispatcher;
  services: BotServices;
  /** The job runner: `app.jobs.runJob(name, firedAt, { dryRun })`, `app.jobs.idle()`. */
  jobs: JobScheduler;
  /** Waits until in-flight handlers are done and the outbox has nothing due. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  const metrics = createMetrics({ defaultMetrics: !options.ds });
  const ownsDs = !options.ds;
  const ds = options.ds ?? createDataSource(config.database);
  if (!ds.isInitialized) await ds.initialize();
  const ran = await ds.runMigrations({ transaction: 'each' });
  if (ran.length > 0) logger.info({ migrations: ran.map((m) => m.name) }, 'database migrated');
  const seeded = await seedKpiLibrary(ds, clock());
  if (seeded > 0) logger.info({ metrics: seeded }, 'standard KPI library added');

  const wecom = new WeComClient({
    apiBase: config.wecom.apiBase,
    corpId: config.wecom.corpId,
    agentId: config.wecom.agentId,
    secret: config.wecom.secret,
    timeoutMs: config.wecom.timeoutMs,
    tokenStore: new DbTokenStore(ds, clock),
    logger: logger.child({ component: 'wecom' }),
    clock,
    retryBaseMs: options.wecomRetryBaseMs,
    onApiError: (method, errcode) => metrics.wecomApiErrors.inc({ method, errcode: String(errcode) }),
  });
  const outbox = new Outbox(ds, clock);
  const sender = new OutboxSender({
    ds,
    transport: wecom,
    logger: logger.child({ component: 'outbox' }),
    metrics,
    clock,
    ratePerMinute: config.outbox.ratePerMinute,
    maxAttempts: config.outbox.maxAttempts,
    pollMs: options.outboxPollMs,
    retryBaseMs: options.outboxRetryBaseMs,
    leaseMs: options.outboxLeaseMs,
  });
  outbox.onEnqueue(() => sender.notify());

  const services: BotServices = { ds, wecom, outbox, config, clock };
  const dispatcher = new Dispatcher({ bot: createBot(), services, logger: logger.child({ component: 'bot' }), metrics, ...config.callbacks });
  let draining = false;
  const koa = createHttpApp({
    ds,
    logger,
    metrics,
    metricsToken: config.metricsToken,
    healthTimeoutMs: options.healthTimeoutMs,
    draining: () => draining,
    callback: {
      keys: { token: config.wecom.token, encodingAESKey: config.wecom.encodingAESKey, receiveId: config.wecom.corpId },
      maxSkewS: config.callbackMaxSkewS,
      clock,
      dispatcher,
      logger: logger.child({ component: 'callback' }),
      metrics,
    },
    mount: (router) => {
      mountApi(router, { ds, config, clock, logger: logger.child({ component: 'api' }) });
      mountH5(router, { ds, config, clock, wecom, logger: logger.child({ component: 'h5' }) });
      mountRanking(router, { ds, config, clock, wecom, logger: logger.child({ component: 'h5' }) });
      mountTalentPage(router, { ds, config, clock, wecom, logger: logger.child({ component: 'talent-page' }) });
      mountOutcomesPage(router, { ds, config, clock, wecom, logger: logger.child({ component: 'outcomes-page' }) });
    },
  });
  const server = http.createServer(koa.callback());
  // Keep-alive past WeCom's and load balancers' idle timeouts, so connections are reused.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  sender.start();
  const recovery = new LoopHealth(logger.child({ component: 'bot' }), 'callback recovery', clock);
  if (options.recoverOnStart !== false) await recovery.run(() => dispatcher.recover());
  const runOrgSync = () =>
    syncOrg(ds, wecom, clock(), logger.child({ component: 'org-sync' })).catch((err: unknown) =>
      logger.error({ err }, 'org sync failed; the mirror keeps its last state'),
    );
  if (options.syncOrgOnStart !== false) await runOrgSync();
  const tasks: ScheduledTask[] = [];
  const loops: Array<{ stop(): Promise<void> }> = [];
  // The nightly org sync is a registry job now (org_sync): one instance runs it, a missed night is caught up.
  const jobs = new JobScheduler({
    services,
    logger: logger.child({ component: 'jobs' }),
    reportPollMs: options.jobPollMs ?? options.outboxPollMs,
    resumeEveryMs: options.resumeEveryMs,
  });
  if (options.schedule !== false) {
    jobs.start();
    void jobs.catchUp().catch((err: unknown) => logger.error({ err }, 'job catch-up failed'));
    loops.push(startLoop(recovery, options.recoverEveryMs ?? 60_000, () => dispatcher.recover()));
    for (const connector of await ds.getRepository(PullConnector).findBy({ enabled: true })) {
      const health = new LoopHealth(logger.child({ component: 'ingest' }), `pull connector ${connector.name}`, clock);
      const run = async () => {
        const fresh = await ds.getRepository(PullConnector).findOneBy({ id: connector.id, enabled: true }); // its cursor moves on every run
        if (fresh) await runPullConnector(ds, fresh, { now: clock, timeZone: config.timezone, logger });
      };
      tasks.push(cron.schedule(connector.schedule, () => void health.run(run), { timezone: config.timezone, noOverlap: true }));
    }
  }

  let stopped = false;
  const settle = async () => {
    for (;;) {
      await dispatcher.drain();
      await sender.idle();
      const sent = await sender.drain();
      // The background loop may have claimed a row just before drain() looked: wait for it too.
      await sender.idle();
      if (sent === 0 && dispatcher.pending === 0) return;
    }
  };
  return {
    url,
    server,
    ds,
    logger,
    metrics,
    wecom,
    outbox,
    sender,
    dispatcher,
    services,
    jobs,
    settle,
    async stop() {
      if (stopped) return;
      stopped = true;
      draining = true;
      dispatcher.stopIntake();
      tasks.forEach((t) => t.stop());
      await Promise.all(loops.map((l) => l.stop()));
      await jobs.stop();
      await closeServer(server);
      await dispatcher.drain();
      await sender.stop();
      if (ownsDs) await ds.destroy();
      logger.info('perfbot stopped');
    },
  };
}

/**
 * Stops listening and closes every connection once it is idle: idle ones now, busy ones right
 * after their response (which carries Connection: close while draining). server.close() alone
 * closes idle connections once, so a keep-alive connection busy at that moment would stay open.
 */
function closeServer(server: http.Server): Promise<void> {
  return new Promise<void>((resolve) => {
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
