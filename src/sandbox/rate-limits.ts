/**
 * WeCom's frequency limits (§4.6), by the injected clock. Per member: 30/min and 1000/h, excess
 * silently dropped. Per API: a per-minute ceiling answered with 45009.
 */

export interface SimLimits {
  perUserPerMinute: number;
  perUserPerHour: number;
  perApiPerMinute: number;
}

export const DEFAULT_LIMITS: SimLimits = { perUserPerMinute: 30, perUserPerHour: 1000, perApiPerMinute: 10_000 };

const MINUTE = 60_000;
const HOUR = 3_600_000;

export class MemberRateLimiter {
  /** Delivery instants per member, pruned to the last hour. */
  private readonly deliveries = new Map<string, number[]>();

  constructor(
    private readonly limits: SimLimits,
    private readonly clock: () => Date,
  ) {}

  /**
   * Counts a delivery to `userid` unless a window is full. Dropped messages do not count, since
   * WeCom never delivered them (unconfirmed, but the only reading that keeps the windows finite).
   */
  admit(userid: string): 'ok' | 'per_member_minute' | 'per_member_hour' {
    const now = this.clock().getTime();
    const recent = (this.deliveries.get(userid) ?? []).filter((t) => t > now - HOUR);
    const lastMinute = recent.filter((t) => t > now - MINUTE).length;
    this.deliveries.set(userid, recent);
    if (lastMinute >= this.limits.perUserPerMinute) return 'per_member_minute';
    if (recent.length >= this.limits.perUserPerHour) return 'per_member_hour';
    recent.push(now);
    return 'ok';
  }
}

export class ApiRateLimiter {
  private readonly counts = new Map<string, { minute: number; count: number }>();

  constructor(
    private readonly limits: SimLimits,
    private readonly clock: () => Date,
  ) {}

  /** False when this call exceeds the per-minute ceiling of its API (fixed calendar minutes). */
  admit(method: string): boolean {
    const minute = Math.floor(this.clock().getTime() / MINUTE);
    const entry = this.counts.get(method);
    const next = entry && entry.minute === minute ? { minute, count: entry.count + 1 } : { minute, count: 1 };
    this.counts.set(method, next);
    return next.count <= this.limits.perApiPerMinute;
  }
}
