/**
 * A fake WeCom on loopback that speaks the documented protocol: the /cgi-bin/ API the client calls
 * and the encrypted callbacks WeCom posts. All tests use it as "the WeCom side"; `npm start`
 * without credentials uses it as the demo.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import type { Logger } from 'pino';
import type { CardType } from '../wecom/api-types';
import { apiGate, Sleeper } from './api-gate';
import {
  deliverCallback as deliver, verifyUrl as verify,
  type DeliverOptions, type DeliveryResult, type VerifyResult,
} from './callback-delivery';
import { registerCardUpdateApi } from './card-update-api';
import { registerContactApi } from './contact-api';
import { registerControlApi } from './control-api';
import { FaultPlan, type DelayOptions } from './faults';
import { makeCardEventXml, makeFileXml, makeImageXml, makeTextXml, type SelectedItem } from './inbound-xml';
import { registerMediaApi } from './media-api';
import { ApiRateLimiter, DEFAULT_LIMITS, MemberRateLimiter, type SimLimits } from './rate-limits';
import { registerSendApi } from './send-api';
import { registerPageApi, type SandboxHooks } from './page-api';
import { mintOAuthCode, mintResponseCode, randomId, type SimContext } from './sim-context';
import { SimOrg, type SimOrgSeed } from './sim-org';
import * as records from './sim-state';
import { registerTokenApi } from './token-api';
import { TokenIssuer } from './token-issuer';

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAESKey: string;
  tokenTtlS?: number;
  clock?: () => Date;
  limits?: Partial<SimLimits>;
  org?: SimOrgSeed;
  callbackUrl?: string;
  logger?: Logger;
  /** The sandbox page's clock control and job trigger (npm start); without them the page only chats. */
  sandbox?: SandboxHooks;
}

/** A picture or file a member sends in chat (the sandbox page's upload). */
export interface MediaUpload {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface TapOptions {
  eventKey: string;
  taskId: string;
  /** Defaults to a fresh single-use code for that card, as WeCom mints one per tap. */
  responseCode?: string;
  /** Defaults to the type of the card sent with this task_id, else button_interaction. */
  cardType?: CardType;
  selectedItems?: SelectedItem[];
}

export interface Simulator {
  /** Base URL, e.g. http://127.0.0.1:PORT; use it as the client's apiBase. */
  readonly url: string;
  readonly org: SimOrg;
  /** Messages delivered to at least one member (live array). */
  readonly sent: records.SentMessage[];
  /** Per-member deliveries silently dropped by the frequency limits. */
  readonly dropped: records.DroppedMessage[];
  readonly cardUpdates: records.CardUpdate[];
  readonly media: records.StoredMedia[];
  readonly apiCalls: records.ApiCall[];
  expireTokens(): void;
  /** errcode HTTP_5XX_ERRCODE (-3) answers HTTP 500; any other is a JSON errcode. */
  failNext(path: string, errcode: number, times?: number): void;
  delayNext(path: string, ms: number, times?: number, options?: DelayOptions): void;
  waitForSent(n: number, timeoutMs?: number): Promise<records.SentMessage[]>;
  mintOAuthCode(userId: string): string;
  setCallbackUrl(url: string): void;
  deliverCallback(plaintextXml: string, options?: DeliverOptions): Promise<DeliveryResult>;
  verifyUrl(url?: string): Promise<VerifyResult>;
  sendText(fromUser: string, content: string): Promise<DeliveryResult>;
  tapButton(fromUser: string, tap: TapOptions): Promise<DeliveryResult>;
  /** The member sends a picture (image/jpeg|png) or any other file: stored as WeCom media, then the callback. */
  sendMedia(fromUser: string, file: MediaUpload): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const clock = opts.clock ?? opts.sandbox?.clock?.now ?? (() => new Date());
  const limits: SimLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const sim: SimContext = {
    corpId: opts.corpId,
    agentId: opts.agentId,
    secret: opts.secret,
    clock,
    state: records.createSimState(),
    org: new SimOrg(opts.org),
    tokens: new TokenIssuer(opts.tokenTtlS ?? 7200, clock),
    faults: new FaultPlan(),
    memberLimits: new MemberRateLimiter(limits, clock),
    apiLimits: new ApiRateLimiter(limits, clock),
    logger: opts.logger,
  };
  const keys = { corpId: opts.corpId, agentId: opts.agentId, token: opts.token, encodingAESKey: opts.encodingAESKey };
  let callbackUrl = opts.callbackUrl;
  let url = ''; // known once the server listens

  let nextMsgId = 7_300_000_000_000_000_000n; // MsgIds exceed 2^53 (§2 A2); keep them strings
  const targetUrl = (url?: string): string => {
    const target = url ?? callbackUrl;
    if (!target) throw new Error('no callback URL: pass callbackUrl to startSimulator, call setCallbackUrl, or give options.url');
    return target;
  };
  const header = (from: string) => ({
    toUserName: opts.corpId,
    fromUserName: from,
    createTime: Math.floor(clock().getTime() / 1000),
    agentId: opts.agentId,
  });
  const deliverCallback = (xml: string, o: DeliverOptions = {}) => deliver(keys, targetUrl(o.url), xml, o, clock());

  const logInbound = async (entry: Omit<records.InboundRecord, 'time' | 'status'>, delivery: Promise<DeliveryResult>) => {
    const record: records.InboundRecord = { ...entry, time: clock() };
    sim.state.inbound.push(record);
    const result = await delivery;
    record.status = result.status;
    return result;
  };
  const sendText = (from: string, content: string) =>
    logInbound({ from, kind: 'text', text: content }, deliverCallback(makeTextXml(header(from), { content, msgId: String(nextMsgId++) })));
  const sendMedia = (from: string, file: MediaUpload) => {
    const isImage = /^image\/(jpeg|png)$/i.test(file.contentType);
    const media: records.StoredMedia = {
      mediaId: randomId(48), type: isImage ? 'image' : 'file', filename: file.filename, contentType: file.contentType, data: file.data, createdAt: clock(),
    };
    sim.state.media.push(media);
    const msgId = String(nextMsgId++);
    const xml = isImage
      ? makeImageXml(header(from), { picUrl: `${url}/sandbox/media/${media.mediaId}`, mediaId: media.mediaId, msgId })
      : makeFileXml(header(from), { mediaId: media.mediaId, msgId });
    return logInbound({ from, kind: media.type === 'image' ? 'image' : 'file', mediaId: media.mediaId, filename: file.filename }, deliverCallback(xml));
  };
  const tapButton = (from: string, tap: TapOptions) => {
    const card = [...sim.state.sent].reverse().find((m) => m.taskId === tap.taskId);
    const sentType = (card?.body.template_card as { card_type?: CardType } | undefined)?.card_type;
    const cardType = tap.cardType ?? sentType ?? 'button_interaction';
    const responseCode = tap.responseCode ?? mintResponseCode(sim, { cardType, taskId: tap.taskId, msgid: card?.msgid });
    return logInbound({ from, kind: 'tap', taskId: tap.taskId, eventKey: tap.eventKey }, deliverCallback(makeCardEventXml(header(from), { ...tap, cardType, responseCode })));
  };

  const sleeper = new Sleeper();
  const app = new Koa();
  app.on('error', (err: Error) => opts.logger?.error({ err: err.message }, 'sandbox request failed'));
  const router = new Router();
  registerTokenApi(router, sim);
  registerSendApi(router, sim);
  registerCardUpdateApi(router, sim);
  registerMediaApi(router, sim);
  registerContactApi(router, sim);
  registerControlApi(router, sim, { sendText, tapButton, sendMedia });
  registerPageApi(router, sim, opts.sandbox ?? {});
  app.use(apiGate(sim, sleeper));
  app.use(router.routes());
  app.use(router.allowedMethods());

  const server = http.createServer(app.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    org: sim.org,
    sent: sim.state.sent,
    dropped: sim.state.dropped,
    cardUpdates: sim.state.cardUpdates,
    media: sim.state.media,
    apiCalls: sim.state.apiCalls,
    expireTokens: () => sim.tokens.expireAll(),
    failNext: (path, errcode, times = 1) => sim.faults.failNext(path, errcode, times),
    delayNext: (path, ms, times = 1, options) => sim.faults.delayNext(path, ms, times, options),
    waitForSent: (n, timeoutMs = 2000) => records.waitForSent(sim.state, n, timeoutMs),
    mintOAuthCode: (userId) => mintOAuthCode(sim, userId),
    setCallbackUrl: (url) => {
      callbackUrl = url;
    },
    deliverCallback,
    verifyUrl: (url) => verify(keys, targetUrl(url), clock()),
    sendText,
    tapButton,
    sendMedia,
    close: async () => {
      sleeper.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
