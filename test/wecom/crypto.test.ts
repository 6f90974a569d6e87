import { createCipheriv, createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkTimestamp,
  type CryptoKeys,
  decryptMessage,
  encryptMessage,
  sealMessage,
  signMessage,
  verifySignature,
} from '../../src/wecom/crypto';
import { DecryptError, SignatureError } from '../../src/wecom/errors';

const FIXTURES = join(__dirname, '..', 'fixtures', 'wecom');

/** Vector A: the official WeCom sample (doc 90968 and the official SDK samples). */
const OFFICIAL: CryptoKeys = {
  token: 'QDG6eK',
  encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};

const A1 = {
  signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
  timestamp: '1409659589',
  nonce: '263014780',
  echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  echostrInQuery: 'P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D',
};

const A2 = {
  signature: '477715d11cdb4164915debcba66cb864d751f3e6',
  timestamp: '1409659813',
  nonce: '1372623149',
  encrypt:
    'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==',
  plaintext: readFileSync(join(FIXTURES, 'a2-plaintext.xml'), 'utf8'),
};

/** Vector E: WxJava's WxCryptUtilTest, with a fixed random prefix. */
const WXJAVA: CryptoKeys = {
  token: 'pamtest',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  receiveId: 'wxb11529c136998cb6',
};

function aesKey(keys: CryptoKeys): Buffer {
  return Buffer.from(keys.encodingAESKey + '=', 'base64');
}

/** Encrypts a hand-made padded plaintext, so tests can fabricate layouts the library never would. */
function encryptRaw(keys: CryptoKeys, padded: Buffer): string {
  const key = aesKey(keys);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

function decryptRaw(keys: CryptoKeys, encrypted: string): Buffer {
  const key = aesKey(keys);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
}

/** random(16) + big-endian length + message + receive id, unpadded. */
function layout(message: string, receiveId: string, declaredLength?: number): Buffer {
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength ?? msg.length, 0);
  return Buffer.concat([Buffer.from('0123456789abcdef'), length, msg, Buffer.from(receiveId, 'utf8')]);
}

function pad(plain: Buffer, padBytes: number[]): Buffer {
  return Buffer.concat([plain, Buffer.from(padBytes)]);
}

/** Pads to a 32-byte multiple as WeCom does. */
function pad32(plain: Buffer): Buffer {
  const n = 32 - (plain.length % 32);
  return pad(plain, new Array<number>(n).fill(n));
}

function decryptError(fn: () => unknown): DecryptError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DecryptError) return error;
    throw error;
  }
  throw new Error('expected a DecryptError, nothing was thrown');
}

function signatureError(fn: () => unknown): SignatureError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SignatureError) return error;
    throw error;
  }
  throw new Error('expected a SignatureError, nothing was thrown');
}

describe('official vectors', () => {
  test('A1: URL verification signature matches and echostr decrypts to the reply body', () => {
    expect(signMessage(OFFICIAL.token, A1.timestamp, A1.nonce, A1.echostr)).toBe(A1.signature);
    expect(() => verifySignature(OFFICIAL.token, A1.timestamp, A1.nonce, A1.echostr, A1.signature)).not.toThrow();
    expect(decryptMessage(OFFICIAL, A1.echostr)).toBe('1616140317555161061');
  });

  test('A1: the echostr must be URL-decoded first; the raw query form is not base64', () => {
    expect(decodeURIComponent(A1.echostrInQuery)).toBe(A1.echostr);
    expect(decryptError(() => decryptMessage(OFFICIAL, A1.echostrInQuery)).reason).toBe('base64');
  });

  test('A2: POST signature matches and Encrypt decrypts to the 284-byte XML for the right receive id', () => {
    expect(signMessage(OFFICIAL.token, A2.timestamp, A2.nonce, A2.encrypt)).toBe(A2.signature);
    expect(() => verifySignature(OFFICIAL.token, A2.timestamp, A2.nonce, A2.encrypt, A2.signature)).not.toThrow();
    const plaintext = decryptMessage(OFFICIAL, A2.encrypt);
    expect(Buffer.byteLength(plaintext, 'utf8')).toBe(284);
    expect(plaintext).toBe(A2.plaintext);
    expect(plaintext).toContain('<MsgId>4561255354251345929</MsgId>');
    // The A2 vector carries a 30-byte pad, which Node's 16-byte auto-padding would reject.
    const raw = decryptRaw(OFFICIAL, A2.encrypt);
    expect(raw[raw.length - 1]).toBe(30);
    expect(raw.subarray(raw.length - 30 - 18, raw.length - 30).toString()).toBe('wx5823bf96d3bd56c7');
  });

  test('E: WxJava fixed-random encrypt gives exactly the published ciphertext', () => {
    const expected = 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==';
    expect(encryptMessage(WXJAVA, '我是中文abcd123', Buffer.from('aaaabbbbccccdddd'))).toBe(expected);
    expect(decryptMessage(WXJAVA, expected)).toBe('我是中文abcd123');
  });

  test('F: wechat-crypto signature vector', () => {
    expect(signMessage('RMNlACHlV5ThzfRlVS4D4', 'timestamp', 'nonce', 'encrypt')).toBe(
      '8edac0945683c119ee71c9f6256d76c48aa08a96',
    );
  });
});

describe('encrypt/decrypt round trip', () => {
  // 16 + 4 + 26 + 18 = 64: a 26-byte message makes the plaintext an exact multiple of 32.
  const exactMultiple = 'x'.repeat(26);

  test.each([
    ['ASCII', 'hello'],
    ['Chinese', '你好，绩效考核已开始。请在周五前完成自评 ✅'],
    ['empty', ''],
    ['exact multiple of 32', exactMultiple],
    ['long', '<xml>'.padEnd(5000, '绩')],
  ])('%s', (_name, message) => {
    const encrypted = encryptMessage(OFFICIAL, message);
    expect(decryptMessage(OFFICIAL, encrypted)).toBe(message);
  });

  test('an exact multiple of 32 gets a full 32-byte pad block', () => {
    const encrypted = encryptMessage(OFFICIAL, exactMultiple, Buffer.from('aaaabbbbccccdddd'));
    const raw = decryptRaw(OFFICIAL, encrypted);
    expect(raw.length).toBe(96);
    expect([...raw.subarray(64)]).toEqual(new Array<number>(32).fill(32));
    expect(decryptMessage(OFFICIAL, encrypted)).toBe(exactMultiple);
  });

  test('two encryptions of one message differ (random prefix) and both decrypt', () => {
    const a = encryptMessage(OFFICIAL, 'hello');
    const b = encryptMessage(OFFICIAL, 'hello');
    expect(a).not.toBe(b);
    expect([decryptMessage(OFFICIAL, a), decryptMessage(OFFICIAL, b)]).toEqual(['hello', 'hello']);
  });

  test('sealMessage output verifies and decrypts', () => {
    const { encrypted, signature } = sealMessage(OFFICIAL, '<xml>reply</xml>', '1700000000', 'n0nce');
    expect(() => verifySignature(OFFICIAL.token, '1700000000', 'n0nce', encrypted, signature)).not.toThrow();
    expect(decryptMessage(OFFICIAL, encrypted)).toBe('<xml>reply</xml>');
  });

  test('an empty receive id (robots, personal third-party apps) round-trips', () => {
    const keys = { ...OFFICIAL, receiveId: '' };
    expect(decryptMessage(keys, encryptMessage(keys, 'hi'))).toBe('hi');
  });
});

describe('verifySignature', () => {
  const ok = (signature: string | undefined) => () =>
    verifySignature(OFFICIAL.token, A2.timestamp, A2.nonce, A2.encrypt, signature);

  test('uppercase hex is accepted', () => {
    expect(ok(A2.signature.toUpperCase())).not.toThrow();
  });

  test.each([
    ['last character changed', A2.signature.slice(0, -1) + '7'],
    ['first character changed', 'f' + A2.signature.slice(1)],
    ['truncated', A2.signature.slice(0, 39)],
    ['extended', A2.signature + '0'],
    ['not hex', 'z'.repeat(40)],
    ['the A1 signature', A1.signature],
  ])('%s → mismatch', (_name, signature) => {
    expect(signatureError(ok(signature)).reason).toBe('mismatch');
  });

  test.each([
    ['undefined', undefined],
    ['empty', ''],
  ])('%s → missing', (_name, signature) => {
    expect(signatureError(ok(signature)).reason).toBe('missing');
  });

  test.each([
    ['timestamp', () => verifySignature(OFFICIAL.token, '1409659814', A2.nonce, A2.encrypt, A2.signature)],
    ['nonce', () => verifySignature(OFFICIAL.token, A2.timestamp, '1372623150', A2.encrypt, A2.signature)],
    ['token', () => verifySignature('QDG6eL', A2.timestamp, A2.nonce, A2.encrypt, A2.signature)],
    ['encrypt', () => verifySignature(OFFICIAL.token, A2.timestamp, A2.nonce, A1.echostr, A2.signature)],
  ])('a changed %s → mismatch', (_name, fn) => {
    expect(signatureError(fn).reason).toBe('mismatch');
  });

  test('errors carry stable codes', () => {
    const error = signatureError(ok('0'.repeat(40)));
    expect(error.code).toBe('signature_mismatch');
    expect(error.name).toBe('SignatureError');
  });
});

describe('decryptMessage rejections', () => {
  const id = OFFICIAL.receiveId;

  test('wrong receive id → receive_id', () => {
    expect(decryptError(() => decryptMessage({ ...OFFICIAL, receiveId: 'wwOTHERCORP0000000' }, A2.encrypt)).reason).toBe(
      'receive_id',
    );
    const foreign = encryptMessage({ ...OFFICIAL, receiveId: 'wwsomeoneelse' }, 'hello');
    expect(decryptError(() => decryptMessage(OFFICIAL, foreign)).reason).toBe('receive_id');
  });

  test('a hand-made valid layout decrypts (the helpers are sound)', () => {
    expect(decryptMessage(OFFICIAL, encryptRaw(OFFICIAL, pad32(layout('hello', id))))).toBe('hello');
  });

  const plain = layout('hello', id); // 16 + 4 + 5 + 18 = 43 bytes; a valid pad is 21 × 21
  test.each<[string, number[]]>([
    ['pad byte 0', new Array<number>(21).fill(0)],
    ['pad byte 33', new Array<number>(20).fill(21).concat([33])],
    ['pad byte 255', new Array<number>(21).fill(255)],
    ['inconsistent pad bytes in the last block', [...new Array<number>(20).fill(21), 21].map((b, i) => (i === 18 ? 7 : b))],
    ['inconsistent pad bytes across the block boundary', [...new Array<number>(21).fill(21)].map((b, i) => (i === 0 ? 9 : b))],
  ])('%s → padding', (_name, padBytes) => {
    const padded = pad(plain, padBytes);
    expect(padded.length % 32).toBe(0);
    expect(decryptError(() => decryptMessage(OFFICIAL, encryptRaw(OFFICIAL, padded))).reason).toBe('padding');
  });

  test('a pad longer than the plaintext → padding or layout, never a message', () => {
    // 32 bytes of pad 32 after a 0-byte plaintext: nothing is left for random + length.
    const reason = decryptError(() => decryptMessage(OFFICIAL, encryptRaw(OFFICIAL, Buffer.alloc(32, 32)))).reason;
    expect(['padding', 'layout']).toContain(reason);
  });

  test.each([
    ['declared length beyond the plaintext', layout('hello', id, 1000)],
    ['declared length 2^32-1', layout('hello', id, 0xffffffff)],
    ['shorter than random + length', Buffer.from('0123456789')],
  ])('%s → layout', (_name, unpadded) => {
    expect(decryptError(() => decryptMessage(OFFICIAL, encryptRaw(OFFICIAL, pad32(unpadded)))).reason).toBe('layout');
  });

  test('a declared length that swallows the receive id is not accepted, even with an empty receive id', () => {
    const keys = { ...OFFICIAL, receiveId: '' };
    const unpadded = layout('hello', 'wx5823bf96d3bd56c7', 5 + 18 + 1);
    expect(decryptError(() => decryptMessage(keys, encryptRaw(keys, pad32(unpadded)))).reason).toBe('layout');
  });

  test('invalid UTF-8 in the message → layout', () => {
    const unpadded = Buffer.concat([layout('', id, 2).subarray(0, 20), Buffer.from([0xc3, 0x28]), Buffer.from(id)]);
    expect(decryptError(() => decryptMessage(OFFICIAL, encryptRaw(OFFICIAL, pad32(unpadded)))).reason).toBe('layout');
  });

  test.each([
    ['not base64', 'this is not base64!'],
    ['URL-unsafe characters', A2.encrypt.replace(/\+/g, ' ')],
    ['empty', ''],
    ['base64url alphabet', A2.encrypt.replace(/\+/g, '-').replace(/\//g, '_')],
  ])('%s → base64', (_name, encrypted) => {
    expect(decryptError(() => decryptMessage(OFFICIAL, encrypted)).reason).toBe('base64');
  });

  test.each([
    ['15 bytes', Buffer.alloc(15).toString('base64')],
    ['16 bytes (shorter than one 32-byte pad block)', Buffer.alloc(16).toString('base64')],
    ['33 bytes', Buffer.alloc(33).toString('base64')],
    ['A2 with its last 4 base64 characters removed', A2.encrypt.slice(0, -4)],
  ])('%s → length', (_name, encrypted) => {
    expect(decryptError(() => decryptMessage(OFFICIAL, encrypted)).reason).toBe('length');
  });

  test('errors carry stable codes', () => {
    const error = decryptError(() => decryptMessage(OFFICIAL, '!!'));
    expect(error.code).toBe('decrypt_base64');
    expect(error.name).toBe('DecryptError');
  });
});

describe('CBC gives confidentiality, not integrity: the signature is what authenticates', () => {
  function flipBit(encrypted: string, byteIndex: number, mask = 0x01): string {
    const bytes = Buffer.from(encrypted, 'base64');
    bytes[byteIndex] ^= mask;
    return bytes.toString('base64');
  }

  test('a bit flipped in a middle block never yields the original message', () => {
    const bytes = Buffer.from(A2.encrypt, 'base64');
    for (let block = 1; block < bytes.length / 16 - 2; block++) {
      const tampered = flipBit(A2.encrypt, block * 16 + 5);
      let outcome: string | DecryptError;
      try {
        outcome = decryptMessage(OFFICIAL, tampered);
      } catch (error) {
        expect(error).toBeInstanceOf(DecryptError);
        outcome = error as DecryptError;
      }
      expect(outcome).not.toBe(A2.plaintext);
      // The signature over the ciphertext is what catches tampering.
      expect(signatureError(() => verifySignature(OFFICIAL.token, A2.timestamp, A2.nonce, tampered, A2.signature)).reason).toBe(
        'mismatch',
      );
    }
  });

  test('flipping ciphertext block 0 garbles only the ignored random prefix and flips one bit of the message', () => {
    // Plaintext byte 20 is the first message byte '<'; it sits at offset 4 of block 1, which is
    // XORed with ciphertext byte 4 of block 0. Flipping '<' (0x3c) to '>' (0x3e) needs mask 0x02.
    const tampered = flipBit(A2.encrypt, 4, 0x02);
    expect(decryptMessage(OFFICIAL, tampered)).toBe('>' + A2.plaintext.slice(1));
    expect(signatureError(() => verifySignature(OFFICIAL.token, A2.timestamp, A2.nonce, tampered, A2.signature)).reason).toBe(
      'mismatch',
    );
  });

  test('a bit flipped in the second-to-last block corrupts the pad → padding', () => {
    const bytes = Buffer.from(A2.encrypt, 'base64');
    // The last plaintext byte (pad 30) is XORed with the last byte of the previous ciphertext block.
    expect(decryptError(() => decryptMessage(OFFICIAL, flipBit(A2.encrypt, bytes.length - 17))).reason).toBe('padding');
  });
});

describe('checkTimestamp', () => {
  const now = new Date(1409659813 * 1000);

  test.each([
    ['equal', '1409659813', 300],
    ['300 s in the past, limit 300', '1409659513', 300],
    ['300 s in the future, limit 300', '1409660113', 300],
    ['a day off with the check disabled', '1409573413', 0],
    ['leading zeros', '01409659813', 300],
  ])('%s → ok', (_name, timestamp, maxSkew) => {
    expect(() => checkTimestamp(timestamp, now, maxSkew)).not.toThrow();
  });

  test.each([
    ['301 s in the past', '1409659512', 300],
    ['301 s in the future', '1409660114', 300],
    ['zero', '0', 300],
  ])('%s → timestamp_skew', (_name, timestamp, maxSkew) => {
    expect(signatureError(() => checkTimestamp(timestamp, now, maxSkew)).reason).toBe('timestamp_skew');
  });

  test.each([
    ['empty', '', 300],
    ['letters', 'abc', 300],
    ['negative', '-1409659813', 300],
    ['decimal', '1409659813.5', 300],
    ['exponent', '1.4e9', 300],
    ['milliseconds (13 digits)', '1409659813000', 300],
    ['whitespace', ' 1409659813', 300],
    ['non-numeric even when the skew check is disabled', 'abc', 0],
  ])('%s → bad_timestamp', (_name, timestamp, maxSkew) => {
    expect(signatureError(() => checkTimestamp(timestamp, now, maxSkew)).reason).toBe('bad_timestamp');
  });
});
