/** The Koa app: WeCom callbacks, health and metrics. Feature routes (API, pages) mount here too. */
import Router from '@koa/router';
import Koa from 'koa';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { countOutbox } from '../outbox/sender';
import { CallbackDeps, mountCallback } from '../wecom/callback';

export interface HttpDeps {
  ds: DataSource;
  logger: Logger;
  metrics: Metrics;
  callback: CallbackDeps;
  /** Extra routes from features (API, pages). */
  mount?: (router: Router) => void;
}

export function createHttpApp(deps: HttpDeps): Koa {
  const app = new Koa({ proxy: true });
  const router = new Router();

  mountCallback(router, '/wecom/callback', deps.callback);

  router.get('/healthz', async (ctx) => {
    try {
      await deps.ds.query('SELECT 1');
      ctx.body = { status: 'ok', database: 'ok' };
    } catch (err) {
      deps.logger.error({ err }, 'health check: database unreachable');
      ctx.status = 503;
      ctx.body = { status: 'error', database: 'unreachable' };
    }
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
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
