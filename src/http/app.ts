/** The Koa app: WeCom callbacks, health and metrics. Feature routes (API, pages) mount here too. */
import { createHash, timingSafeEqual } from 'node:crypto';
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
  /** GET /metrics wants `Authorization: Bearer <metricsToken>`; without a token it is not served. */
  metricsToken?: string;
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
    const refusal = metricsRefusal(deps.metricsToken, ctx.get('authorization'));
    if (refusal) {
      ctx.status = refusal.status;
      ctx.body = { error: refusal.status === 401 ? 'unauthorized' : 'not_found', message: refusal.message };
      return;
    }
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

/** Null when the scraper may read /metrics; compares digests so the check takes the same time for any guess. */
function metricsRefusal(token: string | undefined, authorization: string): { status: 401 | 404; message: string } | null {
  if (!token) return { status: 404, message: 'metrics are off: set PERFBOT_METRICS_TOKEN and scrape with Authorization: Bearer <token>' };
  const given = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] ?? '';
  const digest = (v: string) => createHash('sha256').update(v).digest();
  if (!timingSafeEqual(digest(given), digest(token))) return { status: 401, message: 'Authorization: Bearer <PERFBOT_METRICS_TOKEN> required' };
  return null;
}
