/**
 * Renders template_card JSON as HTML that looks like WeCom's card (for the sandbox's card gallery
 * and the README pictures). Pure: card in, HTML string out. Layout follows WeCom's rendering order:
 * source, title, emphasis, quote, subtitle, key-value lines, jump links, selection, buttons.
 */
import type { TemplateCard } from '../wecom/api-types';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const BUTTON_STYLE: Record<number, string> = { 1: 'primary', 2: 'secondary', 3: 'neutral', 4: 'danger' };

export interface RenderOptions {
  /**
   * The sandbox page: buttons, selections and links become live controls (data-key, data-question,
   * href) that the page's script turns into taps; the README gallery renders them inert.
   */
  interactive?: boolean;
}

const link = (url: string | undefined, inner: string, cls: string, live: boolean): string =>
  live && url ? `<a class="${cls}" href="${esc(url)}" target="_blank" rel="noopener">${inner}</a>` : `<div class="${cls}">${inner}</div>`;

export function renderCardHtml(card: TemplateCard, options: RenderOptions = {}): string {
  const live = options.interactive === true;
  const c = card as TemplateCard & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading optional parts of every card type
  const parts: string[] = [];
  if (c.source?.desc) parts.push(`<div class="source">${esc(c.source.desc)}</div>`);
  if (c.main_title?.title) parts.push(`<div class="title">${esc(c.main_title.title)}</div>`);
  if (c.main_title?.desc) parts.push(`<div class="desc">${esc(c.main_title.desc)}</div>`);
  if (c.card_image?.url) parts.push(`<img class="cover" alt="" src="${esc(c.card_image.url)}">`);
  if (c.image_text_area?.image_url) {
    parts.push(`<div class="imgtext"><img alt="" src="${esc(c.image_text_area.image_url)}"><div><b>${esc(c.image_text_area.title)}</b><div class="desc">${esc(c.image_text_area.desc)}</div></div></div>`);
  }
  if (c.emphasis_content?.title) {
    parts.push(`<div class="emphasis"><div class="big">${esc(c.emphasis_content.title)}</div><div class="desc">${esc(c.emphasis_content.desc)}</div></div>`);
  }
  if (c.quote_area?.quote_text || c.quote_area?.title) {
    parts.push(`<div class="quote"><b>${esc(c.quote_area.title)}</b><div>${esc(c.quote_area.quote_text).replace(/\n/g, '<br>')}</div></div>`);
  }
  if (c.sub_title_text) parts.push(`<div class="sub">${esc(c.sub_title_text).replace(/\n/g, '<br>')}</div>`);
  for (const v of c.vertical_content_list ?? []) parts.push(`<div class="vertical"><b>${esc(v.title)}</b><div class="desc">${esc(v.desc)}</div></div>`);
  if (c.horizontal_content_list?.length) {
    const rows = c.horizontal_content_list.map((h: { keyname: string; value?: string; type?: number; url?: string }) => {
      const value = h.type === 1 && live && h.url ? `<a href="${esc(h.url)}" target="_blank" rel="noopener">${esc(h.value)}</a>` : esc(h.value);
      return `<tr><td class="k">${esc(h.keyname)}</td><td class="${h.type ? 'link' : ''}">${value}</td></tr>`;
    });
    parts.push(`<table class="kv">${rows.join('')}</table>`);
  }
  for (const j of c.jump_list ?? []) parts.push(link(j.type === 1 ? j.url : undefined, `${esc(j.title)} ›`, 'jump', live));
  if (c.button_selection) {
    const sel = c.button_selection;
    const chosen = sel.option_list.find((o: { id: string }) => o.id === sel.selected_id) ?? sel.option_list[0];
    parts.push(live
      ? `<label class="select"><span>${esc(sel.title)}</span><select data-question="${esc(sel.question_key)}">${sel.option_list.map((o: { id: string; text: string }) => `<option value="${esc(o.id)}"${o.id === chosen?.id ? ' selected' : ''}>${esc(o.text)}</option>`).join('')}</select></label>`
      : `<div class="select"><span>${esc(sel.title)}</span><span>${esc(chosen?.text)} ▾</span></div>`);
  }
  if (c.checkbox) {
    const multi = c.checkbox.mode === 1;
    parts.push(`<div class="checks">${c.checkbox.option_list.map((o: { id: string; text: string; is_checked?: boolean }) => live
      ? `<label><input type="${multi ? 'checkbox' : 'radio'}" name="${esc(c.checkbox.question_key)}" data-question="${esc(c.checkbox.question_key)}" value="${esc(o.id)}"${o.is_checked ? ' checked' : ''}> ${esc(o.text)}</label>`
      : `<div>${o.is_checked ? '☑' : '☐'} ${esc(o.text)}</div>`).join('')}</div>`);
  }
  for (const s of c.select_list ?? []) {
    parts.push(live
      ? `<label class="select"><span>${esc(s.title)}</span><select data-question="${esc(s.question_key)}">${s.option_list.map((o: { id: string; text: string }) => `<option value="${esc(o.id)}"${o.id === s.selected_id ? ' selected' : ''}>${esc(o.text)}</option>`).join('')}</select></label>`
      : `<div class="select"><span>${esc(s.title)}</span><span>${esc(s.option_list[0]?.text)} ▾</span></div>`);
  }
  if (c.replace_text) parts.push(`<div class="buttons"><span class="btn done">${esc(c.replace_text)}</span></div>`);
  else if (c.button_list?.length) {
    parts.push(`<div class="buttons">${c.button_list.map((b: { text: string; style?: number; key?: string; type?: number; url?: string }) => {
      const cls = `btn ${BUTTON_STYLE[b.style ?? 1] ?? 'primary'}`;
      if (!live) return `<span class="${cls}">${esc(b.text)}</span>`;
      if (b.type === 1 && b.url) return `<a class="${cls}" href="${esc(b.url)}" target="_blank" rel="noopener">${esc(b.text)}</a>`;
      return `<button type="button" class="${cls}" data-key="${esc(b.key)}">${esc(b.text)}</button>`;
    }).join('')}</div>`);
  } else if (c.submit_button) {
    const text = esc(c.submit_button.text ?? '提交');
    parts.push(`<div class="buttons">${live ? `<button type="button" class="btn primary" data-key="${esc(c.submit_button.key)}" data-submit="1">${text}</button>` : `<span class="btn primary">${text}</span>`}</div>`);
  } else if (c.card_action) parts.push(link(c.card_action.type === 1 ? c.card_action.url : undefined, '查看详情 ›', 'more', live));
  return `<div class="card">${parts.join('\n')}</div>`;
}

export const CARD_CSS = `
body{margin:0;padding:16px;background:#f2f3f5;font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2329}
.card{width:360px;background:#fff;border-radius:8px;padding:16px 16px 12px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.source{font-size:12px;color:#8f959e;margin-bottom:8px}.title{font-size:17px;font-weight:600;line-height:1.4}
.desc{font-size:13px;color:#8f959e;margin-top:4px}.emphasis{margin:12px 0}.emphasis .big{font-size:32px;font-weight:600;color:#3370ff}
.quote{background:#f5f6f7;border-left:3px solid #c9cdd4;padding:8px;margin:10px 0;font-size:13px;color:#646a73}
.sub{font-size:14px;color:#4e5969;margin:10px 0;line-height:1.6}.vertical{margin:8px 0;font-size:14px}
.kv{width:100%;border-collapse:collapse;font-size:14px;margin:8px 0}.kv td{padding:4px 0;vertical-align:top}
.kv .k{color:#8f959e;width:84px}.kv .link{color:#3370ff}.jump{color:#3370ff;font-size:14px;padding:6px 0;border-top:1px solid #f0f1f2}
.select{display:flex;justify-content:space-between;border:1px solid #e5e6eb;border-radius:4px;padding:8px;margin:8px 0;font-size:14px}
.checks div{padding:4px 0;font-size:14px}.buttons{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.btn{flex:1 1 40%;text-align:center;padding:8px 0;border-radius:4px;font-size:14px;border:1px solid #dee0e3}
.btn.primary{background:#3370ff;color:#fff;border-color:#3370ff}.btn.danger{color:#f54a45}.btn.done{color:#8f959e;background:#f5f6f7}
.more{display:block;font-size:14px;color:#3370ff;border-top:1px solid #f0f1f2;padding-top:10px;margin-top:10px;text-decoration:none}
a.jump,.kv a{display:block;text-decoration:none;color:#3370ff}.kv a{display:inline}button.btn,a.btn{cursor:pointer;font:inherit;text-decoration:none}
.cover{width:100%;border-radius:4px;margin:8px 0}.imgtext{display:flex;gap:8px;margin:8px 0}.imgtext img{width:64px;height:64px;object-fit:cover}
.select select{border:none;background:none;font:inherit;color:#1f2329}.checks label{display:block;padding:4px 0;font-size:14px}`;

export function renderCardPage(card: TemplateCard, title = 'card'): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${CARD_CSS}</style></head><body>${renderCardHtml(card)}</body></html>`;
}
