/**
 * Fault injection for the simulated API: the next N calls to a path answer an errcode (or HTTP 500
 * for HTTP_5XX_ERRCODE), or hang before (or after) being handled.
 */
import { HTTP_5XX_ERRCODE } from '../wecom/errors';

export interface DelayOptions {
  /** Handle the call first, then hang: the client times out although WeCom acted (a duplicate risk). */
  afterHandling?: boolean;
}

export interface FaultDecision {
  errcode?: number;
  /** True when the injected errcode means "answer HTTP 500". */
  http500?: boolean;
  delayMs?: number;
  delayAfter?: boolean;
}

interface Pending<T> {
  value: T;
  remaining: number;
}

/** Accepts 'message/send', '/cgi-bin/message/send' or 'cgi-bin/message/send'. */
export function normalisePath(path: string): string {
  return path.replace(/^\/+/, '').replace(/^cgi-bin\//, '').replace(/\?.*$/, '');
}

export class FaultPlan {
  private readonly failures = new Map<string, Pending<number>[]>();
  private readonly delays = new Map<string, Pending<{ ms: number; after: boolean }>[]>();

  failNext(path: string, errcode: number, times = 1): void {
    push(this.failures, normalisePath(path), { value: errcode, remaining: times });
  }

  delayNext(path: string, ms: number, times = 1, options: DelayOptions = {}): void {
    push(this.delays, normalisePath(path), { value: { ms, after: options.afterHandling ?? false }, remaining: times });
  }

  /** Consumes at most one failure and one delay planned for this path. */
  take(path: string): FaultDecision {
    const errcode = shift(this.failures, path);
    const delay = shift(this.delays, path);
    return {
      errcode,
      http500: errcode === HTTP_5XX_ERRCODE,
      delayMs: delay?.ms,
      delayAfter: delay?.after,
    };
  }
}

function push<T>(map: Map<string, Pending<T>[]>, key: string, entry: Pending<T>): void {
  if (entry.remaining < 1) return;
  map.set(key, [...(map.get(key) ?? []), entry]);
}

function shift<T>(map: Map<string, Pending<T>[]>, key: string): T | undefined {
  const queue = map.get(key);
  const head = queue?.[0];
  if (!queue || !head) return undefined;
  head.remaining -= 1;
  if (head.remaining <= 0) queue.shift();
  return head.value;
}
