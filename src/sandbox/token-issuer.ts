/**
 * access_tokens as WeCom hands them out (§4.1): asking again while one is valid returns the same
 * token with its remaining lifetime; expiry follows the injected clock.
 */
import { randomBytes } from 'node:crypto';

export type TokenCheck = 0 | 40014 | 41001 | 42001;

export class TokenIssuer {
  private readonly expiries = new Map<string, number>();
  private current: string | null = null;

  constructor(
    private readonly ttlS: number,
    private readonly clock: () => Date,
  ) {}

  issue(): { token: string; expiresIn: number } {
    const now = this.clock().getTime();
    const reusable = this.current !== null && (this.expiries.get(this.current) ?? 0) > now;
    if (!reusable) {
      this.current = randomBytes(48).toString('base64url');
      this.expiries.set(this.current, now + this.ttlS * 1000);
    }
    const token = this.current as string;
    const expiresIn = Math.ceil(((this.expiries.get(token) ?? now) - now) / 1000);
    return { token, expiresIn };
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return 41001;
    const expiresAt = this.expiries.get(token);
    if (expiresAt === undefined) return 40014;
    return expiresAt > this.clock().getTime() ? 0 : 42001;
  }

  /** Every issued token now answers 42001, as after WeCom invalidates them early. */
  expireAll(): void {
    const past = this.clock().getTime() - 1;
    for (const token of this.expiries.keys()) this.expiries.set(token, past);
    this.current = null;
  }
}
