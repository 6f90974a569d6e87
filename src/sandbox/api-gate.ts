/**
 * The middleware in front of every /cgi-bin/ endpoint: injected faults, access_token check,
 * per-API frequency limit, and the apiCalls record.
 */
import type { Context, Next } from 'koa';
import { HTTP_5XX_ERRCODE, NETWORK_ERRCODE } from '../wecom/errors';
import { normalisePath } from './faults';
import type { SimContext } from './sim-context';
import { answer, query } from './sim-http';

/** Sleeps that the simulator's close() can cut short, so no timer outlives the server. */
export class Sleeper {
  closed = false;
  private readonly pending = new Set<() => void>();

  /** Ends after ms, at close(), or as soon as `until` settles, whichever comes first. */
  sleep(ms: number, until?: Promise<void>): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pending.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pending.add(done);
      until?.then(done, done);
    });
  }

  close(): void {
    this.closed = true;
    [...this.pending].forEach((done) => done());
  }
}

export function apiGate(sim: SimContext, sleeper: Sleeper) {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (!ctx.path.startsWith('/cgi-bin/')) return next();
    const method = normalisePath(ctx.path);
    let gone = false;
    const clientGone = new Promise<void>((resolve) =>
      ctx.res.once('close', () => {
        gone = !ctx.res.writableFinished;
        if (gone) resolve();
      }),
    );
    const fault = sim.faults.take(method);

    if (fault.delayMs !== undefined && !fault.delayAfter) {
      await sleeper.sleep(fault.delayMs, clientGone);
      if (gone || sleeper.closed) {
        // The client gave up while we hung: like a lost request, nothing was handled.
        record(sim, method, NETWORK_ERRCODE, 0);
        ctx.respond = false;
        return;
      }
    }

    if (fault.http500) {
      ctx.status = 500;
      ctx.type = 'text/plain';
      ctx.body = 'Internal Server Error';
    } else if (fault.errcode !== undefined) {
      answer(ctx, fault.errcode, 'injected fault');
    } else {
      const tokenCheck = method === 'gettoken' ? 0 : sim.tokens.check(query(ctx, 'access_token'));
      if (tokenCheck !== 0) answer(ctx, tokenCheck, TOKEN_MESSAGES[tokenCheck]);
      else if (!sim.apiLimits.admit(method)) answer(ctx, 45009, 'api freq out of limit');
      else await next();
    }

    if (fault.delayMs !== undefined && fault.delayAfter) await sleeper.sleep(fault.delayMs);
    const body = ctx.body as { errcode?: unknown } | undefined;
    const errcode = fault.http500
      ? HTTP_5XX_ERRCODE
      : typeof body?.errcode === 'number'
        ? body.errcode
        : ctx.status >= 400 ? -ctx.status : 0;
    record(sim, method, gone ? NETWORK_ERRCODE : errcode, ctx.status);
  };
}

const TOKEN_MESSAGES: Record<number, string> = {
  40014: 'invalid access_token',
  41001: 'access_token missing',
  42001: 'access_token expired',
};

function record(sim: SimContext, method: string, errcode: number, httpStatus: number): void {
  sim.state.apiCalls.push({ method, errcode, httpStatus, time: sim.clock() });
  sim.logger?.debug({ method, errcode, httpStatus }, 'sandbox api call');
}
