/**
 * Who is reading an H5 page. In order: a signed, expiring viewer link (`?t=`, the sandbox and
 * tests); a WeCom OAuth2 code (`?code=`, exchanged with auth/getuserinfo); the short-lived signed
 * session cookie the code left behind (so a reload works after the single-use code is spent).
 * With none of them: against real WeCom, a redirect to the OAuth2 authorize URL; else 401.
 */
import { createHmac } from 'node:crypto';
import type { Context } from 'koa';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { viewerLink } from '../repositories/chat-lookup';
import type { WeComClient } from '../wecom/client';
import { WeComApiError } from '../wecom/errors';
import { signViewerToken, verifyViewerToken } from './auth';

export const H5_SCORECARD_PATH = '/h5/scorecard';
export const H5_COOKIE = 'perfbot_h5';
/** The session cookie after an OAuth login lives this long. */
export const H5_SESSION_TTL_MS = 2 * 3600 * 1000;
const OAUTH_STATE = 'perfbot';

export type Viewer =
  | { kind: 'user'; userId: string }
  | { kind: 'redirect'; url: string }
  | { kind: 'denied'; status: 401 | 403; message: string };

export interface H5AuthDeps {
  config: Config;
  wecom: WeComClient;
  clock: () => Date;
  logger: Logger;
}

/**
 * Card links go through OAuth only against real WeCom with a public URL (the redirect must land on
 * the app's trusted domain); otherwise they carry a signed viewer token.
 */
export function usesOAuth(config: Config): boolean {
  return !config.sandbox && Boolean(config.publicUrl);
}

/** WeCom's authorize URL (protocol §6), silent scope: WeCom sends the member back with ?code=. */
export function oauthAuthorizeUrl(config: Config, redirectUri: string, state = OAUTH_STATE): string {
  const q = `appid=${encodeURIComponent(config.wecom.corpId)}&redirect_uri=${encodeURIComponent(redirectUri)}&response_type=code&scope=snsapi_base&state=${state}&agentid=${config.wecom.agentId}`;
  return `https://open.weixin.qq.com/connect/oauth2/authorize?${q}#wechat_redirect`;
}

/** The detail page of `userId`'s `periodKey` for `viewerId`: an OAuth URL or a signed link. */
export function scorecardPageLink(config: Config, viewerId: string, userId: string, periodKey: string, now: Date): string {
  const params = { user: userId, period: periodKey };
  if (!usesOAuth(config)) return viewerLink(config, viewerId, H5_SCORECARD_PATH, params, now);
  const page = `${config.publicUrl!.replace(/\/+$/, '')}${H5_SCORECARD_PATH}?${new URLSearchParams(params).toString()}`;
  return oauthAuthorizeUrl(config, page);
}

/** Any H5 page (e.g. the ranking page) for `viewerId`: an OAuth URL or a signed link, as above. */
export function h5PageLink(config: Config, viewerId: string, path: string, params: Record<string, string>, now: Date): string {
  if (!usesOAuth(config)) return viewerLink(config, viewerId, path, params, now);
  return oauthAuthorizeUrl(config, `${config.publicUrl!.replace(/\/+$/, '')}${path}?${new URLSearchParams(params).toString()}`);
}

/** The cookie is signed with its own key, so it cannot be replayed as a viewer link or API token. */
function sessionSecret(config: Config): string {
  return createHmac('sha256', config.linkSecret).update('perfbot-h5-session').digest('hex');
}

export function signSessionCookie(config: Config, userId: string, now: Date): string {
  return signViewerToken(sessionSecret(config), userId, new Date(now.getTime() + H5_SESSION_TTL_MS));
}

export function readSessionCookie(config: Config, value: string | undefined, now: Date): string | null {
  return value ? verifyViewerToken(sessionSecret(config), value, now) : null;
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

export async function identifyViewer(ctx: Context, deps: H5AuthDeps): Promise<Viewer> {
  const { config } = deps;
  const now = deps.clock();
  const token = typeof ctx.query.t === 'string' ? ctx.query.t : '';
  if (token) {
    const userId = verifyViewerToken(config.linkSecret, token, now);
    return userId ? { kind: 'user', userId } : { kind: 'denied', status: 401, message: '链接无效或已过期，请从企业微信重新打开绩效卡片。' };
  }
  const code = typeof ctx.query.code === 'string' ? ctx.query.code : '';
  let failure: WeComApiError | null = null;
  if (code) {
    try {
      const who = await deps.wecom.getUserInfoByCode(code);
      if (who.userId) {
        setSession(ctx, config, who.userId, now);
        return { kind: 'user', userId: who.userId };
      }
      return { kind: 'denied', status: 403, message: '仅限本企业成员查看。' };
    } catch (err) {
      // A spent code (a reload) is normal: the session cookie below answers for it.
      if (!(err instanceof WeComApiError)) throw err;
      failure = err;
      deps.logger.info({ errcode: err.errcode }, 'h5: OAuth code not accepted; trying the session cookie');
    }
  }
  const session = readSessionCookie(config, ctx.cookies.get(H5_COOKIE), now);
  if (session) return { kind: 'user', userId: session };
  if (failure?.retryable) throw failure; // WeCom unreachable: the page answers 503, not "log in again"
  // After a failed code, never redirect again: a misconfigured app would loop forever.
  if (code) return { kind: 'denied', status: 401, message: '登录已失效，请从企业微信重新打开绩效卡片。' };
  if (!config.sandbox) return { kind: 'redirect', url: oauthAuthorizeUrl(config, cleanPageUrl(ctx, config)) };
  return { kind: 'denied', status: 401, message: '请从企业微信中的绩效卡片打开此页面（链接需带有效凭证）。' };
}
