/**
 * message/send body rules (§4.2, §4.3), pure. errcodes follow WeCom's global table where one fits;
 * which code WeCom picks for each malformed body is not confirmed by the protocol notes, so tests
 * should assert "non-zero and not retryable" rather than the exact code where it says [?].
 */
import { validateTemplateCard } from './validate-card';

type Json = Record<string, unknown>;

export interface Rejection {
  errcode: number;
  errmsg: string;
}

export const ERR = {
  /** 40008 invalid message type. */
  msgtype: 40008,
  /** 40056 invalid agentid. */
  agentid: 40056,
  /** 40058 invalid parameter: the catch-all for malformed bodies [?]. */
  param: 40058,
  /** 44004 empty text content [?: also used for empty markdown]. */
  emptyContent: 44004,
  /** 40007 invalid media_id. */
  mediaId: 40007,
} as const;

const MEDIA_TYPES = new Set(['image', 'voice', 'video', 'file']);
const TEXT_LIMIT_BYTES = 2048;

const reject = (errcode: number, errmsg: string): Rejection => ({ errcode, errmsg });
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

export function splitRecipients(value: unknown): string[] {
  return typeof value === 'string' ? value.split('|').map((s) => s.trim()).filter((s) => s !== '') : [];
}

export function validateSendBody(body: Json, agentId: number, mediaExists: (mediaId: string) => boolean): Rejection | null {
  if (Number(body.agentid) !== agentId) return reject(ERR.agentid, 'invalid agentid');
  const touser = splitRecipients(body.touser);
  const toparty = splitRecipients(body.toparty);
  const totag = splitRecipients(body.totag);
  if (touser.length + toparty.length + totag.length === 0) return reject(ERR.param, 'touser, toparty and totag are all empty');
  if (touser.length > 1000) return reject(ERR.param, 'touser: at most 1000 userids');
  if (toparty.length > 100 || totag.length > 100) return reject(ERR.param, 'toparty/totag: at most 100 ids');

  const msgtype = String(body.msgtype ?? '');
  const content = body[msgtype];
  if (msgtype === 'text' || msgtype === 'markdown') {
    return isObject(content) && isText(content.content) ? null : reject(ERR.emptyContent, `${msgtype}.content: empty`);
  }
  if (MEDIA_TYPES.has(msgtype)) {
    const mediaId = isObject(content) ? content.media_id : undefined;
    return isText(mediaId) && mediaExists(mediaId) ? null : reject(ERR.mediaId, `${msgtype}.media_id: invalid media_id`);
  }
  if (msgtype === 'textcard') {
    const ok = isObject(content) && isText(content.title) && isText(content.description) && isText(content.url);
    return ok ? null : reject(ERR.param, 'textcard: title, description and url are required');
  }
  if (msgtype === 'news') {
    const articles = isObject(content) ? content.articles : undefined;
    const ok = Array.isArray(articles) && articles.length >= 1 && articles.length <= 8;
    return ok ? null : reject(ERR.param, 'news.articles: 1 to 8 articles required');
  }
  if (msgtype === 'template_card') {
    const problem = validateTemplateCard(content);
    return problem ? reject(ERR.param, `invalid template_card, ${problem}`) : null;
  }
  return reject(ERR.msgtype, `invalid message type ${JSON.stringify(msgtype)}`);
}

/** WeCom truncates text and markdown content beyond 2048 bytes rather than rejecting it. */
export function truncateContent(body: Json): Json {
  const msgtype = String(body.msgtype);
  const content = body[msgtype];
  if ((msgtype !== 'text' && msgtype !== 'markdown') || !isObject(content) || typeof content.content !== 'string') return body;
  return { ...body, [msgtype]: { ...content, content: truncateUtf8(content.content, TEXT_LIMIT_BYTES) } };
}

export function truncateUtf8(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = maxBytes;
  while (end > 0 && (buf[end] & 0xc0) === 0x80) end -= 1; // do not cut a multi-byte character
  return buf.subarray(0, end).toString('utf8');
}
