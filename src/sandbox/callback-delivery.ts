/**
 * WeCom's side of the callback protocol (§1): seal a plaintext XML (encrypt with the CorpID as
 * receive id, sign), wrap it in the outer envelope and POST it; or run the GET echostr handshake.
 * Tamper options produce the two failures a receiver must reject.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { decryptMessage, encryptMessage, signMessage, verifySignature, type CryptoKeys } from '../wecom/crypto';
import { cdata } from './inbound-xml';

export interface CallbackKeys {
  corpId: string;
  agentId: number;
  token: string;
  encodingAESKey: string;
}

export interface DeliverOptions {
  url?: string;
  timestamp?: string;
  nonce?: string;
  tamper?: 'signature' | 'receiveId' | 'none';
}

export interface DeliveryResult {
  status: number;
  body: string;
  /** Wall-clock duration of the POST (WeCom gives up after 5 s). */
  ms: number;
  /** The decrypted passive reply, when the body is a correctly signed encrypted reply (§1.7). */
  reply?: string;
  /** Why a non-empty body was not accepted as a passive reply. */
  replyError?: string;
}

export interface VerifyResult {
  status: number;
  body: string;
  /** The echostr plaintext the receiver had to return. */
  expected: string;
  ok: boolean;
}

/** WeCom drops the connection after 5 s and retries (§1.8); status 0 means "no answer in time". */
export const CALLBACK_TIMEOUT_MS = 5000;

export function buildEnvelope(keys: CallbackKeys, encrypted: string): string {
  return `<xml><ToUserName>${cdata(keys.corpId)}</ToUserName><AgentID>${cdata(String(keys.agentId))}</AgentID><Encrypt>${cdata(encrypted)}</Encrypt></xml>`;
}

export async function deliverCallback(
  keys: CallbackKeys,
  callbackUrl: string,
  plaintextXml: string,
  opts: DeliverOptions,
  now: Date,
): Promise<DeliveryResult> {
  const timestamp = opts.timestamp ?? String(Math.floor(now.getTime() / 1000));
  const nonce = opts.nonce ?? String(randomInt(100_000_000, 2_000_000_000));
  const receiveId = opts.tamper === 'receiveId' ? `${keys.corpId}x` : keys.corpId;
  const encrypted = encryptMessage(cryptoKeys(keys, receiveId), plaintextXml, randomBytes(16));
  const signature = signMessage(keys.token, timestamp, nonce, encrypted);
  const msgSignature = opts.tamper === 'signature' ? flipFirstChar(signature) : signature;
  const url = withQuery(callbackUrl, { msg_signature: msgSignature, timestamp, nonce });
  const result = await timedFetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: buildEnvelope(keys, encrypted) });
  return { ...result, ...openReply(keys, result.body) };
}

export async function verifyUrl(keys: CallbackKeys, callbackUrl: string, now: Date): Promise<VerifyResult> {
  const expected = String(randomInt(1e9, 2 ** 47));
  const echostr = encryptMessage(cryptoKeys(keys, keys.corpId), expected);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const nonce = String(randomInt(100_000_000, 2_000_000_000));
  const msg_signature = signMessage(keys.token, timestamp, nonce, echostr);
  const { status, body } = await timedFetch(withQuery(callbackUrl, { msg_signature, timestamp, nonce, echostr }), { method: 'GET' });
  return { status, body, expected, ok: status === 200 && body === expected };
}

function cryptoKeys(keys: CallbackKeys, receiveId: string): CryptoKeys {
  return { token: keys.token, encodingAESKey: keys.encodingAESKey, receiveId };
}

/** Decrypts an encrypted passive reply the way WeCom would, or says why it cannot. */
function openReply(keys: CallbackKeys, body: string): Pick<DeliveryResult, 'reply' | 'replyError'> {
  if (body.trim() === '') return {};
  const field = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)(?:\\]\\]>)?</${name}>`).exec(body)?.[1];
  const [encrypt, signature, timestamp, nonce] = ['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce'].map(field);
  if (!encrypt || !signature || !timestamp || !nonce) return { replyError: 'not an encrypted reply (Encrypt, MsgSignature, TimeStamp, Nonce are all required)' };
  try {
    verifySignature(keys.token, timestamp, nonce, encrypt, signature);
    return { reply: decryptMessage(cryptoKeys(keys, keys.corpId), encrypt) };
  } catch (err) {
    return { replyError: (err as Error).message };
  }
}

async function timedFetch(url: string, init: RequestInit): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
    const body = await res.text();
    return { status: res.status, body, ms: performance.now() - started };
  } catch {
    return { status: 0, body: '', ms: performance.now() - started };
  }
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.toString();
}

function flipFirstChar(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}
