/** The access_token cache in the database, so every instance shares one token. */
import type { DataSource } from 'typeorm';
import { WecomToken } from '../entities';
import type { StoredToken, TokenStore } from './token-store';

export class DbTokenStore implements TokenStore {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async get(key: string): Promise<StoredToken | null> {
    const row = await this.ds.getRepository(WecomToken).findOneBy({ key });
    return row ? { token: row.token, expiresAt: row.expiresAt } : null;
  }

  async set(key: string, token: string, expiresAt: Date): Promise<void> {
    await this.ds.getRepository(WecomToken).upsert({ key, token, expiresAt, updatedAt: this.clock() }, ['key']);
  }

  async invalidate(key: string, token: string): Promise<void> {
    await this.ds.getRepository(WecomToken).delete({ key, token });
  }
}
