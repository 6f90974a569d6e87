/**
 * GET|POST /wecom/callback. Verification is pure (crypto.ts, envelope.ts); this file reads the
 * request, maps typed errors to statuses in one place, and answers before any handler work.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { Dispatcher } from '../bot/dispatcher';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { checkTimestamp, CryptoKeys, decryptMessage, verifySignature } from './crypto';
import { parseEnvelope, parseInbound } from './envelope';
import { DecryptError, SignatureError, XmlError } from './errors';

export const MAX_CALLBACK_BYTES = 1024 * 1024;

export interface CallbackDeps {
  keys: CryptoKeys;
  maxSkewS: number;
  clock: () => Date;
  dispatcher: Dispatcher;
  logger: Logger;
  metrics?: Metrics;
}

export function mountCallback(router: Router, path: string, deps: CallbackDeps): void {
  router.get(path, (ctx) => handleVerification(ctx, deps));
  router.post(path, (ctx) => handleCallback(ctx, deps));
}

function queryParam(ctx: Context, name: string): string {
  const v = ctx.query[name];
  return typeof v === 'string' ? v : '';
}

/** The URL check WeCom makes when the admin saves the callback settings. */
function handleVerification(ctx: Context, deps: CallbackDeps): void {
  try {
    const echostr = queryParam(ctx, 'echostr');
    const timestamp = queryParam(ctx, 'timestamp');
    verifySignature(deps.keys.token, timestamp, queryParam(ctx, 'nonce'), echostr, queryParam(ctx, 'msg_signature'));
    checkTimestamp(timestamp, deps.clock(), deps.maxSkewS);
    ctx.type = 'text/plain';
    ctx.body = decryptMessage(deps.keys, echostr);
    deps.logger.info('WeCom callback URL verified');
  } catch (err) {
    reject(ctx, err, deps, 'url verification');
  }
}

async function handleCallback(ctx: Context, deps: CallbackDeps): Promise<void> {
  let raw: string;
  try {
    raw = await getRawBody(ctx.req, { limit: MAX_CALLBACK_BYTES, encoding: 'utf8', length: ctx.get('content-length') || undefined });
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    deps.metrics?.callbacks.inc({ outcome: status === 413 ? 'too_large' : 'bad_payload' });
    deps.logger.warn({ status, reason: (err as { type?: string }).type }, 'callback body rejected');
    ctx.status = status === 413 ? 413 : 400;
    ctx.body = status === 413 ? 'payload too large' : 'bad request body';
    return;
  }
  try {
    const timestamp = queryParam(ctx, 'timestamp');
    const signature = queryParam(ctx, 'msg_signature');
    if (!signature) throw new SignatureError('missing');
    const envelope = parseEnvelope(raw);
    verifySignature(deps.keys.token, timestamp, queryParam(ctx, 'nonce'), envelope.encrypt, signature);
    checkTimestamp(timestamp, deps.clock(), deps.maxSkewS);
    const plaintext = decryptMessage(deps.keys, envelope.encrypt);
    const msg = parseInbound(plaintext);
    const outcome = await deps.dispatcher.accept(msg, plaintext);
    if (outcome === 'closed' || outcome === 'busy') {
      // Not recorded (shutting down, or the database is too slow to record it before WeCom's
      // 5 s deadline): WeCom retries anything but 200, so another instance or a later try takes it.
      deps.metrics?.callbacks.inc({ outcome });
      ctx.status = 503;
      ctx.body = outcome === 'closed' ? 'shutting down' : 'busy, retry later';
      return;
    }
    deps.metrics?.callbacks.inc({ outcome });
    if (outcome === 'duplicate') deps.logger.info({ from: msg.fromUser, kind: msg.kind }, 'duplicate callback ignored (WeCom retry)');
    // An empty 200 tells WeCom we took it and will answer through message/send.
    ctx.status = 200;
    ctx.body = '';
  } catch (err) {
    reject(ctx, err, deps, 'callback');
  }
}

function reject(ctx: Context, err: unknown, deps: CallbackDeps, what: string): void {
  if (err instanceof SignatureError) {
    deps.metrics?.callbacks.inc({ outcome: 'bad_signature' });
    deps.logger.warn({ reason: err.reason, ip: ctx.ip }, `${what} rejected: signature`);
    ctx.status = 401;
    ctx.body = 'invalid signature';
  } else if (err instanceof DecryptError || err instanceof XmlError) {
    deps.metrics?.callbacks.inc({ outcome: 'bad_payload' });
    deps.logger.warn({ code: err.code, ip: ctx.ip }, `${what} rejected: payload`);
    ctx.status = 400;
    ctx.body = 'invalid payload';
  } else {
    deps.metrics?.callbacks.inc({ outcome: 'error' });
    deps.logger.error({ err }, `${what} failed`);
    ctx.status = 500;
    ctx.body = 'internal error';
  }
}
