/**
 * Spaces calls evenly at a configured rate per minute. Even spacing (not bursts) keeps us under
 * WeCom's per-minute limits at every instant and makes the throughput predictable.
 */
export class RateLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    ratePerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.intervalMs = 60_000 / ratePerMinute;
  }

  /** Resolves when the caller may make its call; callers are served in order. */
  async acquire(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await this.sleep(slot - now);
  }
}
