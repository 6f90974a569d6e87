/**
 * The scorecard detail page (查看详情) as server-rendered HTML: no framework, no script, a phone
 * layout. Pure: view model in, HTML out; every text goes through esc().
 */
import { renderScoreChanges } from './h5-changes';
import { formatLine } from '../../cards/scorecard-detail-card';
import { behaviourText, weekMonthText } from '../../cards/scorecard-text';
import type { AggregateKind, ScoredLine } from '../domain/scoring';
import type { ScorecardView } from '../repositories/scorecards';

const H5_STYLE = `
*{box-sizing:border-box}body{margin:0;background:#f2f3f5;color:#1f2329;font:15px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:720px;margin:0 auto;padding:12px 12px 32px}header{padding:8px 4px 12px}header h1{font-size:20px;margin:0}header p{margin:2px 0;color:#646a73}
.period{font-size:13px}.card,.line{background:#fff;border-radius:10px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.total{display:flex;align-items:baseline;gap:6px}.total .score{font-size:40px;font-weight:600;color:#1677ff}.unit{color:#646a73}
h2{font-size:16px;margin:12px 0 6px}h2.section{margin:18px 4px 0}h3{display:flex;justify-content:space-between;gap:8px;font-size:16px;margin:0 0 6px}
h3 .score{color:#1677ff;white-space:nowrap}.kv{display:flex;gap:10px;padding:3px 0;font-size:14px}.kv span{flex:0 0 4.8em;color:#646a73}.kv b{font-weight:400;word-break:break-all}
table{width:100%;border-collapse:collapse;font-size:13px}th,td{text-align:left;padding:5px 4px;border-bottom:1px solid #eef0f2;vertical-align:top}th{color:#646a73;font-weight:400;white-space:nowrap}
.num{text-align:right;white-space:nowrap}.time{white-space:nowrap}td small{display:block;color:#8f959e}.scroll{overflow-x:auto}.comp{margin-top:8px}
.missing td,.muted,.excluded td{color:#8f959e}.excluded td{text-decoration:line-through}.warn{color:#d46b08;margin:4px 0}
.breach{border-left:4px solid #f5222d}.nodata{border-left:4px solid #faad14}.tag{font-style:normal;font-size:12px;border:1px solid #d0d3d6;border-radius:4px;padding:0 4px;margin-left:6px;color:#646a73}
.tag.red{color:#f5222d;border-color:#f5222d}.summary-line{margin:0 0 6px;color:#646a73;font-size:13px}details{margin-top:6px}summary{color:#1677ff;cursor:pointer}
ul{padding-left:18px;margin:6px 0}.tags li.praise b{color:#389e0d}.tags li.remind b{color:#d46b08}blockquote{margin:6px 0;padding:6px 10px;background:#f7f8fa;border-radius:6px}
.notice{text-align:center;margin-top:60px}.notice h1{font-size:20px}footer{margin:16px 4px;color:#8f959e;font-size:12px}`;

export interface PageRecord {
  at: string;
  input: string;
  value: string;
  source: string;
  ref: string;
  externalId: string;
  /** Left out by an approved exception. */
  excluded: boolean;
}

export interface PageLine {
  line: ScoredLine;
  /** The formula with input labels, e.g. "合格品数量 / (合格品数量 + 报废品数量) * 100". */
  formula: string | null;
  sourceNote: string | null;
  /** Per formula input: how the period's records are combined, how many there are, the result (null: no records). */
  inputs: Array<{ label: string; aggregate: AggregateKind; count: number; value: string | null }>;
  records: PageRecord[];
  /** For a metric an alert rule watches: the baseline before the period, how it was computed, each rule's threshold. */
  baseline?: { value: string; how: string; rules: string[] } | null;
}

export interface ScorecardPageView {
  scorecard: ScorecardView;
  month: { label: string; totalDisplay: string } | null;
  review: { stars: number; comment: string; reviewerName: string; periodKey: string } | null;
  tags: Array<{ polarity: 'praise' | 'remind'; tag: string; note: string; authorName: string; at: string }>;
  lines: PageLine[];
  /** Every approved exception that touched the period; `effect` says whether it changed the score and why not. */
  exceptions: Array<{ kind: string; window: string; note: string; days: string; metrics: string; recordsExcluded: number; effect: string; used: boolean }>;
  /** Source records not loaded (over the page's limit). */
  moreRecords: number;
  generatedAt: string;
}

export function esc(text: unknown): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function layout(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(title)}</title><style>${H5_STYLE}</style></head>`,
    `<body><main>${body}</main></body></html>`,
  ].join('\n');
}

/** A page that only says something: 400/401/403/404/500. */
export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<section class="card notice"><h1>${esc(title)}</h1><p>${esc(message)}</p></section>`);
}

function row(label: string, value: string, cls = ''): string {
  return `<div class="kv${cls ? ` ${cls}` : ''}"><span>${esc(label)}</span><b>${esc(value)}</b></div>`;
}

/** The names people use for the aggregations, so the listed records can be added up by hand. */
export const AGGREGATE_LABELS: Readonly<Record<AggregateKind, string>> = Object.freeze({
  sum: '求和',
  avg: '平均',
  last: '最新',
  max: '最大',
  min: '最小',
});

function renderSummary(v: ScorecardPageView): string {
  const s = v.scorecard;
  const { automatic, review, collaboration } = s.components;
  const pct = (x: number) => `${Math.round(1000 * x) / 10}%`;
  const comps = [automatic, review, collaboration]
    .map((c) => `<tr${c.missing ? ' class="missing"' : ''}><td>${esc(c.label)}</td><td>${esc(c.missing ? '缺' : c.display)}</td><td>${esc(pct(c.configuredShare))}</td><td>${esc(c.missing || s.total === null ? '未计入' : pct(c.effectiveWeight))}</td></tr>`)
    .join('');
  const b = s.behaviour;
  const behaviourRow = b
    ? `<tr class="behaviour"><td>行为分</td><td>${esc(b.display)}</td><td>${esc(pct(b.configuredShare))}</td><td>${esc(b.weight > 0 ? pct(b.weight) : '不计入')}</td></tr>`
    : '';
  const peer = s.peer
    ? `${s.peer.group}第 ${s.peer.rank}/${s.peer.of} 名${s.peer.of > 1 ? `，超过 ${s.peer.percentile}% 的同事` : ''}`
    : s.total === null ? '不参与排名（数据不足）' : '暂无';
  const basis = s.total === null && s.basis.reason
    ? `<p class="warn insufficient">${esc(s.basis.reason)}；本期不出总分，不参与排名。</p>`
    : s.missing.length > 0 ? `<p class="warn">缺少：${esc(s.missing.join('、'))}（按其余部分折算，见"实际占比"）</p>` : '';
  const monthRow = weekMonthText(s) && s.scoringMonth
    ? row('计入月份', `${s.scoringMonth.label}（本周周四所在月；本周的主管评价、跨部门协作、关键结果、行为分和本月累计都按这个月）`)
    : '';
  return `<section class="card summary">
<div class="total"><span class="score">${esc(s.totalDisplay)}</span><span class="unit">总分</span></div>
${basis}
${monthRow}${v.month ? row('本月累计', `${v.month.totalDisplay}（${v.month.label}至今）`) : ''}${row('同组排名', peer)}
<table class="comp"><thead><tr><th>组成</th><th>得分</th><th>配置权重</th><th>实际占比</th></tr></thead><tbody>${comps}${behaviourRow}</tbody></table>
${b ? `<p class="summary-line">行为分 ${esc(behaviourText(b))}：本月所有表扬、提醒标签分值之和加基准 60，限 0–100。</p>` : ''}
</section>`;
}

function inputText(i: PageLine['inputs'][number]): string {
  const how = AGGREGATE_LABELS[i.aggregate];
  if (i.value === null) return `${i.label}（${how}）无记录${i.aggregate === 'sum' ? '，按 0 计' : ''}`;
  return `${i.label}（${how}，${i.count} 条）${i.value}`;
}

function renderRecords(records: PageRecord[]): string {
  if (records.length === 0) return '<p class="muted">本期没有源数据记录。</p>';
  const rows = records
    .map((r) => {
      const doc = [r.ref, r.externalId && r.externalId !== r.ref ? r.externalId : ''].filter(Boolean).join(' · ');
      return `<tr${r.excluded ? ' class="excluded"' : ''}><td class="time">${esc(r.at)}</td><td>${esc(r.input)}</td><td class="num">${esc(r.value)}</td><td>${esc(doc || '—')}<small>${esc(r.source)}${r.excluded ? ' · 异常期间已剔除' : ''}</small></td></tr>`;
    })
    .join('');
  return `<details${records.length <= 8 ? ' open' : ''}><summary>源数据 ${records.length} 条</summary>
<div class="scroll"><table class="records"><thead><tr><th>时间</th><th>输入项</th><th>数值</th><th>单据</th></tr></thead><tbody>${rows}</tbody></table></div></details>`;
}

function renderLine(p: PageLine): string {
  const l = p.line;
  const cls = l.floorBreached ? 'line breach' : l.status === 'scored' ? 'line' : 'line nodata';
  const target = l.kind === 'key_result' ? '目标 100%' : l.target === null ? '—' : `${l.direction === 'lower_better' ? '上限 ≤' : '目标 ≥'}${+l.target.toFixed(2)}${l.unit ?? ''}`;
  const badges = [l.floor ? '<i class="tag">底线</i>' : '', l.floorBreached ? '<i class="tag red">未达底线</i>' : ''].join('');
  const parts = [
    `<h3><span>${esc(l.name)}${badges}</span><b class="score">${esc(l.display)}</b></h3>`,
    `<p class="summary-line">${esc(formatLine(l))}</p>`,
    row('权重', String(+l.weight.toFixed(2))),
    row(l.kind === 'key_result' ? '进度目标' : '目标', target),
  ];
  if (l.targetBefore !== undefined) parts.push(row('原目标', `${+l.targetBefore.toFixed(2)}（异常申报后按剩余工作日折算）`));
  if (p.formula) parts.push(row('计算公式', p.formula));
  if (l.kind === 'metric' && l.recordsUsed === 0) parts.push(row('本期汇总', '本期没有记录'));
  else if (p.inputs.length > 0) parts.push(row('本期汇总', p.inputs.map(inputText).join('；')));
  if (p.sourceNote) parts.push(row('数据来源', p.sourceNote));
  if (p.baseline) {
    parts.push(row('预警基线', p.baseline.value), row('基线算法', p.baseline.how));
    if (p.baseline.rules.length) parts.push(row('预警规则', p.baseline.rules.join('；')));
  }
  if (l.reason && l.status !== 'scored') parts.push(`<p class="warn">${esc(l.reason)}</p>`);
  if (l.exceptionNote) parts.push(`<p class="muted">${esc(l.exceptionNote)}</p>`);
  if (l.note) parts.push(`<p class="muted">${esc(l.note)}</p>`);
  if (l.kind === 'metric') parts.push(renderRecords(p.records));
  return `<section class="${cls}">${parts.join('\n')}</section>`;
}

function renderExtras(v: ScorecardPageView): string {
  const out: string[] = [];
  if (v.exceptions.length > 0) {
    const items = v.exceptions.map(
      (e) =>
        `<li class="${e.used ? 'used' : 'unused'}"><b>${esc(e.kind)}</b> ${esc(e.window)}，${esc(e.days)} 个工作日${e.metrics ? `，涉及 ${esc(e.metrics)}` : ''}${e.recordsExcluded > 0 ? `，剔除 ${e.recordsExcluded} 条记录` : ''}<br>${esc(e.effect)}${e.note ? `<br><small>${esc(e.note)}</small>` : ''}</li>`,
    );
    out.push(`<section class="card exceptions"><h2>本期异常申报（已批准）</h2><ul>${items.join('')}</ul></section>`);
  }
  const review = v.review
    ? `<p><b>${esc(v.review.reviewerName)}</b>（${esc(v.review.periodKey)}，${esc(v.review.stars)} 星）</p><blockquote>${esc(v.review.comment || '（未填写评语）')}</blockquote>`
    : '<p class="muted">本月主管尚未评价。</p>';
  const word = { praise: '表扬', remind: '提醒' } as const;
  const tags = v.tags.length > 0
    ? `<ul class="tags">${v.tags.map((t) => `<li class="${t.polarity}"><b>${word[t.polarity]}·${esc(t.tag)}</b> ${esc(t.authorName)} · ${esc(t.at)}${t.note ? `<br><small>${esc(t.note)}</small>` : ''}</li>`).join('')}</ul>`
    : '<p class="muted">本期暂无表扬或提醒。</p>';
  const behaviour = v.scorecard.behaviour ? `<p class="summary-line">行为分 ${esc(behaviourText(v.scorecard.behaviour))}</p>` : '';
  out.push(`<section class="card"><h2>主管评语</h2>${review}<h2>表扬与提醒</h2>${behaviour}${tags}</section>`);
  return out.join('\n');
}

export function renderScorecardPage(v: ScorecardPageView): string {
  const s = v.scorecard;
  const who = [s.employee.departmentName, s.employee.position].filter(Boolean).join(' · ');
  const head = `<header><h1>${esc(s.employee.name)}的绩效详情</h1><p>${esc(who || s.employee.userId)}</p><p class="period">${esc(s.period.label)}</p></header>`;
  const lines = v.lines.length > 0 ? v.lines.map(renderLine).join('\n') : '<section class="line nodata"><p>本期没有考核指标或关键结果。</p></section>';
  const more = v.moreRecords > 0 ? `<p class="muted">另有 ${v.moreRecords} 条源数据未显示。</p>` : '';
  const foot = `<footer>数据更新于 ${esc(v.generatedAt)}。对得分有异议，可在绩效卡片上点「发起申诉」。</footer>`;
  return layout(`${s.employee.name} · ${s.period.label}`, [head, renderSummary(v), renderScoreChanges(s.changes), `<h2 class="section">指标明细（${v.lines.length} 项）</h2>`, lines, more, renderExtras(v), foot].join('\n'));
}
