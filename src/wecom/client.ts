/**
 * The WeCom server API client: access_token caching (shared store, single-flight refresh), retries
 * with backoff for transient failures, one token refresh on token errcodes, typed errors.
 * Never logs the access_token or the secret.
 */
import axios, { AxiosInstance, AxiosRequestConfig } from 'axios';
import type { Logger } from 'pino';
import { redactUrl } from '../logger';
import {
  HTTP_5XX_ERRCODE,
  NETWORK_ERRCODE,
  RETRYABLE_ERRCODES,
  TIMEOUT_ERRCODE,
  TOKEN_ERRCODES,
  TOO_LARGE_ERRCODE,
  WeComApiError,
} from './errors';
import type {
  ApiResponse, DepartmentListResponse, DownloadedMedia, GetTokenResponse, GetUserInfoResponse, MediaType,
  OutboundMessage, SendMessageResponse, SendResult, UpdateTemplateCardInput, UpdateTemplateCardResponse,
  UploadedMedia, UploadMediaResponse, UserIdentity, UserListResponse, WeComDepartment, WeComUser,
} from './api-types';
import { tokenStoreKey, type TokenStore } from './token-store';

export interface WeComClientOptions {
  apiBase: string;
  corpId: string;
  agentId: number;
  secret: string;
  timeoutMs: number;
  tokenStore: TokenStore;
  logger: Logger;
  clock?: () => Date;
  maxAttempts?: number;
  retryBaseMs?: number;
  onApiError?: (method: string, errcode: number) => void;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; errcode: number; errmsg: string };
interface RawResponse { status: number; contentType: string; disposition: string; body: Buffer }

/**
 * Calls that change something at WeCom: a time-out may hide a call that was carried out, so the
 * client never repeats them on a time-out (a second message/send is a second message). The outbox
 * decides: it re-sends only with WeCom's duplicate check, and counts the rest as "result unknown".
 */
// media/upload is not here: a repeated upload only leaves an unused temporary media (WeCom drops it
// after 3 days) and reaches nobody, so a dropped keep-alive socket or a slow answer is retried.
const NOT_IDEMPOTENT = new Set(['message/send', 'message/update_template_card']);
/** Failures that prove the request never reached the server. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A token is dropped this long before WeCom's expiry, so "expiring within 5 min" == "past expiresAt". */
const TOKEN_SAFETY_S = 300;
const MAX_BACKOFF_MS = 30_000;
/** WeCom's largest media (a file) is 20 MB; media/get never downloads more by default. */
export const MEDIA_MAX_BYTES = 20 * 1024 * 1024;

export class WeComClient {
  private readonly http: AxiosInstance;
  private readonly key: string;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly retryBaseMs: number;
  private tokenFetch: Promise<string> | null = null;

  constructor(private readonly opts: WeComClientOptions) {
    this.http = axios.create({
      baseURL: opts.apiBase.replace(/\/+$/, ''),
      timeout: opts.timeoutMs,
      responseType: 'arraybuffer',
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.key = tokenStoreKey(opts.corpId, opts.agentId);
    this.clock = opts.clock ?? (() => new Date());
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
    this.retryBaseMs = opts.retryBaseMs ?? 500;
  }

  async sendMessage(msg: OutboundMessage): Promise<SendResult> {
    const { touser, toparty, totag, ...rest } = msg;
    const data = { ...rest, agentid: this.opts.agentId, touser: touser.join('|'), toparty: toparty?.join('|'), totag: totag?.join('|') };
    const res = await this.callJson<SendMessageResponse>('message/send', { method: 'POST', data });
    return { msgId: res.msgid, responseCode: res.response_code || undefined, invalidUsers: splitIds(res.invaliduser) };
  }

  async updateTemplateCard(input: UpdateTemplateCardInput): Promise<{ invalidUsers: string[] }> {
    const data = {
      userids: input.userids,
      agentid: this.opts.agentId,
      response_code: input.responseCode,
      ...(input.button ? { button: { replace_name: input.button.replaceName } } : { template_card: input.templateCard }),
    };
    const res = await this.callJson<UpdateTemplateCardResponse>('message/update_template_card', { method: 'POST', data });
    return { invalidUsers: splitIds(res.invaliduser) };
  }

  /** WeCom wants the part named `media`; the filename becomes the name users see. */
  async uploadMedia(type: MediaType, filename: string, data: Buffer, contentType: string): Promise<UploadedMedia> {
    const res = await this.callJson<UploadMediaResponse>('media/upload', () => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(data)], { type: contentType }), filename);
      return { method: 'POST', params: { type }, data: form };
    });
    if (!res.media_id) throw new WeComApiError('media/upload', HTTP_5XX_ERRCODE, 'answer without media_id');
    const seconds = Number(res.created_at);
    return { mediaId: res.media_id, createdAt: Number.isFinite(seconds) ? new Date(seconds * 1000) : this.clock() };
  }

  /**
   * Binary on success. An error is a JSON body with an errcode and no attachment name: a member's
   * .txt arrives as text/plain and is a file, not an error. Over `maxBytes` the download stops
   * (errcode TOO_LARGE_ERRCODE, not retried).
   */
  async getMedia(mediaId: string, maxBytes = MEDIA_MAX_BYTES): Promise<DownloadedMedia> {
    return this.call('media/get', () => ({ method: 'GET', params: { media_id: mediaId }, maxContentLength: maxBytes }), (raw) => {
      const filename = parseFilename(raw.disposition);
      if (!filename && /json|text\/plain/i.test(raw.contentType)) {
        const parsed = parseJson<ApiResponse>(raw);
        if (!parsed.ok && parsed.errcode !== HTTP_5XX_ERRCODE) return parsed; // WeCom's {"errcode":…}
        if (parsed.ok) return { ok: false, errcode: HTTP_5XX_ERRCODE, errmsg: 'JSON where media was expected' };
      }
      return { ok: true, value: { data: raw.body, contentType: raw.contentType, filename } };
    });
  }

  async listDepartments(): Promise<WeComDepartment[]> {
    return (await this.callJson<DepartmentListResponse>('department/list', { method: 'GET' })).department ?? [];
  }

  async listUsers(departmentId: number): Promise<WeComUser[]> {
    const res = await this.callJson<UserListResponse>('user/list', { method: 'GET', params: { department_id: departmentId } });
    return res.userlist ?? [];
  }

  /** auth/getuserinfo answers lowercase userid/openid; the legacy capitalised names are accepted too. */
  async getUserInfoByCode(code: string): Promise<UserIdentity> {
    const res = await this.callJson<GetUserInfoResponse & { UserId?: string; OpenId?: string }>('auth/getuserinfo', { method: 'GET', params: { code } });
    return { userId: res.userid ?? res.UserId, openId: res.openid ?? res.OpenId };
  }

  /** The cached token, or a fresh one; concurrent callers share a single in-flight gettoken. */
  async getAccessToken(): Promise<string> {
    const cached = await this.opts.tokenStore.get(this.key);
    if (cached && cached.expiresAt.getTime() > this.clock().getTime()) return cached.token;
    this.tokenFetch ??= this.fetchToken().finally(() => { this.tokenFetch = null; });
    return this.tokenFetch;
  }

  private async fetchToken(): Promise<string> {
    const config: AxiosRequestConfig = { method: 'GET', url: '/cgi-bin/gettoken', params: { corpid: this.opts.corpId, corpsecret: this.opts.secret } };
    const res = await this.retrying('gettoken', () => this.attempt(config, parseJson<GetTokenResponse>));
    if (!res.access_token) throw new WeComApiError('gettoken', HTTP_5XX_ERRCODE, 'answer without access_token');
    const ttlS = res.expires_in ?? 7200;
    const expiresAt = new Date(this.clock().getTime() + Math.max(ttlS - TOKEN_SAFETY_S, ttlS / 2) * 1000);
    await this.opts.tokenStore.set(this.key, res.access_token, expiresAt);
    this.opts.logger.info({ expiresAt: expiresAt.toISOString() }, 'wecom access_token refreshed');
    return res.access_token;
  }

  private callJson<T extends ApiResponse>(method: string, config: AxiosRequestConfig | (() => AxiosRequestConfig)): Promise<T> {
    const build = typeof config === 'function' ? config : () => config;
    return this.call(method, build, parseJson<T>);
  }

  private async call<T>(method: string, build: () => AxiosRequestConfig, parse: (raw: RawResponse) => Outcome<T>): Promise<T> {
    let token = await this.getAccessToken();
    const once = () => {
      const config = build();
      return this.attempt({ ...config, url: `/cgi-bin/${method}`, params: { ...config.params, access_token: token } }, parse);
    };
    return this.retrying(method, once, async () => {
      await this.opts.tokenStore.invalidate(this.key, token);
      token = await this.getAccessToken();
    });
  }

  /** Retries transient failures with backoff; on a token errcode refreshes once (not counted as an attempt). */
  private async retrying<T>(method: string, once: () => Promise<Outcome<T>>, refreshToken?: () => Promise<void>): Promise<T> {
    let attempts = 0;
    let refreshed = false;
    for (;;) {
      const out = await once();
      if (out.ok) return out.value;
      this.opts.onApiError?.(method, out.errcode);
      this.opts.logger.warn({ method, errcode: out.errcode, errmsg: redactUrl(out.errmsg), attempt: attempts + 1 }, 'wecom api call failed');
      if (refreshToken && !refreshed && TOKEN_ERRCODES.has(out.errcode)) {
        refreshed = true;
        await refreshToken();
        continue;
      }
      attempts += 1;
      const blindRetryUnsafe = out.errcode === TIMEOUT_ERRCODE && NOT_IDEMPOTENT.has(method);
      if (RETRYABLE_ERRCODES.has(out.errcode) && !blindRetryUnsafe && attempts < this.maxAttempts) {
        await sleep(this.backoffMs(attempts));
        continue;
      }
      throw toApiError(method, out.errcode, out.errmsg);
    }
  }

  private async attempt<T>(config: AxiosRequestConfig, parse: (raw: RawResponse) => Outcome<T>): Promise<Outcome<T>> {
    try {
      // timeout is an idle-socket timer in Node; the signal bounds the whole exchange.
      const res = await this.http.request<ArrayBuffer>({ ...config, signal: AbortSignal.timeout(this.opts.timeoutMs) });
      const raw: RawResponse = {
        status: res.status,
        contentType: String(res.headers['content-type'] ?? ''),
        disposition: String(res.headers['content-disposition'] ?? ''),
        body: Buffer.from(res.data ?? new ArrayBuffer(0)),
      };
      if (raw.status >= 500) return { ok: false, errcode: HTTP_5XX_ERRCODE, errmsg: `HTTP ${raw.status}` };
      if (raw.status >= 300) {
        const parsed = parseJson<ApiResponse>(raw);
        if (!parsed.ok && parsed.errcode !== HTTP_5XX_ERRCODE) return parsed;
        // A 3xx/4xx without a WeCom errcode is not WeCom talking (proxy, wrong base URL):
        // report it as -status, which no retry list contains.
        return { ok: false, errcode: -raw.status, errmsg: `HTTP ${raw.status}` };
      }
      return parse(raw);
    } catch (err) {
      const e = err as { code?: string; message?: string; cause?: { code?: string } };
      if (/maxContentLength/.test(e.message ?? '')) return { ok: false, errcode: TOO_LARGE_ERRCODE, errmsg: e.message ?? 'too large' };
      const code = e.code ?? e.cause?.code;
      const errcode = code && NEVER_SENT_CODES.has(code) ? NETWORK_ERRCODE : TIMEOUT_ERRCODE;
      const what = errcode === TIMEOUT_ERRCODE ? 'no answer in time (WeCom may have acted)' : 'not sent';
      return { ok: false, errcode, errmsg: `${what}: ${code ?? 'network error'}: ${redactUrl(e.message ?? '')}` };
    }
  }

  private backoffMs(attempt: number): number {
    const base = Math.min(this.retryBaseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return base / 2 + Math.random() * base;
  }
}

function parseJson<T extends ApiResponse>(raw: RawResponse): Outcome<T> {
  let body: unknown;
  try {
    body = JSON.parse(raw.body.toString('utf8'));
  } catch {
    return { ok: false, errcode: HTTP_5XX_ERRCODE, errmsg: `HTTP ${raw.status} with a non-JSON body` };
  }
  const errcode = (body as Partial<ApiResponse> | null)?.errcode;
  if (typeof errcode !== 'number') return { ok: false, errcode: HTTP_5XX_ERRCODE, errmsg: 'JSON body without errcode' };
  if (errcode !== 0) return { ok: false, errcode, errmsg: String((body as ApiResponse).errmsg ?? '') };
  return { ok: true, value: body as T };
}

function toApiError(method: string, errcode: number, errmsg: string): WeComApiError {
  if (method === 'gettoken' && errcode === 40001) return new WeComApiError(method, errcode, `invalid secret: WECOM_SECRET is wrong (use the app's own secret); ${errmsg}`);
  if (method === 'gettoken' && errcode === 40013) return new WeComApiError(method, errcode, `invalid corpid: WECOM_CORP_ID is wrong; ${errmsg}`);
  return new WeComApiError(method, errcode, errmsg);
}

/** invaliduser is '|'-joined in message/send and an array in update_template_card. */
function splitIds(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : value.split('|')).filter((id) => id !== '');
}

function parseFilename(disposition: string): string | undefined {
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition);
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition);
  const value = star?.[1] ?? plain?.[1];
  if (!value) return undefined;
  try {
    return decodeURIComponent(value.trim());
  } catch {
    return value.trim();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
