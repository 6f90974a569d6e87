/**
 * The manager's weekly team summary: the team's average, how the totals spread, the lowest few,
 * floor breaches and who has no data yet, with links to the lowest members' detail pages.
 */
import { formatScore, roundTo } from '../src/domain/scoring';
import type { CardHorizontalContent, CardJump, TextNoticeCard } from '../src/wecom/card-types';
import { clipText } from './review-keys';

export interface TeamMemberScore {
  userId: string;
  name: string;
  /** The week's total; null without one. */
  total: number | null;
  /** Names of the lines below their floor. */
  breaches: string[];
  /** No KPI/KR line was scored this week (nothing assigned, or no records yet). */
  noData: boolean;
  detailUrl: string;
}

export interface TeamSummaryCardView {
  managerName: string;
  period: { key: string; label: string };
  members: TeamMemberScore[];
  /** Where the card opens when no member has a score (the manager's own page). */
  fallbackUrl: string;
}

export const SCORE_BANDS = [
  { keyname: '90分以上', min: 90 },
  { keyname: '80-89分', min: 80 },
  { keyname: '60-79分', min: 60 },
  { keyname: '60分以下', min: -Infinity },
] as const;

const LOWEST = 3;

export interface TeamSummary {
  average: number | null;
  scored: number;
  /** Counts per SCORE_BANDS entry, on the totals as shown (one decimal). */
  bands: number[];
  lowest: TeamMemberScore[];
  breaches: TeamMemberScore[];
  noData: TeamMemberScore[];
}

export function summariseTeam(members: TeamMemberScore[]): TeamSummary {
  const scored = members.filter((m): m is TeamMemberScore & { total: number } => m.total !== null);
  const bands = SCORE_BANDS.map(() => 0);
  for (const m of scored) bands[SCORE_BANDS.findIndex((b) => roundTo(m.total, 1) >= b.min)] += 1;
  const lowest = [...scored].sort((a, b) => a.total - b.total || a.name.localeCompare(b.name, 'zh')).slice(0, LOWEST);
  return {
    average: scored.length === 0 ? null : scored.reduce((acc, m) => acc + m.total, 0) / scored.length,
    scored: scored.length,
    bands,
    lowest,
    breaches: members.filter((m) => m.breaches.length > 0),
    noData: members.filter((m) => m.noData),
  };
}

function names(list: string[], max: number): string {
  return list.length <= max ? list.join('、') : `${list.slice(0, max).join('、')} 等 ${list.length} 人`;
}

export function buildTeamSummaryCard(v: TeamSummaryCardView): TextNoticeCard {
  const s = summariseTeam(v.members);
  const horizontal: CardHorizontalContent[] = [
    { keyname: '团队人数', value: `${v.members.length} 人（${s.scored} 人有总分）` },
    ...SCORE_BANDS.map((b, i) => ({ keyname: b.keyname, value: `${s.bands[i]} 人` })),
  ];
  const lines = [
    `最低：${s.lowest.length > 0 ? s.lowest.map((m) => `${m.name} ${formatScore(m.total)}`).join('、') : '暂无'}`,
    `未达底线：${s.breaches.length > 0 ? names(s.breaches.map((m) => `${m.name}（${m.breaches.join('、')}）`), 3) : '无'}`,
    `暂无数据：${s.noData.length > 0 ? names(s.noData.map((m) => m.name), 6) : '无'}`,
  ];
  const jumps: CardJump[] = s.lowest.map((m) => ({ type: 1, title: clipText(`查看${m.name}的详情`, 20), url: m.detailUrl }));
  return {
    card_type: 'text_notice',
    source: { desc: '绩效助手 · 团队周报' },
    main_title: { title: clipText(`${v.managerName}的团队 · 本周绩效`, 36), desc: clipText(v.period.label, 44) },
    emphasis_content: {
      title: formatScore(s.average),
      desc: s.average === null ? '团队本周暂无总分' : `团队平均分（${s.scored} 人）`,
    },
    sub_title_text: clipText(lines.join('\n'), 160),
    horizontal_content_list: horizontal.slice(0, 6),
    ...(jumps.length > 0 ? { jump_list: jumps } : {}),
    card_action: { type: 1, url: jumps[0]?.url ?? v.fallbackUrl },
  };
}
