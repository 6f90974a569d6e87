/** The detail page's "成绩变动" section: each published number that moved, old → new and why. */
import type { ScoreChange } from '../domain/published';
import { esc } from './h5-page';

export function renderScoreChanges(changes: ScoreChange[] | undefined): string {
  if (!changes || changes.length === 0) return '';
  const word = { total: '总分', rank: '同组排名' } as const;
  const items = changes.map(
    (c) => `<li>${esc(c.periodLabel)}${esc(word[c.what])}：已发布 <b>${esc(c.from)}</b> → 现为 <b>${esc(c.to)}</b><br><small>原因：${esc(c.reasons.join('、'))}</small></li>`,
  );
  return `<section class="card changes"><h2>成绩变动</h2><p class="muted">以下数字与推送给您的卡片不同，每次变动均有审计记录。</p><ul>${items.join('')}</ul></section>`;
}
