/**
 * WeCom callback crypto over @wecom/crypto: SHA1 signature, AES-256-CBC with a 32-byte PKCS#7
 * pad, and the receive-id check that @wecom/crypto leaves to the caller. Pure functions only.
 */
import { createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';
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
 * Decrypts and checks the plaintext layout and the receive id. @wecom/crypto silently accepts a
 * bad pad and reads past the buffer on a bad length, so both are checked here first.
 */
export function decryptMessage(keys: CryptoKeys, encrypted: string): string {
  if (!BASE64.test(encrypted)) throw new DecryptError('base64');
  const cipher = Buffer.from(encrypted, 'base64');
  if (cipher.length === 0 || cipher.length % 16 !== 0 || cipher.length < PAD_BLOCK) {
    throw new DecryptError('length');
  }
  const padLength = readPadLength(keys.encodingAESKey, cipher);
  if (padLength < 1 || padLength > PAD_BLOCK) throw new DecryptError('padding');

  let result: { message: string; id: string; random: Buffer };
  try {
    result = decrypt(keys.encodingAESKey, encrypted);
  } catch {
    throw new DecryptError('layout');
  }
  const plainLength = cipher.length - padLength;
  const messageBytes = Buffer.byteLength(result.message, 'utf8');
  if (20 + messageBytes > plainLength) throw new DecryptError('layout');
  if (result.id !== keys.receiveId) throw new DecryptError('receive_id');
  return result.message;
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

export function assertValidAesKey(encodingAESKey: string): void {
  if (!/^[A-Za-z0-9]{43}$/.test(encodingAESKey)) {
    throw new Error('WECOM_ENCODING_AES_KEY must be 43 letters or digits');
  }
}

/** The pad value of the last block; CBC lets us decrypt it alone from the last two blocks. */
function readPadLength(encodingAESKey: string, cipher: Buffer): number {
  const key = Buffer.from(encodingAESKey + '=', 'base64');
  if (key.length !== 32) throw new DecryptError('layout');
  const iv = cipher.length >= 32 ? cipher.subarray(cipher.length - 32, cipher.length - 16) : key.subarray(0, 16);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  const last = Buffer.concat([decipher.update(cipher.subarray(cipher.length - 16)), decipher.final()]);
  const pad = last[15];
  if (pad >= 1 && pad <= 16) {
    for (let i = 16 - pad; i < 16; i++) if (last[i] !== pad) return -1;
  } else if (pad > 16 && pad <= PAD_BLOCK) {
    // The pad spans into the previous block; the bytes we can see must all equal it.
    for (let i = 0; i < 16; i++) if (last[i] !== pad) return -1;
  }
  return pad;
}
