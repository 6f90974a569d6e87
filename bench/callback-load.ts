/**
 * One autocannon run against a target, each request taking the next pre-sealed callback. Latency
 * is also recorded here at microsecond resolution: autocannon's histogram counts whole
 * milliseconds, too coarse for a reference that answers in about one.
 */
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { SealedPool } from './callback-traffic';

export interface LoadOptions {
  url: string;
  pool: SealedPool;
  durationS: number;
  connections: number;
  /** A request not answered within this counts as a timeout (autocannon's default is 10 s). */
  timeoutS?: number;
  /** When given, the key of every callback answered 2xx is added to it (the burst's ledger). */
  acked?: Set<string>;
}

export interface LoadResult {
  durationS: number;
  connections: number;
  /** Mean of the per-second request counts (autocannon's Req/Sec average). */
  requestsPerSec: number;
  /** The busiest second. */
  requestsPerSecMax: number;
  /** Responses received, all statuses. */
  responses: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency of the 2xx responses, in milliseconds. */
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  /** Latency of every response whatever its status (a fast 503 is an answer too), in milliseconds. */
  allLatencyMs: { p50: number; p99: number; max: number };
  /** Responses that took longer than WeCom's 5 s deadline. */
  slowerThan5s: number;
  /** The first 100 responses slower than 5 s: seconds into the run when each was answered, and its latency. */
  slowAcks: Array<{ atS: number; ms: number }>;
  /** autocannon's own whole-millisecond percentiles, for comparison with its CLI output. */
  autocannonLatencyMs: { p50: number; p99: number };
  sealedUsed: number;
  sealedOverrun: number;
}

export function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const micros = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 });
  const all = createHistogram({ lowest: 1, highest: 600_000_000, figures: 3 });
  let slowerThan5s = 0;
  const slowAcks: LoadResult['slowAcks'] = [];
  const started = performance.now();
  const acked = opts.acked;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.durationS,
        timeout: opts.timeoutS ?? 10,
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        requests: [
          {
            // One request in flight per connection (no pipelining): its context holds the key until the answer.
            setupRequest: (req, context: { key?: string }) => {
              const sealed = opts.pool.next();
              context.key = sealed.key;
              req.path = sealed.path;
              req.body = sealed.body;
              return req;
            },
            onResponse: acked
              ? (status: number, _body: string, context: { key?: string }) => {
                  if (status >= 200 && status < 300 && context.key) acked.add(context.key);
                }
              : undefined,
          },
        ],
      },
      (err, result) => {
        if (err) {
          reject(err);
          return;
        }
        const ms = (us: number) => us / 1000;
        resolve({
          durationS: result.duration,
          connections: result.connections,
          requestsPerSec: result.requests.average,
          requestsPerSecMax: result.requests.max,
          responses: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
          ok2xx: result['2xx'],
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          latencyMs: {
            mean: ms(micros.mean),
            p50: ms(micros.percentile(50)),
            p90: ms(micros.percentile(90)),
            p99: ms(micros.percentile(99)),
            max: ms(micros.max),
          },
          allLatencyMs: { p50: ms(all.percentile(50)), p99: ms(all.percentile(99)), max: ms(all.max) },
          slowerThan5s,
          slowAcks,
          autocannonLatencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
          sealedUsed: opts.pool.used,
          sealedOverrun: opts.pool.overrun,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      const us = Math.max(1, Math.round(responseTime * 1000));
      all.record(us);
      if (responseTime > 5000) {
        slowerThan5s++;
        if (slowAcks.length < 100) slowAcks.push({ atS: Math.round(performance.now() - started) / 1000, ms: Math.round(responseTime) });
      }
      if (statusCode >= 200 && statusCode < 300) micros.record(us);
    });
  });
}
