/**
 * Who is calling the HTTP API: an integration with a scoped API key (`Bearer pbk_…`, stored as a
 * SHA-256 hash), or a person with a signed, expiring viewer token (`Bearer pbu_…` or `?t=`).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { DataSource, IsNull } from 'typeorm';
import { ApiKey, ApiScope } from '../entities/api-key.entity';

export const API_SCOPES: readonly ApiScope[] = ['records:write', 'imports:write', 'scorecards:read', 'metrics:read'];

export type Principal = { kind: 'apikey'; id: number; name: string; scopes: ApiScope[] } | { kind: 'user'; userId: string };

export function actorOf(p: Principal): string {
  return p.kind === 'apikey' ? `apikey:${p.name}` : `user:${p.userId}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Creates a key; the plaintext is returned once and never stored. */
export async function createApiKey(ds: DataSource, name: string, scopes: ApiScope[], now: Date): Promise<{ key: string; id: number }> {
  const unknown = scopes.filter((s) => !API_SCOPES.includes(s));
  if (unknown.length > 0 || scopes.length === 0) throw new Error(`scopes must be some of ${API_SCOPES.join(', ')}`);
  const key = `pbk_${randomBytes(24).toString('base64url')}`;
  const res = await ds.getRepository(ApiKey).insert({ name, prefix: key.slice(0, 10), hash: hashApiKey(key), scopes, createdAt: now, lastUsedAt: null, revokedAt: null });
  return { key, id: res.identifiers[0].id as number };
}

export function signViewerToken(secret: string, userId: string, expiresAt: Date): string {
  const body = `${Buffer.from(userId).toString('base64url')}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `pbu_${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export function verifyViewerToken(secret: string, token: string, now: Date): string | null {
  const m = /^pbu_([A-Za-z0-9_-]+)\.(\d{1,12})\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return null;
  const body = `${m[1]}.${m[2]}`;
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('base64url'));
  const given = Buffer.from(m[3]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(m[2]) * 1000 < now.getTime()) return null;
  return Buffer.from(m[1], 'base64url').toString('utf8');
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Resolves the caller or throws AuthError(401); `scope` is required of API keys. */
export async function authenticate(ctx: Context, ds: DataSource, linkSecret: string, now: Date, scope: ApiScope): Promise<Principal> {
  const header = ctx.get('authorization');
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? (typeof ctx.query.t === 'string' ? ctx.query.t : '');
  if (bearer.startsWith('pbk_')) {
    const key = await ds.getRepository(ApiKey).findOneBy({ hash: hashApiKey(bearer), revokedAt: IsNull() });
    if (!key) throw new AuthError(401, 'API key 无效或已吊销');
    if (!key.scopes.includes(scope)) throw new AuthError(403, `该 API key 没有 ${scope} 权限`);
    await ds.getRepository(ApiKey).update({ id: key.id }, { lastUsedAt: now });
    return { kind: 'apikey', id: key.id, name: key.name, scopes: key.scopes };
  }
  if (bearer.startsWith('pbu_')) {
    const userId = verifyViewerToken(linkSecret, bearer, now);
    if (!userId) throw new AuthError(401, '链接无效或已过期，请从企业微信重新打开');
    return { kind: 'user', userId };
  }
  throw new AuthError(401, '缺少凭证：请使用 Authorization: Bearer <API key>');
}
