/** Prometheus metrics, one registry per app instance so tests can run several side by side. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  callbacks: Counter<'outcome'>;
  handlerSeconds: Histogram<'route'>;
  handlerErrors: Counter<'route'>;
  outboxDepth: Gauge<'status'>;
  outboxDelivered: Counter<'outcome'>;
  wecomApiErrors: Counter<'method' | 'errcode'>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'perfbot_' });
  return {
    registry,
    callbacks: new Counter({
      name: 'perfbot_callbacks_total',
      help: 'WeCom callbacks by outcome (accepted, duplicate, busy, closed, bad_signature, bad_payload, too_large, error)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    handlerSeconds: new Histogram({
      name: 'perfbot_handler_seconds',
      help: 'Time spent in a bot handler',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    handlerErrors: new Counter({
      name: 'perfbot_handler_errors_total',
      help: 'Bot handler failures',
      labelNames: ['route'],
      registers: [registry],
    }),
    outboxDepth: new Gauge({
      name: 'perfbot_outbox_depth',
      help: 'Outbox messages by status (sampled at scrape)',
      labelNames: ['status'],
      registers: [registry],
    }),
    outboxDelivered: new Counter({
      name: 'perfbot_outbox_delivered_total',
      help: 'Outbox deliveries by outcome (sent, retry, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    wecomApiErrors: new Counter({
      name: 'perfbot_wecom_api_errors_total',
      help: 'Failed WeCom API attempts by method and errcode',
      labelNames: ['method', 'errcode'],
      registers: [registry],
    }),
  };
}
