/** The /h5/outcomes page's HTML (pure): before/after table, the trend chart and table, the method. */
import type { OutcomeBundle } from '../outcomes/outcome-service';
import { BETTER_WORD, CHANGE_WORD } from '../outcomes/report';
import { esc, layout } from './h5-page';

export interface OutcomesPageView {
  bundle: OutcomeBundle;
  /** The trend chart as inline SVG (server-rendered ECharts). */
  chartSvg: string;
  generatedAt: string;
}

export function renderOutcomesPage(v: OutcomesPageView): string {
  const { report, trend } = v.bundle;
  const head = `<section class="card"><h1>效果验证 · ${esc(report.span.label)}</h1><p>${esc(report.scope)} · ${report.baseline ? `基线 ${esc(report.baseline.label)}` : '尚未设置基线期'}</p></section>`;
  const table = [
    '<section class="card"><h2>改革前后对比</h2><table><thead><tr><th>指标</th><th>基线</th><th>本期</th><th>变化</th></tr></thead><tbody>',
    ...report.rows.map((r) => `<tr><td>${esc(r.name)}${r.better ? `<br><small>${BETTER_WORD[r.better]}</small>` : ''}</td><td>${esc(r.before?.text ?? '—')}</td><td><b>${esc(r.now.text)}</b><br><small>${esc(r.now.sample)}</small></td><td>${r.change ? CHANGE_WORD[r.change] : '—'}</td></tr>`),
    '</tbody></table></section>',
  ].join('\n');
  const chart = `<section class="card"><h2>近 ${trend.length} 个月趋势</h2><div style="overflow-x:auto">${v.chartSvg}</div></section>`;
  const months = [
    `<section class="card"><h2>逐月数据</h2><div style="overflow-x:auto"><table><thead><tr><th>指标</th>${trend.map((t) => `<th>${esc(t.span.key)}</th>`).join('')}</tr></thead><tbody>`,
    ...report.rows.map((r, i) => `<tr><td>${esc(r.name)}</td>${trend.map((t) => `<td>${esc(t.rows[i]!.value.value ?? '—')}</td>`).join('')}</tr>`),
    '</tbody></table></div><p><small>“—”表示数据不足或暂无调查（没有样本，不是 0）。</small></p></section>',
  ].join('\n');
  const method = [
    '<section class="card"><h2>口径</h2><p>主管时间 = 记录的动作次数 × 每次分钟数：</p><ul>',
    ...v.bundle.actionMinutes.map((a) => `<li>${esc(a.label)}：${a.minutes} 分钟（${esc(a.source)}）</li>`),
    `</ul><p>各指标的定义见 docs/outcomes.md。生成于 ${esc(v.generatedAt)}。</p></section>`,
  ].join('\n');
  return layout(`效果验证 · ${report.span.label}`, [head, table, chart, months, method].join('\n'));
}
