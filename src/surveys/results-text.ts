/** Round results, progress and trends as chat text (pure). */
import { percent, STATUS_TEXT, type GroupResult } from './disclosure';
import type { LoadedRound } from './store';
import type { Survey } from './survey.entity';
import { SCALE_LABEL } from './templates';

export function localDate(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function localDateTime(d: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${Number(get('month'))}月${Number(get('day'))}日 ${get('hour')}:${get('minute')}`;
}

export function groupLine(label: string, g: GroupResult): string {
  if (g.status !== 'shown') return `${label}：${STATUS_TEXT[g.status]}`;
  const mean = g.mean === null ? '' : ` · 平均 ${g.mean.toFixed(1)}`;
  const agreeN = Math.round((g.agreeShare ?? 0) * (g.answered ?? 0));
  return `${label}：同意 ${percent(g.agreeShare ?? 0)}（${agreeN}/${g.answered}）${mean}`;
}

function distribution(g: GroupResult): string | null {
  return g.distribution ? `> ${g.distribution.map((d) => `${d.text} ${d.n}`).join(' · ')}` : null;
}

/** What a reader may see of one round: the total (when in scope) and the groups in scope. */
export interface RoundView {
  round: LoadedRound;
  showTotal: boolean;
  groupKeys: ReadonlySet<string> | 'all';
}

export function roundText(v: RoundView, answered: number): string {
  const { survey, result } = v.round;
  const lines = [`**${survey.title}**（${SCALE_LABEL[survey.scale]}，已结束）`, `题目：${survey.question}`];
  if (v.showTotal) {
    lines.push(`对象：${survey.audienceName} · 回答 ${answered}/${survey.invited} 人`);
    lines.push(groupLine('全体', result.total));
    const d = distribution(result.total);
    if (d) lines.push(d);
  }
  for (const g of result.groups) {
    if (v.groupKeys !== 'all' && !v.groupKeys.has(g.key)) continue;
    lines.push(groupLine(g.name, g));
  }
  return lines.join('\n');
}

/** One line per closed round of the same template, oldest first: the agreement share where shown. */
export function trendText(rounds: LoadedRound[], pick: (r: LoadedRound) => GroupResult | null, label: string, tz: string): string | null {
  const points = rounds.flatMap((r) => {
    const g = pick(r);
    if (!g) return [];
    const value = g.status === 'shown' ? `${percent(g.agreeShare ?? 0)}（${g.answered}人）` : g.status === 'none' ? '无人作答' : '不足5人';
    return [`${localDate(r.survey.launchedAt, tz)} ${value}`];
  });
  if (points.length < 2) return null;
  return `趋势（${label}同意比例）：${points.join(' → ')}`;
}

export function progressText(s: Survey, answered: number, tz: string, templateName: string): string {
  return `进行中：**${s.title}**，已回答 ${answered}/${s.invited} 人，截止 ${localDateTime(s.closesAt, tz)}；结束后显示结果（HR 可发送“调查 结束 ${templateName}”提前结束）。`;
}
