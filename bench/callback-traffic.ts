/**
 * Pre-sealed callback traffic: text messages encrypted and signed as WeCom sends them, built before
 * a run so that the load generator does no AES or SHA-1 work while it measures. Every body carries
 * its own MsgId, so the full path records each one instead of answering it as a WeCom retry.
 */
import { randomInt } from 'node:crypto';
import type { CryptoKeys } from '../src/wecom/crypto';
import { encryptMessage, signMessage } from '../src/wecom/crypto';
import { buildEnvelopeXml, buildInboundXml } from '../src/wecom/envelope';

/** The bench's own credentials; the target process configures the app and the simulator with them. */
export const BENCH_WECOM = {
  corpId: 'wwbenchcorp00000001',
  agentId: 1000002,
  secret: 'bench-secret-0123456789',
  token: 'perfbotBenchToken',
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;

export const BENCH_KEYS: CryptoKeys = {
  token: BENCH_WECOM.token,
  encodingAESKey: BENCH_WECOM.encodingAESKey,
  receiveId: BENCH_WECOM.corpId,
};

export const CALLBACK_PATH = '/wecom/callback';

export interface SealedCallback {
  /** The app's dedupe key of this callback (`msg:<MsgId>`): the burst's ledger matches acks to records by it. */
  key: string;
  /** Path and query: msg_signature, timestamp, nonce. */
  path: string;
  body: Buffer;
}

export interface SealOptions {
  from: string;
  content: string;
  /** The clock of the timestamp and CreateTime; the app's skew check compares it with its own. */
  now: Date;
}

/** MsgIds exceed 2^53, as WeCom's do; one counter per bench process keeps them all distinct. */
let nextMsgId = 7_400_000_000_000_000_000n;

export function sealCallbacks(count: number, opts: SealOptions): SealedCallback[] {
  const timestamp = String(Math.floor(opts.now.getTime() / 1000));
  const out: SealedCallback[] = new Array<SealedCallback>(count);
  for (let i = 0; i < count; i++) {
    const msgId = String(nextMsgId++);
    const plaintext = buildInboundXml({
      kind: 'text',
      toUser: BENCH_WECOM.corpId,
      fromUser: opts.from,
      createTime: Number(timestamp),
      agentId: BENCH_WECOM.agentId,
      msgId,
      content: opts.content,
    });
    const encrypt = encryptMessage(BENCH_KEYS, plaintext);
    const nonce = String(randomInt(100_000_000, 2_000_000_000));
    const signature = signMessage(BENCH_KEYS.token, timestamp, nonce, encrypt);
    const body = buildEnvelopeXml({ toUserName: BENCH_WECOM.corpId, agentId: String(BENCH_WECOM.agentId), encrypt });
    out[i] = {
      key: `msg:${msgId}`,
      path: `${CALLBACK_PATH}?msg_signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`,
      body: Buffer.from(body, 'utf8'),
    };
  }
  return out;
}

/**
 * Hands out sealed callbacks in order. Running dry is counted rather than thrown, because
 * autocannon cannot skip a request; the bench fails when it happened (the tail would be retries).
 */
export class SealedPool {
  private index = 0;
  overrun = 0;

  constructor(private readonly items: SealedCallback[]) {}

  get size(): number {
    return this.items.length;
  }

  get used(): number {
    return Math.min(this.index, this.items.length);
  }

  next(): SealedCallback {
    if (this.index >= this.items.length) {
      this.overrun++;
      return this.items[this.index++ % this.items.length];
    }
    return this.items[this.index++];
  }
}
