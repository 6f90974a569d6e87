/**
 * 排行: a department's members by total for a period. Equal totals share a rank (1, 2, 2, 4);
 * members without a total are listed after the ranked ones, unranked.
 */
import { formatScore } from '../src/domain/scoring/format';
import type { TextNoticeCard } from '../src/wecom/card-types';
import { clipText } from './review-keys';

export interface RankingEntry {
  userId: string;
  name: string;
  total: number | null;
  display: string;
}

export type RankedEntry = RankingEntry & { rank: number | null };

const TIE = 1e-9;

export function rankByTotal(entries: readonly RankingEntry[]): RankedEntry[] {
  const scored = entries.filter((e) => e.total !== null).sort((a, b) => b.total! - a.total! || a.name.localeCompare(b.name, 'zh-Hans-CN'));
  const ranked: RankedEntry[] = [];
  scored.forEach((e, i) => {
    const prev = ranked[i - 1];
    const rank = prev && Math.abs(prev.total! - e.total!) < TIE ? prev.rank : i + 1;
    ranked.push({ ...e, rank });
  });
  const unscored = entries.filter((e) => e.total === null).sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
  return [...ranked, ...unscored.map((e) => ({ ...e, rank: null }))];
}

export function buildRankingCard(v: {
  department: string;
  periodLabel: string;
  ranked: readonly RankedEntry[];
  askerId: string;
  link: string;
  top?: number;
}): TextNoticeCard {
  const scored = v.ranked.filter((e) => e.rank !== null);
  const line = (e: RankedEntry) => `${e.rank ?? '—'}. ${e.name} ${e.display}${e.userId === v.askerId ? '（我）' : ''}`;
  const me = v.ranked.find((e) => e.userId === v.askerId);
  const unscored = v.ranked.length - scored.length;
  const linesFor = (top: number) => {
    const lines = scored.slice(0, top).map(line);
    if (me && me.rank !== null && scored.indexOf(me) >= top) lines.push('…', line(me));
    if (unscored > 0) lines.push(`另有 ${unscored} 人暂无总分`);
    return lines.join('\n');
  };
  // Top 10 when it fits the sub title (160 characters), fewer when names are long.
  let top = v.top ?? 10;
  while (top > 1 && [...linesFor(top)].length > 160) top -= 1;
  const mean = scored.length > 0 ? scored.reduce((s, e) => s + e.total!, 0) / scored.length : null;
  const horizontal = [
    { keyname: '人数', value: `${v.ranked.length} 人` },
    { keyname: '已有总分', value: `${scored.length} 人` },
    { keyname: '平均分', value: formatScore(mean) },
  ];
  if (me) horizontal.push({ keyname: '我的排名', value: me.rank === null ? '暂无总分' : `${me.rank}/${scored.length}` });
  return {
    card_type: 'text_notice',
    source: { desc: '绩效助手 · 排行' },
    main_title: { title: clipText(`${v.department}绩效排行`, 36), desc: clipText(v.periodLabel, 44) },
    sub_title_text: clipText(scored.length === 0 ? '本期还没有人有总分（缺少数据和评价）。' : linesFor(top), 160),
    horizontal_content_list: horizontal,
    card_action: { type: 1, url: v.link },
  };
}
