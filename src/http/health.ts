/**
 * /healthz answers within a bound whatever the database does: a frozen database (a query that
 * never returns) is a 503 after `timeoutMs`, not a hung request. One probe at a time, so a load
 * balancer polling a frozen database does not pile up queries on the pool; while draining for
 * shutdown it answers 503 so the balancer stops sending here.
 */
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';

export type Health = { status: 200 | 503; body: { status: 'ok' | 'error' | 'draining'; database: 'ok' | 'unreachable' | 'timeout' | 'unknown' } };

export interface HealthProbeOptions {
  ds: DataSource;
  logger: Logger;
  /** How long a probe may take before the answer is 503 (default 1.5 s). */
  timeoutMs?: number;
  /** True once shutdown has begun. */
  draining?: () => boolean;
}

export function createHealthProbe(o: HealthProbeOptions): () => Promise<Health> {
  let inFlight: Promise<'ok' | 'unreachable'> | null = null;
  let lastLogged: 'ok' | 'unreachable' | 'timeout' = 'ok';
  const note = (state: 'ok' | 'unreachable' | 'timeout', err?: unknown) => {
    // One line per change of state, not one per poll.
    if (state === lastLogged) return;
    lastLogged = state;
    if (state === 'ok') o.logger.warn('health check: database answers again');
    else o.logger.error({ err, state }, 'health check: database not answering');
  };
  return async () => {
    if (o.draining?.()) return { status: 503, body: { status: 'draining', database: 'unknown' } };
    inFlight ??= o.ds
      .query('SELECT 1')
      .then(() => 'ok' as const, (err: unknown) => {
        note('unreachable', err);
        return 'unreachable' as const;
      })
      .finally(() => {
        inFlight = null;
      });
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), o.timeoutMs ?? 1500);
    });
    const state = await Promise.race([inFlight, bound]).finally(() => clearTimeout(timer));
    if (state === 'ok') {
      note('ok');
      return { status: 200, body: { status: 'ok', database: 'ok' } };
    }
    if (state === 'timeout') note('timeout');
    return { status: 503, body: { status: 'error', database: state } };
  };
}
