/**
 * Who is reading an H5 page. In order: a signed, expiring viewer link (`?t=`, the sandbox and
 * tests); the short-lived signed session cookie an OAuth login left; a WeCom OAuth2 code (`?code=`,
 * exchanged with auth/getuserinfo) whose `state` matches the nonce cookie set when this page sent the
 * reader to WeCom, within a per-client and a global rate limit (429 beyond).
 * With none of them: against real WeCom, a redirect to the OAuth2 authorize URL; else 401.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { LINK_TTL_MS, viewerLink } from '../repositories/chat-lookup';
import type { WeComClient } from '../wecom/client';
import { WeComApiError } from '../wecom/errors';
import { scopeAllows, signViewerToken, verifyViewerToken } from './auth';
import type { ExchangeLimiter } from './rate-limit';

export const H5_SCORECARD_PATH = '/h5/scorecard';
export const H5_COOKIE = 'perfbot_h5';
/** The OAuth `state` nonce, set with the redirect to WeCom and checked when the reader comes back. */
export const H5_STATE_COOKIE = 'perfbot_oauth';
const STATE_TTL_MS = 10 * 60 * 1000;
/** The session cookie after an OAuth login lives this long. */
export const H5_SESSION_TTL_MS = 2 * 3600 * 1000;

export type Viewer =
  | { kind: 'user'; userId: string }
  | { kind: 'redirect'; url: string }
  | { kind: 'denied'; status: 401 | 403 | 429; message: string; retryAfterS?: number };

export interface H5AuthDeps {
  config: Config;
  wecom: WeComClient;
  clock: () => Date;
  logger: Logger;
  /** Bounds unauthenticated code exchanges (each one is a WeCom API call). */
  limiter: ExchangeLimiter;
}

/**
 * Card links go through OAuth only against real WeCom with a public URL (the redirect must land on
 * the app's trusted domain); otherwise they carry a signed viewer token.
 */
export function usesOAuth(config: Config): boolean {
  return !config.sandbox && Boolean(config.publicUrl);
}

/** WeCom's authorize URL (protocol §6), silent scope: WeCom sends the member back with ?code=. */
export function oauthAuthorizeUrl(config: Config, redirectUri: string, state: string): string {
  const q = `appid=${encodeURIComponent(config.wecom.corpId)}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_base&state=${state}&agentid=${config.wecom.agentId}`;
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${q}#wechat_redirect`;
}

/**
 * The detail page of `userId`'s `periodKey` for `viewerId`: the page itself on the public URL (it
 * sends the reader through OAuth with a fresh state nonce), or a signed link without OAuth.
 */
export function scorecardPageLink(config: Config, viewerId: string, userId: string, periodKey: string, now: Date): string {
  const params = { user: userId, period: periodKey };
  if (!usesOAuth(config)) return viewerLink(config, viewerId, H5_SCORECARD_PATH, params, now);
  return `${config.publicUrl!.replace(/\/+$/, '')}${H5_SCORECARD_PATH}?${new URLSearchParams(params).toString()}`;
}

/** Any H5 page (e.g. the ranking page) for `viewerId`: the page on the public URL (it signs the reader in), or a signed link. */
export function h5PageLink(config: Config, viewerId: string, path: string, params: Record<string, string>, now: Date): string {
  if (!usesOAuth(config)) return viewerLink(config, viewerId, path, params, now);
  return `${config.publicUrl!.replace(/\/+$/, '')}${path}?${new URLSearchParams(params).toString()}`;
}

/**
 * A link from one H5 page to another for the reader of the current one. A reader who came by a
 * signed link gets a new link signed for exactly that page (a card's link opens only its page); a
 * signed-in reader needs none (the session cookie).
 */
export function pageHref(ctx: Context, config: Config, viewerId: string, path: string, params: Record<string, string>, now: Date): string {
  const query = new URLSearchParams(params);
  if (typeof ctx.query.t === 'string' && ctx.query.t) {
    query.set('t', signViewerToken(config.linkSecret, viewerId, new Date(now.getTime() + LINK_TTL_MS), { path, params }));
  }
  return `${path}?${query.toString()}`;
}

/** The cookie is signed with its own key, so it cannot be replayed as a viewer link or API token. */
function sessionSecret(config: Config): string {
  return createHmac('sha256', config.linkSecret).update('perfbot-h5-session').digest('hex');
}

export function signSessionCookie(config: Config, userId: string, now: Date): string {
  return signViewerToken(sessionSecret(config), userId, new Date(now.getTime() + H5_SESSION_TTL_MS));
}

export function readSessionCookie(config: Config, value: string | undefined, now: Date): string | null {
  const session = value ? verifyViewerToken(sessionSecret(config), value, now) : null;
  return session && session.scope === null ? session.userId : null;
}

/** The page's own URL without credentials, for the OAuth redirect_uri. */
function cleanPageUrl(ctx: Context, config: Config): string {
  const params = new URLSearchParams();
  for (const name of ['user', 'period', 'department']) {
    const v = ctx.query[name];
    if (typeof v === 'string' && v) params.set(name, v);
  }
  const base = (config.publicUrl ?? `${ctx.protocol}://${ctx.host}`).replace(/\/+$/, ''); // Koa 3: ctx.origin is the Origin header
  const q = params.toString();
  return `${base}${ctx.path}${q ? `?${q}` : ''}`;
}

function setSession(ctx: Context, config: Config, userId: string, now: Date): void {
  ctx.cookies.set(H5_COOKIE, signSessionCookie(config, userId, now), {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.secure,
    path: '/h5',
    maxAge: H5_SESSION_TTL_MS,
    overwrite: true,
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LOGIN_AGAIN = '登录已失效，请从企业微信重新打开绩效卡片。';

export async function identifyViewer(ctx: Context, deps: H5AuthDeps): Promise<Viewer> {
  const { config } = deps;
  const now = deps.clock();
  const token = typeof ctx.query.t === 'string' ? ctx.query.t : '';
  if (token) {
    const link = verifyViewerToken(config.linkSecret, token, now);
    if (!link) return { kind: 'denied', status: 401, message: '链接无效或已过期，请从企业微信重新打开绩效卡片。' };
    // A card's link opens that card's page, nobody else's and no other period.
    if (!scopeAllows(link.scope, ctx.path, ctx.query)) return { kind: 'denied', status: 403, message: '该链接只能打开卡片对应的页面，请从企业微信卡片重新打开。' };
    return { kind: 'user', userId: link.userId };
  }
  // A signed-in reader (a reload, a spent code sent again) costs no WeCom call.
  const session = readSessionCookie(config, ctx.cookies.get(H5_COOKIE), now);
  if (session) return { kind: 'user', userId: session };
  const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
  if (code) return exchangeCode(ctx, deps, code, now);
  if (!config.sandbox) {
    const state = randomBytes(16).toString('base64url');
    ctx.cookies.set(H5_STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, path: '/h5', maxAge: STATE_TTL_MS, overwrite: true });
    return { kind: 'redirect', url: oauthAuthorizeUrl(config, cleanPageUrl(ctx, config), state) };
  }
  return { kind: 'denied', status: 401, message: '请从企业微信中的绩效卡片打开此页面（链接需带有效凭证）。' };
}

/**
 * The code is exchanged only when `state` is the nonce this browser was given, and within the
 * rate limits. After a failed code, never redirect again: a misconfigured app would loop forever.
 */
async function exchangeCode(ctx: Context, deps: H5AuthDeps, code: string, now: Date): Promise<Viewer> {
  const { config } = deps;
  const state = typeof ctx.query.state === 'string' ? ctx.query.state : '';
  const nonce = ctx.cookies.get(H5_STATE_COOKIE) ?? '';
  if (!nonce || !sameText(state, nonce)) {
    deps.logger.info('h5: OAuth state does not match the nonce cookie; code not exchanged');
    return { kind: 'denied', status: 401, message: LOGIN_AGAIN };
  }
  if (!deps.limiter.take(ctx.ip)) {
    deps.logger.warn({ client: ctx.ip }, 'h5: OAuth code exchanges over the rate limit');
    return { kind: 'denied', status: 429, message: '登录请求过于频繁，请稍后再从企业微信打开绩效卡片。', retryAfterS: deps.limiter.retryAfterS(ctx.ip) };
  }
  ctx.cookies.set(H5_STATE_COOKIE, null, { path: '/h5' }); // one nonce, one exchange
  try {
    const who = await deps.wecom.getUserInfoByCode(code);
    if (!who.userId) return { kind: 'denied', status: 403, message: '仅限本企业成员查看。' };
    setSession(ctx, config, who.userId, now);
    return { kind: 'user', userId: who.userId };
  } catch (err) {
    if (!(err instanceof WeComApiError)) throw err;
    if (err.retryable) throw err; // WeCom unreachable: the page answers 503, not "log in again"
    deps.logger.info({ errcode: err.errcode }, 'h5: OAuth code not accepted');
    return { kind: 'denied', status: 401, message: LOGIN_AGAIN };
  }
}

/** Pages carry people's scores and a credential in the URL: never cached, never referred on, nothing loaded from elsewhere. */
export function setPrivatePageHeaders(ctx: Context, o: { forms?: boolean; dataImages?: boolean } = {}): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.set('Referrer-Policy', 'no-referrer');
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline';${o.dataImages ? ' img-src data:;' : ''} base-uri 'none'; form-action ${o.forms ? "'self'" : "'none'"}`);
}
