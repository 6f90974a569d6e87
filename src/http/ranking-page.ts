/**
 * The ranking page behind the 排行 card: a department's members by total for a period, each name
 * opening that person's detail page. Pure: view model in, HTML out; every text goes through esc().
 */
import type { RankedEntry } from '../../cards/ranking-card';
import { esc, layout } from './h5-page';

export interface RankingPageView {
  department: string;
  periodLabel: string;
  rows: Array<RankedEntry & { position: string; automatic: string; review: string; collaboration: string; detailUrl: string }>;
  viewerId: string;
  /** Links to the same page for the previous and next period (null: none). */
  previous: { label: string; url: string } | null;
  next: { label: string; url: string } | null;
  generatedAt: string;
}

export function renderRankingPage(v: RankingPageView): string {
  const scored = v.rows.filter((r) => r.rank !== null);
  const mean = scored.length ? (scored.reduce((s, r) => s + (r.total ?? 0), 0) / scored.length).toFixed(1) : '—';
  const rows = v.rows.map((r) => {
    const me = r.userId === v.viewerId ? '<em class="tag">我</em>' : '';
    return `<tr${r.rank === null ? ' class="missing"' : ''}><td class="num">${r.rank ?? '—'}</td><td><a href="${esc(r.detailUrl)}">${esc(r.name)}</a>${me}<small>${esc(r.position)}</small></td>`
      + `<td class="num"><b>${esc(r.display)}</b></td><td class="num">${esc(r.automatic)}</td><td class="num">${esc(r.review)}</td><td class="num">${esc(r.collaboration)}</td></tr>`;
  });
  const nav = [v.previous ? `<a href="${esc(v.previous.url)}">‹ ${esc(v.previous.label)}</a>` : '', v.next ? `<a href="${esc(v.next.url)}">${esc(v.next.label)} ›</a>` : '']
    .filter(Boolean).join('　');
  const body = [
    `<header><h1>${esc(v.department)}绩效排行</h1><p class="period">${esc(v.periodLabel)}</p></header>`,
    `<section class="card"><div class="kv"><span>人数</span><b>${v.rows.length} 人</b></div><div class="kv"><span>已有总分</span><b>${scored.length} 人</b></div><div class="kv"><span>平均分</span><b>${mean}</b></div></section>`,
    `<section class="card scroll"><table id="ranking"><thead><tr><th class="num">名次</th><th>姓名</th><th class="num">总分</th><th class="num">自动数据</th><th class="num">主管评价</th><th class="num">跨部门协作</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    scored.length < v.rows.length ? `<p class="muted">没有总分的同事（缺少数据和评价）排在最后，不参与排名。</p>` : '',
    '</section>',
    nav ? `<p>${nav}</p>` : '',
    `<footer>点姓名查看该同事的绩效详情。生成于 ${esc(v.generatedAt)}。</footer>`,
  ].join('\n');
  return layout(`${v.department}绩效排行 · ${v.periodLabel}`, body);
}
