/**
 * What one member sees in their chat with the app, built from the simulator's records: what they
 * sent, and every message the app delivered to them, cards shown in their latest state (an
 * update_template_card replaces the card in place, as WeCom does), plus the API traffic list for
 * the side panel. Pure: state in, view models out.
 */
import type { TemplateCard } from '../wecom/api-types';
import { renderCardHtml } from './card-preview';
import type { SimState } from './sim-state';

export interface ChatItem {
  id: string;
  side: 'me' | 'app';
  time: string;
  /** Pre-rendered, escaped HTML of the bubble. */
  html: string;
  taskId?: string;
  cardType?: string;
  /** How many times the card was updated in place. */
  updates?: number;
}

export interface TrafficItem {
  time: string;
  kind: 'send' | 'update' | 'call' | 'error' | 'callback';
  text: string;
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const mediaUrl = (mediaId: string) => `/sandbox/media/${encodeURIComponent(mediaId)}`;

/** Bold, links and line breaks of WeCom's markdown subset; everything else shows as typed. */
export function renderMarkdown(text: string): string {
  return esc(text)
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(/&lt;font color=&quot;\w+&quot;&gt;(.*?)&lt;\/font&gt;/g, '<span class="hl">$1</span>')
    .replace(/\n/g, '<br>');
}

function mediaName(state: SimState, mediaId: string): string {
  return state.media.find((m) => m.mediaId === mediaId)?.filename ?? '文件';
}

export function chatFor(state: SimState, userid: string): ChatItem[] {
  const items: Array<ChatItem & { at: number; seq: number }> = [];
  let seq = 0;
  for (const m of state.inbound) {
    if (m.from !== userid || m.kind === 'tap') continue;
    const html =
      m.kind === 'text' ? esc(m.text).replace(/\n/g, '<br>')
      : m.kind === 'image' ? `<img class="pic" alt="${esc(m.filename)}" src="${mediaUrl(m.mediaId!)}">`
      : `<a class="file" href="${mediaUrl(m.mediaId!)}" target="_blank">[文件] ${esc(m.filename)}</a>`;
    items.push({ id: `in-${seq}`, side: 'me', time: m.time.toISOString(), html, at: m.time.getTime(), seq: seq++ });
  }
  for (const m of state.sent) {
    if (!m.recipients.includes(userid)) continue;
    const body = m.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the stored request body
    let html: string;
    let updates = 0;
    let cardType: string | undefined;
    if (m.msgtype === 'template_card') {
      let card = body.template_card as TemplateCard;
      for (const u of state.cardUpdates) {
        if (!m.taskId || u.taskId !== m.taskId || !(u.userids.length === 0 || u.userids.includes(userid))) continue;
        card = u.mode === 'template_card' && u.templateCard ? u.templateCard : ({ ...card, replace_text: u.replaceName } as TemplateCard);
        updates++;
      }
      cardType = card.card_type;
      html = renderCardHtml(card, { interactive: true });
    } else if (m.msgtype === 'text') html = esc(body.text?.content).replace(/\n/g, '<br>');
    else if (m.msgtype === 'markdown') html = `<div class="md">${renderMarkdown(String(body.markdown?.content ?? ''))}</div>`;
    else if (m.msgtype === 'image') html = `<img class="pic" alt="图片" src="${mediaUrl(body.image?.media_id)}">`;
    else if (m.msgtype === 'file') html = `<a class="file" href="${mediaUrl(body.file?.media_id)}" target="_blank">[文件] ${esc(mediaName(state, body.file?.media_id))}</a>`;
    else if (m.msgtype === 'textcard') {
      const t = body.textcard ?? {};
      html = `<a class="textcard" href="${esc(t.url)}" target="_blank"><b>${esc(t.title)}</b><div class="desc">${esc(t.description)}</div><div class="more">${esc(t.btntxt ?? '详情')} ›</div></a>`;
    } else html = `<i>${esc(m.msgtype)} 消息</i>`;
    items.push({ id: m.msgid, side: 'app', time: m.time.toISOString(), html, taskId: m.taskId, cardType, updates, at: m.time.getTime(), seq: seq++ });
  }
  items.sort((a, b) => a.at - b.at || a.seq - b.seq);
  return items.map(({ at: _at, seq: _seq, ...item }) => item);
}

/** The API traffic, newest first: sends with their recipients, card updates, errors, other calls. */
export function trafficOf(state: SimState, nameOf: (userid: string) => string, limit = 120): TrafficItem[] {
  const out: Array<TrafficItem & { at: number }> = [];
  const who = (ids: string[]) => ids.slice(0, 3).map(nameOf).join('、') + (ids.length > 3 ? ` 等 ${ids.length} 人` : '');
  for (const m of state.sent) {
    const card = (m.body as { template_card?: { main_title?: { title?: string }; card_type?: string } }).template_card;
    const body = m.body as { text?: { content?: string }; markdown?: { content?: string } };
    const words = (body.text?.content ?? body.markdown?.content ?? '').replace(/\s+/g, ' ');
    const what = card ? `${card.card_type}「${card.main_title?.title ?? ''}」` : words ? `${m.msgtype}“${words.slice(0, 24)}${words.length > 24 ? '…' : ''}”` : m.msgtype;
    out.push({ at: m.time.getTime(), time: m.time.toISOString(), kind: 'send', text: `message/send → ${who(m.recipients)}：${what}` });
  }
  for (const u of state.cardUpdates) {
    const what = u.mode === 'button' ? `按钮改为「${u.replaceName}」` : `卡片「${u.templateCard?.main_title?.title ?? ''}」`;
    out.push({ at: u.time.getTime(), time: u.time.toISOString(), kind: 'update', text: `update_template_card → ${who(u.userids)}：${what}` });
  }
  for (const c of state.apiCalls) {
    if (c.method === 'message/send' && c.errcode === 0) continue; // listed above with its content
    if (c.method === 'message/update_template_card' && c.errcode === 0) continue;
    out.push({ at: c.time.getTime(), time: c.time.toISOString(), kind: c.errcode === 0 ? 'call' : 'error', text: `${c.method}${c.errcode === 0 ? '' : ` errcode ${c.errcode}`}` });
  }
  for (const m of state.inbound) {
    const what = m.kind === 'text' ? `“${(m.text ?? '').slice(0, 20)}”` : m.kind === 'tap' ? `点击 ${m.eventKey}` : m.filename;
    out.push({ at: m.time.getTime(), time: m.time.toISOString(), kind: m.status && m.status !== 200 ? 'error' : 'callback', text: `回调 ${nameOf(m.from)}：${what}${m.status && m.status !== 200 ? `（HTTP ${m.status}）` : ''}` });
  }
  return out.sort((a, b) => b.at - a.at).slice(0, limit).map(({ at: _at, ...t }) => t);
}

/** Changes whenever anything the page shows changes; the page polls it. */
export function stateVersion(state: SimState): string {
  return [state.sent.length, state.cardUpdates.length, state.inbound.length, state.apiCalls.length, state.inbound.filter((m) => m.status !== undefined).length].join('.');
}
