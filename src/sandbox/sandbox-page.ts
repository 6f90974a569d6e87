/**
 * The sandbox page at the simulator's root: pick a demo member, chat with the app as them in a
 * phone-shaped WeCom chat, tap card buttons, send a picture or file, open card links, watch the
 * WeCom API traffic and move the clock to fire the scheduled pushes. Server-rendered HTML and one
 * small inline script that polls /sandbox/feed; no build step. Text for people is Chinese.
 */
import { CARD_CSS } from './card-preview';

export interface PagePerson {
  userid: string;
  name: string;
  position: string;
  department: string;
  departmentOrder: number;
  left: boolean;
}

export interface PageModel {
  people: PagePerson[];
  featured: Array<PagePerson & { note: string }>;
  /** The clock buttons work only when the simulator runs next to the app (npm start). */
  clockControl: boolean;
}

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const QUICK = ['帮助', '查询', '表扬', '提醒', '待办', '排行', '申诉'];

function personButton(p: PagePerson, note?: string): string {
  const search = `${p.name} ${p.userid} ${p.position} ${p.department}`;
  return `<button type="button" class="person${p.left ? ' left' : ''}" data-user="${esc(p.userid)}" data-search="${esc(search)}">`
    + `<span class="avatar">${esc(p.name.slice(-2))}</span><span class="who"><b>${esc(p.name)}</b> <small>${esc(p.userid)}</small>`
    + `<small class="pos">${esc(note ?? `${p.department} · ${p.position}`)}${p.left ? ' · 已离职' : ''}</small></span></button>`;
}

function peopleList(model: PageModel): string {
  const groups = new Map<string, PagePerson[]>();
  const sorted = [...model.people].sort((a, b) => b.departmentOrder - a.departmentOrder);
  for (const p of sorted) groups.set(p.department, [...(groups.get(p.department) ?? []), p]);
  const featured = model.featured.map((p) => personButton(p, p.note)).join('');
  const depts = [...groups].map(([name, list]) => `<details><summary>${esc(name)}（${list.length} 人）</summary>${list.map((p) => personButton(p)).join('')}</details>`).join('');
  return `<div class="featured"><h3>试试这些人</h3>${featured}</div><h3>全部 ${model.people.length} 人</h3>${depts}`;
}

const PAGE_CSS = `
body{margin:0;padding:0;background:#e9ebef;height:100vh;overflow:hidden}
.top{display:flex;align-items:center;gap:12px;padding:10px 16px;background:#2b2f36;color:#fff;font-size:14px}
.top b{font-size:16px}.top .sp{flex:1}.top button{background:#3370ff;color:#fff;border:0;border-radius:4px;padding:6px 10px;font:inherit;cursor:pointer}
.top button:disabled{background:#5b6270;cursor:default}#clock{font-variant-numeric:tabular-nums}
main{display:flex;gap:16px;padding:16px;height:calc(100vh - 76px);box-sizing:border-box}
#people{width:250px;overflow:auto;background:#fff;border-radius:8px;padding:8px}
#people h3{font-size:13px;color:#8f959e;margin:10px 6px 6px;font-weight:500}#people input{width:100%;box-sizing:border-box;padding:6px 8px;border:1px solid #dee0e3;border-radius:4px}
#people summary{cursor:pointer;padding:6px;font-size:14px}
.person{display:flex;gap:8px;align-items:center;width:100%;border:0;background:none;padding:6px;text-align:left;cursor:pointer;border-radius:6px;font:inherit}
.person:hover{background:#f2f3f5}.person.on{background:#e1eaff}.person.left{opacity:.55}
.avatar{flex:none;width:34px;height:34px;border-radius:6px;background:#3370ff;color:#fff;display:flex;align-items:center;justify-content:center;font-size:12px}
.who{display:flex;flex-direction:column;font-size:14px;line-height:1.3}.who small{color:#8f959e;font-size:12px}
#phone{width:390px;flex:none;background:#ededed;border-radius:28px;border:10px solid #1f2329;display:flex;flex-direction:column;overflow:hidden}
.phone-head{background:#f7f7f7;border-bottom:1px solid #ddd;padding:12px 14px;text-align:center;font-size:16px}
.phone-head small{display:block;color:#8f959e;font-size:12px}
#chat{flex:1;overflow-y:auto;padding:12px 10px}
.msg{display:flex;margin:10px 0;gap:8px;align-items:flex-start}.msg.me{flex-direction:row-reverse}
.msg .avatar{width:32px;height:32px}.msg.app .avatar{background:#00b386}
.bubble{max-width:280px;background:#fff;border-radius:6px;padding:9px 11px;font-size:14px;line-height:1.55;word-break:break-word}
.msg.me .bubble{background:#95ec69}.bubble.card-wrap{padding:0;background:none}
.bubble .card{width:278px;padding:13px 13px 11px;box-shadow:none}.bubble .card .title{font-size:16px}
.updated .card{outline:2px solid #ffc53d;transition:outline-color 2s}.tag-updated{font-size:11px;color:#b38600;margin:2px 4px}
.pic{max-width:200px;border-radius:4px;display:block}.file{color:#1f2329}.md .hl{color:#f54a45}
.textcard{display:block;color:inherit;text-decoration:none}
.empty{color:#8f959e;text-align:center;font-size:13px;margin-top:40px;line-height:1.8}
.quick{display:flex;gap:6px;overflow-x:auto;padding:6px 8px;background:#f7f7f7;border-top:1px solid #ddd}
.quick button{flex:none;border:1px solid #dee0e3;background:#fff;border-radius:14px;padding:3px 10px;font:inherit;font-size:13px;cursor:pointer}
#composer{display:flex;gap:6px;padding:8px;background:#f7f7f7;align-items:center}
#composer input[type=text]{flex:1;padding:8px;border:1px solid #dee0e3;border-radius:4px;font:inherit}
#composer button,.clip{border:0;background:#07c160;color:#fff;border-radius:4px;padding:8px 12px;font:inherit;cursor:pointer}
.clip{background:#fff;color:#1f2329;border:1px solid #dee0e3;padding:6px 9px}
#traffic{flex:1;min-width:260px;overflow:auto;background:#fff;border-radius:8px;padding:8px 12px}
#traffic h3{font-size:14px;margin:6px 0}#traffic p{font-size:12px;color:#8f959e;margin:4px 0 8px}
#traffic ol{list-style:none;margin:0;padding:0;font-size:12px;font-family:ui-monospace,Menlo,monospace}
#traffic li{padding:4px 0;border-bottom:1px solid #f0f1f2;display:flex;gap:8px}#traffic li time{color:#8f959e;flex:none}
#traffic li.send span{color:#1f2329}#traffic li.update span{color:#3370ff}#traffic li.error span{color:#f54a45}#traffic li.callback span{color:#00875a}
#traffic li.call span{color:#8f959e}#toast{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);background:#1f2329;color:#fff;padding:8px 14px;border-radius:6px;font-size:13px;display:none}`;

/** The browser side: small on purpose. Polls the feed, renders new and updated bubbles in place. */
const SCRIPT = `
const $ = (s) => document.querySelector(s);
const params = new URLSearchParams(location.search);
let me = params.get('as') || 'lihua';
let version = '';
let offset = 0;
const names = {};
document.querySelectorAll('.person').forEach((b) => { names[b.dataset.user] = b.querySelector('b').textContent; });
const toast = (t) => { const el = $('#toast'); el.textContent = t; el.style.display = 'block'; clearTimeout(toast.t); toast.t = setTimeout(() => (el.style.display = 'none'), 2500); };
const post = async (url, body) => {
  const r = await fetch(url, body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await r.json().catch(() => ({}));
  if (!r.ok) toast(json.error || '请求失败');
  else if (json.status !== undefined && json.status !== 200) toast('绩效助手没有正常应答（HTTP ' + json.status + '）');
  return json;
};
function choose(user) {
  me = user; version = '';
  document.querySelectorAll('.person').forEach((b) => b.classList.toggle('on', b.dataset.user === me));
  const shown = document.querySelector('#people details .person.on');
  if (shown && !document.querySelector('.featured .person.on')) { shown.closest('details').open = true; shown.scrollIntoView({ block: 'nearest' }); }
  $('#phone').dataset.user = me;
  $('#who').textContent = (names[me] || me);
  $('#chat').innerHTML = '';
  history.replaceState(null, '', '?as=' + encodeURIComponent(me));
  poll();
}
function fmt(ms) {
  return new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}
function renderChat(items) {
  const chat = $('#chat');
  const atBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  let added = false;
  if (!items.length) chat.innerHTML = '<div class="empty">还没有消息。<br>在下面输入命令（例如“帮助”），或点一下快捷命令。</div>';
  else chat.querySelector('.empty')?.remove();
  for (const it of items) {
    let el = chat.querySelector('[data-id="' + CSS.escape(it.id) + '"]');
    if (!el) {
      el = document.createElement('div');
      el.className = 'msg ' + it.side;
      el.dataset.id = it.id;
      el.dataset.updates = '0';
      el.innerHTML = '<span class="avatar">' + (it.side === 'me' ? (names[me] || me).slice(-2) : '绩效') + '</span><div class="col"><div class="bubble"></div></div>';
      chat.appendChild(el);
      added = true;
    }
    if (it.taskId) el.dataset.task = it.taskId;
    if (it.cardType) el.dataset.cardType = it.cardType;
    const bubble = el.querySelector('.bubble');
    bubble.classList.toggle('card-wrap', Boolean(it.cardType));
    if (el.dataset.html !== it.html) {
      bubble.innerHTML = it.html;
      el.dataset.html = it.html;
    }
    if (String(it.updates || 0) !== el.dataset.updates) {
      el.dataset.updates = String(it.updates || 0);
      el.classList.add('updated');
      let note = el.querySelector('.tag-updated');
      if (!note) { note = document.createElement('div'); note.className = 'tag-updated'; el.querySelector('.col').appendChild(note); }
      note.textContent = '卡片已更新（第 ' + it.updates + ' 次）';
    }
  }
  if (added && (atBottom || true)) chat.scrollTop = chat.scrollHeight;
}
function renderTraffic(list) {
  $('#traffic-list').innerHTML = list.map((t) => '<li class="' + t.kind + '"><time>' + fmt(Date.parse(t.time)).replace(/^.*?(\\d+:\\d+)$/, '$1') + '</time><span></span></li>').join('');
  $('#traffic-list').querySelectorAll('li span').forEach((s, i) => (s.textContent = list[i].text));
}
async function poll() {
  const asked = me;
  try {
    const r = await fetch('/sandbox/feed?user=' + encodeURIComponent(me) + '&v=' + encodeURIComponent(version));
    const feed = await r.json();
    if (asked !== me) return;
    offset = feed.clock.offsetMs;
    showClock();
    if (!feed.unchanged) { version = feed.version; renderChat(feed.items); renderTraffic(feed.traffic); }
  } catch (e) { /* the simulator restarts: try again */ }
}
setInterval(poll, 500);
function showClock() { $('#clock').textContent = '模拟时间 ' + fmt(Date.now() + offset); }
setInterval(showClock, 1000);
$('#people').addEventListener('click', (e) => { const b = e.target.closest('.person'); if (b) choose(b.dataset.user); });
$('#search').addEventListener('input', (e) => {
  const q = e.target.value.trim();
  document.querySelectorAll('#people details').forEach((d) => { d.open = q.length > 0; });
  document.querySelectorAll('#people details .person').forEach((b) => { b.style.display = !q || b.dataset.search.includes(q) ? '' : 'none'; });
});
const say = async (text) => { if (!text.trim()) return; await post('/sandbox/say', { from: me, text }); poll(); };
$('#composer').addEventListener('submit', (e) => { e.preventDefault(); const t = $('#text').value; $('#text').value = ''; say(t); });
document.querySelectorAll('.quick button').forEach((b) => b.addEventListener('click', () => say(b.textContent)));
$('#file').addEventListener('change', async (e) => {
  const file = e.target.files[0]; if (!file) return;
  const form = new FormData(); form.append('from', me); form.append('file', file, file.name);
  e.target.value = '';
  await post('/sandbox/upload', form); poll();
});
$('#chat').addEventListener('click', async (e) => {
  const button = e.target.closest('button[data-key]');
  if (!button) return;
  const msg = button.closest('.msg');
  const selected = {};
  msg.querySelectorAll('[data-question]').forEach((input) => {
    const q = input.dataset.question;
    if (input.tagName === 'SELECT') selected[q] = [input.value];
    else if (input.checked) (selected[q] = selected[q] || []).push(input.value);
  });
  const selectedItems = Object.entries(selected).map(([questionKey, optionIds]) => ({ questionKey, optionIds }));
  button.disabled = true;
  await post('/sandbox/tap', { from: me, eventKey: button.dataset.key, taskId: msg.dataset.task, cardType: msg.dataset.cardType, selectedItems });
  poll();
});
document.querySelectorAll('[data-clock]').forEach((b) => b.addEventListener('click', async () => {
  const r = await post('/sandbox/clock', { to: b.dataset.clock });
  if (r.now) toast('时间已调到 ' + fmt(Date.parse(r.now)) + '，正在执行定时推送');
  poll();
}));
choose(me);
`;

export function renderSandboxPage(model: PageModel): string {
  const disabled = model.clockControl ? '' : ' disabled title="只有 npm start 的沙盒可以调时间"';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>perfbot 沙盒 · 模拟企业微信</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CARD_CSS}${PAGE_CSS}</style></head><body>
<div class="top"><b>perfbot 沙盒</b><span>模拟企业微信 · 所有消息都经过真实的加密回调和企业微信 API</span><span class="sp"></span>
<span id="clock">模拟时间</span><button type="button" data-clock="friday"${disabled}>调到周五 17:00（周报推送）</button><button type="button" data-clock="25th"${disabled}>调到 25 日 09:00（评价待办）</button></div>
<main>
<aside id="people"><input id="search" type="search" placeholder="搜索姓名、账号、岗位">${peopleList(model)}</aside>
<section id="phone"><div class="phone-head">绩效助手<small>当前身份：<span id="who"></span></small></div>
<div id="chat" data-testid="chat"></div>
<div class="quick">${QUICK.map((q) => `<button type="button">${esc(q)}</button>`).join('')}</div>
<form id="composer"><label class="clip" title="发送图片或文件">＋<input id="file" type="file" hidden></label><input id="text" type="text" placeholder="输入命令，例如：查询 本月" autocomplete="off"><button type="submit">发送</button></form>
</section>
<aside id="traffic"><h3>企业微信 API 流量</h3><p>应用调用的接口（发消息、更新卡片、错误）和成员发来的回调，最新的在上面。</p><ol id="traffic-list"></ol></aside>
</main><div id="toast"></div>
<script>${SCRIPT}</script></body></html>`;
}
