/**
 * Where access_tokens live between calls. The production store is database-backed so that all
 * instances share one token (gettoken is rate-limited); this in-memory one serves tests and the
 * sandbox. Keys are `${corpId}:${agentId}`.
 */

export interface StoredToken {
  token: string;
  /** The instant after which the token must not be used (already includes a safety margin). */
  expiresAt: Date;
}

export interface TokenStore {
  get(key: string): Promise<StoredToken | null>;
  set(key: string, token: string, expiresAt: Date): Promise<void>;
  /** Clears the entry only if it still holds `token`, so a fresher token fetched meanwhile survives. */
  invalidate(key: string, token: string): Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  private readonly entries = new Map<string, StoredToken>();

  async get(key: string): Promise<StoredToken | null> {
    const entry = this.entries.get(key);
    return entry ? { token: entry.token, expiresAt: new Date(entry.expiresAt.getTime()) } : null;
  }

  async set(key: string, token: string, expiresAt: Date): Promise<void> {
    this.entries.set(key, { token, expiresAt: new Date(expiresAt.getTime()) });
  }

  async invalidate(key: string, token: string): Promise<void> {
    if (this.entries.get(key)?.token === token) this.entries.delete(key);
  }
}

export function tokenStoreKey(corpId: string, agentId: number | string): string {
  return `${corpId}:${agentId}`;
}
