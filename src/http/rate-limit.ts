/**
 * A fixed-window counter per key (a client address) plus one for everyone, in memory, per instance.
 * Used where an unauthenticated request costs a WeCom API call (the detail page's OAuth code
 * exchange), so a stranger cannot spend the app's API quota that the pushes need.
 */
export interface RateLimits {
  perClient: number;
  global: number;
  windowMs: number;
}

type Window = { start: number; count: number };

export class ExchangeLimiter {
  private readonly clients = new Map<string, Window>();
  private global: Window = { start: 0, count: 0 };

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number,
  ) {}

  /** Counts one exchange for `client`; false (nothing counted) when the client or everyone is over the limit. */
  take(client: string): boolean {
    const t = this.now();
    if (t - this.global.start >= this.limits.windowMs) this.global = { start: t, count: 0 };
    let own = this.clients.get(client);
    if (!own || t - own.start >= this.limits.windowMs) {
      if (this.clients.size >= 10_000) this.prune(t); // bounded: a flood of addresses cannot grow the map for ever
      own = { start: t, count: 0 };
      this.clients.set(client, own);
    }
    if (own.count >= this.limits.perClient || this.global.count >= this.limits.global) return false;
    own.count += 1;
    this.global.count += 1;
    return true;
  }

  /** Seconds until the client may try again (for Retry-After). */
  retryAfterS(client: string): number {
    const t = this.now();
    const own = this.clients.get(client);
    const ends = [this.global.start + this.limits.windowMs, ...(own && own.count >= this.limits.perClient ? [own.start + this.limits.windowMs] : [])];
    return Math.max(1, Math.ceil((Math.max(...ends) - t) / 1000));
  }

  private prune(t: number): void {
    for (const [key, w] of this.clients) if (t - w.start >= this.limits.windowMs) this.clients.delete(key);
    if (this.clients.size >= 10_000) this.clients.clear();
  }
}
