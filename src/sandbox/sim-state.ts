/**
 * What the simulator remembers: every delivered, dropped and updated message, uploaded media and
 * API call, plus the single-use codes it minted. Tests read these arrays directly.
 */
import type { CardType, MediaType, TemplateCard } from '../wecom/api-types';

export interface SentMessage {
  msgid: string;
  msgtype: string;
  /** Members who received it (userids as the org spells them), after the per-member limits. */
  recipients: string[];
  invalidUsers: string[];
  /** The request body as WeCom stored it (text longer than 2048 bytes truncated). */
  body: Record<string, unknown>;
  responseCode?: string;
  taskId?: string;
  time: Date;
}

export interface DroppedMessage {
  msgid: string;
  msgtype: string;
  userid: string;
  reason: 'per_member_minute' | 'per_member_hour' | 'duplicate';
  time: Date;
}

export interface CardUpdate {
  responseCode: string;
  userids: string[];
  mode: 'button' | 'template_card';
  replaceName?: string;
  templateCard?: TemplateCard;
  taskId?: string;
  time: Date;
}

export interface StoredMedia {
  mediaId: string;
  type: MediaType;
  filename: string;
  contentType: string;
  data: Buffer;
  createdAt: Date;
}

export interface ApiCall {
  /** The path under /cgi-bin/, e.g. 'message/send'. */
  method: string;
  /**
   * 0 on success; -3 for an injected HTTP 500; -2 when the client went away during a delay;
   * -status for a non-WeCom HTTP answer (e.g. -404 for an unknown path).
   */
  errcode: number;
  httpStatus: number;
  time: Date;
}

/** What a member sent to the app through the simulator (the sandbox page shows their side of the chat). */
export interface InboundRecord {
  from: string;
  kind: 'text' | 'image' | 'file' | 'tap';
  text?: string;
  mediaId?: string;
  filename?: string;
  /** For a tap: the card's task_id and the button key. */
  taskId?: string;
  eventKey?: string;
  /** The app's HTTP answer to the callback (0 when it did not answer). */
  status?: number;
  time: Date;
}

export interface ResponseCodeEntry {
  code: string;
  cardType: CardType;
  taskId?: string;
  msgid?: string;
  issuedAt: Date;
  used: boolean;
}

export interface SimState {
  sent: SentMessage[];
  dropped: DroppedMessage[];
  cardUpdates: CardUpdate[];
  media: StoredMedia[];
  apiCalls: ApiCall[];
  inbound: InboundRecord[];
  responseCodes: Map<string, ResponseCodeEntry>;
  taskIds: Set<string>;
  oauthCodes: Map<string, { userId: string; issuedAt: Date }>;
  /** Called after every push to `sent`; waitForSent hangs on it. */
  sentListeners: Set<() => void>;
}

export function createSimState(): SimState {
  return {
    sent: [],
    dropped: [],
    cardUpdates: [],
    media: [],
    apiCalls: [],
    inbound: [],
    responseCodes: new Map(),
    taskIds: new Set(),
    oauthCodes: new Map(),
    sentListeners: new Set(),
  };
}

export function recordSent(state: SimState, message: SentMessage): void {
  state.sent.push(message);
  state.sentListeners.forEach((listener) => listener());
}

/** Resolves once `n` messages were delivered; rejects after timeoutMs naming what did arrive. */
export function waitForSent(state: SimState, n: number, timeoutMs: number): Promise<SentMessage[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      if (state.sent.length < n) return false;
      cleanup();
      resolve(state.sent.slice());
      return true;
    };
    const timer = setTimeout(() => {
      cleanup();
      const got = state.sent.map((m) => `${m.msgtype}→${m.recipients.join('|')}`).join(', ');
      reject(new Error(`expected ${n} sent messages within ${timeoutMs} ms, got ${state.sent.length}: [${got}]`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      state.sentListeners.delete(check);
    };
    if (!check()) state.sentListeners.add(check);
  });
}
