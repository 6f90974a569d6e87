/**
 * WeCom callback crypto: SHA1 signature and encryption over @wecom/crypto; decryption here, with
 * the strict pad, layout and receive-id checks that @wecom/crypto leaves out. Pure functions only.
 */
import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { encrypt, getSignature } from '@wecom/crypto';
import { DecryptError, SignatureError } from './errors';

export interface CryptoKeys {
  token: string;
  encodingAESKey: string;
  /** The ReceiveId: the CorpID for a self-built app. */
  receiveId: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const PAD_BLOCK = 32;

export function signMessage(token: string, timestamp: string, nonce: string, encrypted: string): string {
  return getSignature(token, timestamp, nonce, encrypted);
}

/** Constant-time check of msg_signature; throws SignatureError. */
export function verifySignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  signature: string | undefined,
): void {
  if (!signature) throw new SignatureError('missing');
  const expected = Buffer.from(signMessage(token, timestamp, nonce, encrypted), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new SignatureError('mismatch');
  }
}

/** Rejects a timestamp that is not a number or lies more than maxSkewS from now (0 disables). */
export function checkTimestamp(timestamp: string, now: Date, maxSkewS: number): void {
  if (!/^\d{1,12}$/.test(timestamp)) throw new SignatureError('bad_timestamp');
  if (maxSkewS <= 0) return;
  const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
  if (skew > maxSkewS) throw new SignatureError('timestamp_skew');
}

/**
 * Decrypts and checks the padding, the plaintext layout and the receive id. This does not use
 * @wecom/crypto's decrypt, which accepts any pad byte outside 1..32, clamps a length field that
 * points past the plaintext (so the receive id is silently swallowed into the message) and
 * decodes invalid UTF-8 lossily.
 */
export function decryptMessage(keys: CryptoKeys, encrypted: string): string {
  if (!BASE64.test(encrypted)) throw new DecryptError('base64');
  const cipher = Buffer.from(encrypted, 'base64');
  if (cipher.length < PAD_BLOCK || cipher.length % 16 !== 0) throw new DecryptError('length');

  const key = parseAesKey(keys.encodingAESKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = unpad(Buffer.concat([decipher.update(cipher), decipher.final()]));

  // random(16) + msg_len(4, big-endian) + msg + receive id
  if (plain.length < 20) throw new DecryptError('layout');
  const end = 20 + plain.readUInt32BE(16);
  if (end > plain.length) throw new DecryptError('layout');
  const message = decodeUtf8(plain.subarray(20, end));
  const receiveId = decodeUtf8(plain.subarray(end));
  if (receiveId !== keys.receiveId) throw new DecryptError('receive_id');
  return message;
}

export function encryptMessage(keys: CryptoKeys, plaintext: string, random: Buffer = randomBytes(16)): string {
  return encrypt(keys.encodingAESKey, plaintext, keys.receiveId, random);
}

/** Encrypts and signs a plaintext, as WeCom does for a callback and we do for a passive reply. */
export function sealMessage(
  keys: CryptoKeys,
  plaintext: string,
  timestamp: string,
  nonce: string,
): { encrypted: string; signature: string } {
  const encrypted = encryptMessage(keys, plaintext);
  return { encrypted, signature: signMessage(keys.token, timestamp, nonce, encrypted) };
}

function parseAesKey(encodingAESKey: string): Buffer {
  const key = Buffer.from(encodingAESKey + '=', 'base64');
  if (key.length !== 32) throw new DecryptError('layout');
  return key;
}

/** PKCS#7 with WeCom's 32-byte block: the pad is 1..32 bytes, all equal to the pad length. */
function unpad(padded: Buffer): Buffer {
  const pad = padded[padded.length - 1];
  if (pad < 1 || pad > PAD_BLOCK || pad > padded.length) throw new DecryptError('padding');
  for (let i = padded.length - pad; i < padded.length; i++) {
    if (padded[i] !== pad) throw new DecryptError('padding');
  }
  return padded.subarray(0, padded.length - pad);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new DecryptError('layout');
  }
}
