/** The Koa app: WeCom callbacks, health and metrics. Feature routes (API, pages) mount here too. */
import Router from '@koa/router';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { countOutbox } from '../outbox/sender';
import { CallbackDeps, mountCallback } from '../wecom/callback';
import { createHealthProbe } from './health';

export interface HttpDeps {
  ds: DataSource;
  logger: Logger;
  metrics: Metrics;
  callback: CallbackDeps;
  /** /healthz answers 503 when the database has not answered within this (default 1.5 s). */
  healthTimeoutMs?: number;
  /** True once shutdown has begun: /healthz answers 503 and every response closes its connection. */
  draining?: () => boolean;
  /** Extra routes from features (API, pages). */
  mount?: (router: Router) => void;
}

export function createHttpApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: true });
  const router = new Router();

  mountCallback(router, '/wecom/callback', deps.callback);

  const health = createHealthProbe({ ds: deps.ds, logger: deps.logger, timeoutMs: deps.healthTimeoutMs, draining: deps.draining });
  router.get('/healthz', async (ctx) => {
    const { status, body } = await health();
    ctx.status = status;
    ctx.body = body;
  });

  router.get('/metrics', async (ctx) => {
    const counts = await countOutbox(deps.ds).catch(() => ({}) as Record<string, number>);
    for (const status of ['pending', 'sent', 'failed']) deps.metrics.outboxDepth.set({ status }, counts[status] ?? 0);
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });

  deps.mount?.(router);

  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      deps.logger.error({ err, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal_error' };
    }
    // While draining, each connection is closed after its response (also one whose request began
    // before shutdown), so a busy keep-alive client cannot hold the server open.
    if (deps.draining?.()) ctx.set('Connection', 'close');
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
