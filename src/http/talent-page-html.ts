/**
 * The nine-box page (/h5/talent) as server-rendered HTML: the grid with names, filters, and a
 * person's talent profile. Pure: view model in, HTML out; every text goes through esc().
 */
import type { CadreScreenRun } from '../entities';
import type { BoxCode, BoxDefinition } from '../talent/boxes';
import { describeRule, outcomeMark, type ScreenEntry } from '../talent/screening';
import type { TalentProfile } from '../talent/talent-profile';
import type { ReviewRow } from '../talent/talent-reviews';
import { esc } from './h5-page';

const STYLE = `
*{box-sizing:border-box}body{margin:0;background:#f2f3f5;color:#1f2329;font:15px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif}
main{max-width:960px;margin:0 auto;padding:12px 12px 32px}h1{font-size:20px;margin:8px 4px}p.sub{margin:0 4px 10px;color:#646a73;font-size:13px}
.card{background:#fff;border-radius:10px;padding:12px 14px;margin:10px 0;box-shadow:0 1px 2px rgba(0,0,0,.05)}
.filters div{margin:4px 0;font-size:14px}.chip{display:inline-block;margin:2px 6px 2px 0;padding:1px 8px;border-radius:12px;border:1px solid #d0d3d6;color:#1677ff;text-decoration:none}.chip.on{background:#1677ff;border-color:#1677ff;color:#fff;font-weight:400}
table.grid{width:100%;border-collapse:separate;border-spacing:6px;table-layout:fixed}table.grid td{background:#eef4ff;border-radius:8px;vertical-align:top;padding:8px;height:120px}
table.grid td.hh{background:#d6e4ff}table.grid th{font-weight:400;color:#646a73;font-size:13px}td .box{font-weight:600}td .action{color:#646a73;font-size:12px;margin:2px 0 6px}
td a{display:inline-block;margin:2px 6px 2px 0;color:#1677ff;text-decoration:none}td a.moved{color:#d46b08}.count{float:right;color:#646a73;font-size:13px}
table.t{width:100%;border-collapse:collapse;font-size:13px}table.t th,table.t td{text-align:left;padding:5px 4px;border-bottom:1px solid #eef0f2}table.t th{color:#646a73;font-weight:400}
.num{text-align:right}.muted{color:#8f959e}.warn{color:#d46b08}h2{font-size:16px;margin:6px 0}ul{padding-left:18px;margin:6px 0}`;

export interface TalentPageView {
  quarterLabel: string;
  quarterKey: string;
  status: 'draft' | 'published';
  boxes: BoxDefinition[];
  rows: ReviewRow[];
  departments: Array<{ id: number; name: string }>;
  positions: string[];
  filter: { departmentId: number | null; position: string | null };
  quarters: string[];
  /** Builds a link to this page with other parameters (keeps the viewer's token). */
  link: (params: Record<string, string | null>) => string;
  profile: TalentProfile | null;
  canCalibrate: boolean;
  generatedAt: string;
}

const POT_ROWS: Array<{ level: 'high' | 'mid' | 'low'; label: string }> = [
  { level: 'high', label: '潜力高' },
  { level: 'mid', label: '潜力中' },
  { level: 'low', label: '潜力低' },
];
const PERF_COLS: Array<{ level: 'low' | 'mid' | 'high'; label: string }> = [
  { level: 'low', label: '业绩低' },
  { level: 'mid', label: '业绩中' },
  { level: 'high', label: '业绩高' },
];

export function renderTalentPage(v: TalentPageView): string {
  const status = v.status === 'draft' ? '草稿（校准中）' : '已发布（已冻结）';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`${v.quarterLabel} 人才九宫格`)}</title><style>${STYLE}</style></head><body><main>
<h1>${esc(`${v.quarterLabel} 人才九宫格`)}</h1><p class="sub">${esc(status)} · 横轴业绩、纵轴潜力，算法见 docs/talent.md · 生成于 ${esc(v.generatedAt)}</p>
${renderFilters(v)}${renderGrid(v)}${renderNotPlaced(v)}${v.profile ? renderProfile(v.profile, v) : ''}
</main></body></html>`;
}

function renderFilters(v: TalentPageView): string {
  const chip = (label: string, params: Record<string, string | null>, on: boolean) =>
    on ? `<b class="chip on">${esc(label)}</b>` : `<a class="chip" href="${esc(v.link({ ...params, user: null }))}">${esc(label)}</a>`;
  return `<div class="card filters">
<div>季度：${v.quarters.map((q) => chip(q, { quarter: q }, q === v.quarterKey)).join('')}</div>
<div>部门：${chip('全部', { department: null }, v.filter.departmentId === null)}${v.departments.map((d) => chip(d.name, { department: String(d.id) }, d.id === v.filter.departmentId)).join('')}</div>
<div>岗位：${chip('全部', { position: null }, v.filter.position === null)}${v.positions.map((p) => chip(p, { position: p }, p === v.filter.position)).join('')}</div>
</div>`;
}

function visible(v: TalentPageView): ReviewRow[] {
  return v.rows.filter((r) => (v.filter.departmentId === null || r.departmentId === v.filter.departmentId) && (v.filter.position === null || r.position === v.filter.position));
}

function renderGrid(v: TalentPageView): string {
  const rows = visible(v);
  const cell = (code: BoxCode) => {
    const box = v.boxes.find((b) => b.code === code)!;
    const people = rows.filter((r) => r.finalBox === code);
    const names = people
      .map((r) => {
        const moved = r.finalBox !== r.computedBox;
        const title = moved ? `系统计算：${nameOf(v.boxes, r.computedBox)}，校准后：${box.name}` : `业绩 ${r.performance ?? '—'} · 潜力 ${r.potential}`;
        return `<a class="${moved ? 'moved' : ''}" href="${esc(v.link({ user: r.userId }))}" title="${esc(title)}">${esc(r.name)}${moved ? '*' : ''}</a>`;
      })
      .join('');
    return `<td class="${code}"><span class="count">${people.length} 人</span><div class="box">${esc(box.name)}</div><div class="action">${esc(box.meaning)} · ${esc(box.action)}</div>${names}</td>`;
  };
  const body = POT_ROWS.map((p) => `<tr><th>${p.label}</th>${PERF_COLS.map((c) => cell(`${c.level[0]}${p.level[0]}` as BoxCode)).join('')}</tr>`).join('');
  const hint = v.canCalibrate && v.status === 'draft' ? '<p class="sub">标 * 的人已被校准（鼠标悬停看原格子）。校准请在企业微信里发送：调整 @姓名 格子名 原因；确认后 HR 发送“发布九宫格”。</p>' : '<p class="sub">标 * 的人已被校准（鼠标悬停看原格子）。</p>';
  return `<div class="card"><table class="grid"><tr><th></th>${PERF_COLS.map((c) => `<th>${c.label}</th>`).join('')}</tr>${body}</table>${hint}</div>`;
}

function renderNotPlaced(v: TalentPageView): string {
  const missing = visible(v).filter((r) => r.finalBox === null);
  if (missing.length === 0) return '';
  return `<div class="card"><h2>数据不足，本季度未落格（${missing.length} 人）</h2><p>${missing.map((r) => `<a href="${esc(v.link({ user: r.userId }))}">${esc(r.name)}</a>`).join('、')}</p></div>`;
}

function nameOf(boxes: BoxDefinition[], code: BoxCode | null): string {
  return code ? boxes.find((b) => b.code === code)?.name ?? code : '数据不足';
}

const SIGNALS: Array<{ key: 'behaviour' | 'learning' | 'collaboration' | 'trend'; label: string }> = [
  { key: 'behaviour', label: '行为表现（标签分值和）' },
  { key: 'learning', label: '学习成长（学时 + 8 × 认证/技能/完成的计划）' },
  { key: 'collaboration', label: '协作贡献（星级 × 20 + 5 × 建议/共享关键结果）' },
  { key: 'trend', label: '成长趋势（本季度 − 上季度业绩）' },
];

function renderProfile(p: TalentProfile, v: TalentPageView): string {
  const parts: string[] = [`<div class="card"><h2>${esc(p.name)} · ${esc(p.position)} 的人才档案</h2>`];
  const row = p.row;
  if (row) {
    const d = row.placement.detail;
    parts.push(
      `<p>业绩 <b>${row.performance ?? '数据不足'}</b>（各月总分：${d.input.monthlyTotals.map((t) => (t === null ? '无' : t)).join(' / ')}${d.placement.performanceRank != null ? `；组内百分位 ${d.placement.performanceRank}` : ''}）· ` +
        `潜力指数 <b>${row.potential}</b>${d.placement.potentialRank != null ? `（组内百分位 ${d.placement.potentialRank}）` : ''} · ` +
        `系统计算：<b>${esc(nameOf(p.boxes, row.computedBox))}</b>${row.finalBox !== row.computedBox ? ` → 校准后：<b class="warn">${esc(nameOf(p.boxes, row.finalBox))}</b>` : ''}</p>`,
    );
    parts.push(`<table class="t"><tr><th>潜力信号</th><th class="num">原始值</th><th class="num">组内百分位</th></tr>${SIGNALS.map(
      (s) => `<tr><td>${esc(s.label)}</td><td class="num">${d.placement.signals[s.key]}</td><td class="num">${d.placement.signalRanks[s.key]}</td></tr>`,
    ).join('')}</table><p class="sub">比较组：${esc(d.placement.groupKey === 'company' ? '全公司' : '本部门')}（${d.placement.groupSize} 人）${d.placement.notes.length ? ` · ${esc(d.placement.notes.join('；'))}` : ''}</p>`);
    if (row.moves.length > 0) {
      parts.push(`<h2>校准记录</h2><ul>${row.moves.map((m) => `<li>${esc(m.actor.replace(/^user:/, ''))}：${esc(nameOf(p.boxes, m.fromBox as BoxCode | null))} → ${esc(nameOf(p.boxes, m.toBox as BoxCode))}，原因：${esc(m.reason)}</li>`).join('')}</ul>`);
    }
  } else {
    parts.push('<p class="muted">本季度没有盘点结果。</p>');
  }
  parts.push(`<h2>历次九宫格</h2><p>${p.path.length ? p.path.map((x) => `${esc(x.quarterKey)} ${esc(x.boxName)}${x.status === '草稿' ? '（草稿）' : ''}`).join(' → ') : '暂无'}</p>`);
  parts.push(
    `<h2>发展计划</h2>${
      p.plans.length === 0
        ? '<p class="muted">暂无（季度结果发布后按所在格子生成）</p>'
        : p.plans
            .map(
              ({ plan, checkins }) =>
                `<p><b>${esc(plan.quarterKey)}</b> ${esc(plan.goal)}（${plan.status === 'done' ? '已完成' : '进行中'}）</p><ul>${plan.actions.map((a) => `<li>${esc(a.title)}，截止 ${esc(a.due)}</li>`).join('')}</ul>${
                  checkins.length ? `<p class="sub">月度跟进：${checkins.map((c) => `${esc(c.monthKey)} ${CHECKIN_WORD[c.status]}${c.note ? `（${esc(c.note)}）` : ''}`).join('；')}</p>` : ''
                }`,
            )
            .join('')
    }`,
  );
  parts.push(`<h2>本季度标签</h2>${p.tags.length ? `<ul>${p.tags.map((t) => `<li>${esc(t.at)} ${t.polarity === 'praise' ? '表扬' : '提醒'}·${esc(t.tag)}（${t.weight > 0 ? '+' : ''}${t.weight}）</li>`).join('')}</ul>` : '<p class="muted">无</p>'}`);
  parts.push(`<h2>主管月度评价</h2>${p.reviews.length ? `<ul>${p.reviews.map((r) => `<li>${esc(r.periodKey)}：${r.stars} 星 ${esc(r.comment)}</li>`).join('')}</ul>` : '<p class="muted">无</p>'}</div>`);
  return parts.join('');
}

export const CHECKIN_WORD: Record<string, string> = { done: '已完成', in_progress: '进行中', blocked: '受阻' };

export interface CadrePageView {
  run: CadreScreenRun;
  /** Re-evaluating the stored rules on the stored facts gave the stored list. */
  replayMatches: boolean;
  finalNames: string[];
  adjustments: Array<{ name: string; action: 'add' | 'remove'; reason: string; actor: string; at: string }>;
  ranAt: string;
}

export function renderCadrePage(v: CadrePageView): string {
  const names = v.run.result.boxNames;
  const rules = v.run.rules.map((r) => describeRule(r, (c) => names[c] ?? c));
  const table = (entries: ScreenEntry[]) =>
    entries.length === 0
      ? '<p class="muted">无</p>'
      : `<div style="overflow-x:auto"><table class="t"><tr><th>姓名</th><th>部门 · 岗位</th>${rules.map((r) => `<th>${esc(r)}</th>`).join('')}</tr>${entries
          .map((e) => `<tr><td>${esc(e.name)}</td><td>${esc(e.department)} · ${esc(e.position)}</td>${e.outcomes.map((o) => `<td class="${o.passed ? '' : 'warn'}">${outcomeMark(o)} ${esc(o.evidence)}</td>`).join('')}</tr>`)
          .join('')}</table></div>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(`储备干部初筛：${v.run.screenName}`)}</title><style>${STYLE}</style></head><body><main>
<h1>${esc(`储备干部初筛：${v.run.screenName}`)}</h1><p class="sub">第 ${v.run.id} 次运行 · ${esc(v.ranAt)} · ${v.run.result.evaluated} 人参与 · ${v.replayMatches ? '按存档的规则和数据复核：结果一致' : '<b class="warn">按存档数据复核：结果不一致</b>'}</p>
<div class="card"><h2>规则（全部满足才入选）</h2><ol>${rules.map((r) => `<li>${esc(r)}</li>`).join('')}</ol></div>
<div class="card"><h2>候选人（${v.run.result.candidates.length} 人）</h2>${table(v.run.result.candidates)}</div>
<div class="card"><h2>差一条（${v.run.result.nearMisses.length} 人）</h2>${table(v.run.result.nearMisses)}</div>
<div class="card"><h2>待补数据（${(v.run.result.pending ?? []).length} 人）</h2><p class="sub">其他规则都满足，但入职日期未登记、司龄未知：不算入选，也不算落选；在员工导入中补填“入职日期”后重新运行。</p>${table(v.run.result.pending ?? [])}</div>
<div class="card"><h2>手工调整</h2>${v.adjustments.length === 0 ? '<p class="muted">无：名单完全由数据产生。</p>' : `<ul>${v.adjustments.map((a) => `<li>${esc(a.at)} ${esc(a.actor)} ${a.action === 'add' ? '增加' : '移除'} ${esc(a.name)}，原因：${esc(a.reason)}</li>`).join('')}</ul>`}<p>最终名单：${esc(v.finalNames.join('、') || '无')}</p></div>
</main></body></html>`;
}
