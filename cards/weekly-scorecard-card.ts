/**
 * The Friday scorecard (每周绩效看板): the week's total (or 数据不足 and what is missing) and its
 * month so far (the month of the week's Thursday, named in the title), the three components with
 * their configured weights and actual shares, the peer rank, the approved exceptions and what they
 * did, as many KPI/KR lines as fit with floor breaches and low scores first, the 行为分 with the
 * supervisor's comment and the week's tags, and three buttons:
 *   查看详情   url → the H5 detail page
 *   发起申诉   appeal:start:<week>
 *   补充材料   appeal:evidence:<week>
 */
import { shortMonthLabel, type Component, type ScoredLine } from '../src/domain/scoring';
import type { ScoreChange } from '../src/domain/published';
import type { ScorecardView } from '../src/repositories/scorecards';
import type { ButtonInteractionCard, CardHorizontalContent } from '../src/wecom/card-types';
import { appealEvidenceKey, appealStartKey } from './appeal-keys';
import { buildTaskId } from './keys';
import { clipText } from './review-keys';
import { changeNoteRoom, withChangeNote } from './score-changes';
import { formatLine } from './scorecard-detail-card';
import { behaviourText, shareText, totalText, weekMonthText } from './scorecard-text';

const SUB_TITLE_MAX = 160;
const LINE_MAX = 60;
const QUOTE_MAX = 120;

export interface WeeklyScorecardCardView {
  week: ScorecardView;
  /** The month so far; null when not computed. */
  month: { label: string; totalDisplay: string } | null;
  review: { stars: number; comment: string; reviewerName: string } | null;
  tags: Array<{ polarity: 'praise' | 'remind'; tag: string; authorName: string }>;
  detailUrl: string;
  taskId: string;
  /** Published numbers that changed since they were sent (last week's and this one's). */
  changes?: ScoreChange[];
}

/** Unique per card and app: run, period and recipient (a userid outside WeCom's task_id charset is hashed in). */
export function weeklyScorecardTaskId(runId: number, periodKey: string, userId: string, kind = 'wsc'): string {
  const safe = /^[A-Za-z0-9_\-@]+$/.test(userId) ? userId : `${userId.replace(/[^A-Za-z0-9_\-@]/g, '_')}-${shortHash(userId)}`;
  return buildTaskId(kind, `${runId}-${periodKey}-${safe}`);
}

function shortHash(text: string): string {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.codePointAt(0)!, 16777619) >>> 0;
  return h.toString(36);
}

/** Floor breaches first, then scored lines from the lowest score up, then lines without a score. */
export function prioritiseLines(lines: ScoredLine[]): ScoredLine[] {
  const rank = (l: ScoredLine) => (l.floorBreached ? 0 : l.status === 'scored' ? 1 : 2);
  return lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => rank(a.line) - rank(b.line) || (a.line.score ?? 0) - (b.line.score ?? 0) || a.i - b.i)
    .map((x) => x.line);
}

/** As many prioritised lines as fit in `room` characters, then "另有 N 项见详情". */
export function fitCardLines(lines: ScoredLine[], room = SUB_TITLE_MAX, lead: string[] = []): { text: string; shown: number } {
  const head = lead.map((t) => clipText(t, LINE_MAX));
  if (lines.length === 0) return { text: [...head, '本周暂无考核指标数据。'].join('\n'), shown: 0 };
  const texts = prioritiseLines(lines).map((l) => clipText(formatLine(l), LINE_MAX));
  const len = (t: string) => [...t].length;
  const all = [...head, ...texts].join('\n');
  if (len(all) <= room) return { text: all, shown: texts.length };
  for (let k = texts.length - 1; k > 0; k--) {
    const text = [...head, ...texts.slice(0, k), `另有 ${texts.length - k} 项见详情`].join('\n');
    if (len(text) <= room) return { text, shown: k };
  }
  return { text: [...head, `共 ${texts.length} 项指标，见详情`].join('\n'), shown: 0 };
}

/** '76.5 · 权重70%', '85.0 · 权重70%，实占100%' or '缺 · 权重20%，未计入'. */
export function componentText(c: Component, hasTotal: boolean): string {
  return `${c.missing ? '缺' : c.display} · ${shareText(c, hasTotal)}`;
}

function peerText(v: ScorecardView): string {
  if (!v.peer) return v.total === null ? '不参与排名（数据不足）' : '暂无';
  const beat = v.peer.of > 1 ? `，超过${v.peer.percentile}%` : '';
  return `${v.peer.group}第${v.peer.rank}/${v.peer.of}${beat}`;
}

/** One line per approved exception of the week: '异常申报·设备故障：已采用' / '…：未改变得分'. */
function exceptionLines(v: ScorecardView): string[] {
  return v.exceptionsApplied.map((e) => `异常申报·${e.kind}：${e.effect === 'used' ? '已采用，见详情' : '未改变得分，原因见详情'}`);
}

/** The 行为分, the supervisor's comment and the week's tags, or null when there are none of them. */
export function reviewAndTagsText(v: Pick<WeeklyScorecardCardView, 'review' | 'tags'> & { behaviour?: ScorecardView['behaviour']; monthLabel?: string }): string | null {
  const parts: string[] = [];
  if (v.behaviour) parts.push(`${v.monthLabel ?? '本月'}行为分 ${behaviourText(v.behaviour)}`);
  if (v.review) parts.push(`${v.review.reviewerName}（${v.review.stars}星）：${v.review.comment || '（未填写评语）'}`);
  const word = { praise: '表扬', remind: '提醒' } as const;
  const shown = v.tags.slice(0, 4).map((t) => `${word[t.polarity]}·${t.tag}（${t.authorName}）`);
  if (v.tags.length > 4) shown.push(`等 ${v.tags.length} 条`);
  if (shown.length > 0) parts.push(shown.join('；'));
  return parts.length > 0 ? clipText(parts.join('\n'), QUOTE_MAX) : null;
}

export function buildWeeklyScorecardCard(v: WeeklyScorecardCardView): ButtonInteractionCard {
  const w = v.week;
  const { automatic, review, collaboration } = w.components;
  const hasTotal = w.total !== null;
  const monthKey = w.scoringMonth ? `${shortMonthLabel(w.scoringMonth)}累计` : '本月累计';
  const horizontal: CardHorizontalContent[] = [
    { keyname: '本周总分', value: totalText(w) },
    ...(v.month ? [{ keyname: monthKey, value: v.month.totalDisplay }] : []),
    { keyname: '自动数据', value: componentText(automatic, hasTotal) },
    { keyname: '主管评价', value: componentText(review, hasTotal) },
    { keyname: '跨部门协作', value: componentText(collaboration, hasTotal) },
    { keyname: '同组排名', value: peerText(w) },
  ];
  const quote = reviewAndTagsText({ ...v, behaviour: w.behaviour, monthLabel: w.scoringMonth ? shortMonthLabel(w.scoringMonth) : undefined });
  const desc = [w.period.label, weekMonthText(w)].filter(Boolean).join(' · ');
  const card: ButtonInteractionCard = {
    card_type: 'button_interaction',
    task_id: v.taskId,
    source: { desc: '绩效助手 · 每周绩效看板' },
    main_title: { title: clipText(`${w.employee.name} · 本周绩效 ${w.totalDisplay}`, 36), desc: clipText(desc, 44) },
    sub_title_text: withChangeNote(v.changes, fitCardLines(w.lines, SUB_TITLE_MAX - changeNoteRoom(v.changes), exceptionLines(w)).text),
    horizontal_content_list: horizontal.slice(0, 6),
    card_action: { type: 1, url: v.detailUrl },
    button_list: [
      { text: '查看详情', style: 1, type: 1, url: v.detailUrl },
      { text: '发起申诉', style: 2, key: appealStartKey(w.period.key) },
      { text: '补充材料', style: 2, key: appealEvidenceKey(w.period.key) },
    ],
  };
  const quoteTitle = [w.behaviour ? '行为分' : '', v.review ? '主管评语' : '', v.tags.length > 0 ? '本周标签' : ''].filter(Boolean).join(' · ');
  if (quote) card.quote_area = { type: 0, title: quoteTitle, quote_text: quote };
  return card;
}
