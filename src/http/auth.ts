/**
 * Who is calling the HTTP API: an integration with a scoped API key (`Bearer pbk_…`, stored as a
 * SHA-256 hash), or a person with a signed, expiring viewer token (`Bearer pbu_…` or `?t=`): read-only,
 * and scoped to the one path and query its card links to.
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

/**
 * What a viewer link opens: one path with exactly these query parameters (the card's own link).
 * A link is read-only and opens nothing else, whoever the viewer is.
 */
export interface LinkScope {
  path: string;
  params: Record<string, string>;
}

function encodeScope(scope: LinkScope): string {
  const q = new URLSearchParams(Object.entries(scope.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
  return Buffer.from(`${scope.path}?${q}`).toString('base64url');
}

function decodeScope(encoded: string): LinkScope {
  const text = Buffer.from(encoded, 'base64url').toString('utf8');
  const at = text.indexOf('?');
  return { path: text.slice(0, at), params: Object.fromEntries(new URLSearchParams(text.slice(at + 1))) };
}

/** `pbu_<user>.<expiry>[.<scope>].<mac>`; without a scope it only names a person (the H5 session cookie). */
export function signViewerToken(secret: string, userId: string, expiresAt: Date, scope?: LinkScope): string {
  const body = `${Buffer.from(userId).toString('base64url')}.${Math.floor(expiresAt.getTime() / 1000)}${scope ? `.${encodeScope(scope)}` : ''}`;
  return `pbu_${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export interface ViewerToken {
  userId: string;
  scope: LinkScope | null;
}

export function verifyViewerToken(secret: string, token: string, now: Date): ViewerToken | null {
  const m = /^pbu_([A-Za-z0-9_-]+)\.(\d{1,12})(?:\.([A-Za-z0-9_-]+))?\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return null;
  const body = m[3] === undefined ? `${m[1]}.${m[2]}` : `${m[1]}.${m[2]}.${m[3]}`;
  const expected = Buffer.from(createHmac('sha256', secret).update(body).digest('base64url'));
  const given = Buffer.from(m[4]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(m[2]) * 1000 < now.getTime()) return null;
  return { userId: Buffer.from(m[1], 'base64url').toString('utf8'), scope: m[3] === undefined ? null : decodeScope(m[3]) };
}

/** True when the request asks for exactly what the link was made for (`t` itself aside). */
export function scopeAllows(scope: LinkScope | null, path: string, query: Record<string, unknown>): boolean {
  if (!scope || scope.path !== path) return false;
  const asked = Object.entries(query).filter(([k]) => k !== 't');
  if (asked.length !== Object.keys(scope.params).length) return false;
  return asked.every(([k, v]) => typeof v === 'string' && Object.hasOwn(scope.params, k) && scope.params[k] === v);
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
    const viewer = verifyViewerToken(linkSecret, bearer, now);
    if (!viewer) throw new AuthError(401, '链接无效或已过期，请从企业微信重新打开');
    // A viewer link is a card's link: it reads what the card shows and writes nothing.
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw new AuthError(403, '查看链接只能用于查看，不能写入或导入数据；导入请使用具有 imports:write 权限的 API key');
    if (!scopeAllows(viewer.scope, ctx.path, ctx.query)) throw new AuthError(403, '该链接只能查看卡片中的内容，请从企业微信卡片重新打开');
    return { kind: 'user', userId: viewer.userId };
  }
  throw new AuthError(401, '缺少凭证：请使用 Authorization: Bearer <API key>');
}
