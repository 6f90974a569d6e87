/**
 * 查询: one person's scorecard for a period with every line. The card holds the total (or 数据不足),
 * the three components with their configured weights and actual shares, the peer rank, the 行为分,
 * every approved exception with what it did, and as many lines as fit in sub_title_text; when they
 * do not all fit, the full list goes in a second (markdown) message.
 */
import type { Component, ScoredLine } from '../src/domain/scoring';
import type { ScorecardView } from '../src/repositories/scorecards';
import type { CardHorizontalContent, TextNoticeCard } from '../src/wecom/card-types';
import { clipText } from './review-keys';
import { changeNoteRoom, withChangeNote } from './score-changes';
import { behaviourText, exceptionEffectText, shareText, weekMonthText } from './scorecard-text';

const SUB_TITLE_MAX = 160;

function num(v: number): string {
  return String(Number(v.toFixed(2)));
}

/** '合格率 98.5%/≥97 → 95.0 未达底线' etc. */
export function formatLine(line: ScoredLine): string {
  if (line.kind === 'key_result') {
    const progress = `${line.name} 进度${line.value === null ? '—' : `${num(line.value)}%`}`;
    return line.weighted === false ? `${progress}（按月计分，本周不计入）` : `${progress} → ${line.display}`;
  }
  if (line.status !== 'scored' || line.value === null) return `${line.name}：${line.reason ?? '暂无数据'}`;
  const unit = line.unit ?? '';
  const bound = line.target === null ? '' : `/${line.direction === 'lower_better' ? '≤' : '≥'}${num(line.target)}`;
  const breach = line.floorBreached ? ' 未达底线' : '';
  const kept = line.exceptionNote ? '（异常剔除后更低，按原数据）' : '';
  const adjusted = line.reason ? `（${line.reason}）` : ''; // a scored line with a reason: adjusted on appeal
  return `${line.name} ${num(line.value)}${unit}${bound} → ${line.display}${breach}${kept}${adjusted}`;
}

function componentValue(c: Component, hasTotal: boolean): string {
  return `${c.missing ? '缺' : c.display}（${shareText(c, hasTotal)}）`;
}

function emphasisDesc(view: ScorecardView): string {
  const month = weekMonthText(view);
  if (view.total === null) return `缺${view.missing.join('、')}，不参与排名`;
  const base = view.missing.length > 0 ? `总分（缺${view.missing.join('、')}，已按其余部分折算）` : '总分';
  return month ? `${base} · ${month}` : base;
}

/** As many lines as fit in the sub title; the rest are counted and sent in the next message. */
function fitLines(lines: string[], room: number): { text: string; shown: number } {
  const len = (t: string) => [...t].length;
  if (len(lines.join('\n')) <= room) return { text: lines.join('\n'), shown: lines.length };
  for (let k = lines.length - 1; k > 0; k--) {
    const text = [...lines.slice(0, k), `…另 ${lines.length - k} 项见下条消息`].join('\n');
    if (len(text) <= room) return { text, shown: k };
  }
  return { text: `共 ${lines.length} 项指标，见下条消息`, shown: 0 };
}

/** Covered working days as people say them: 2, 0.5, 0.17 — never 0.166666667. */
export function formatDays(days: number): string {
  return String(Math.round(days * 100) / 100);
}

export function buildScorecardDetailCard(view: ScorecardView, link: string): { card: TextNoticeCard; overflow: string | null } {
  const { automatic, review, collaboration } = view.components;
  const hasTotal = view.total !== null;
  const horizontal: CardHorizontalContent[] = [
    { keyname: '自动数据', value: componentValue(automatic, hasTotal) },
    { keyname: '主管评价', value: componentValue(review, hasTotal) },
    { keyname: '跨部门协作', value: componentValue(collaboration, hasTotal) },
  ];
  horizontal.push({ keyname: '同组排名', value: view.peer ? `${view.peer.rank}/${view.peer.of}（${view.peer.group}）` : hasTotal ? '暂无' : '不参与（数据不足）' });
  if (view.behaviour) horizontal.push({ keyname: '行为分', value: behaviourText(view.behaviour) });

  const lines = view.lines.map(formatLine);
  const fitted = lines.length === 0 ? { text: '暂无考核指标。', shown: 0 } : fitLines(lines, SUB_TITLE_MAX - changeNoteRoom(view.changes));
  const exceptions = view.exceptionsApplied.map((e) => `${e.kind}（${formatDays(e.coveredWorkingDays)} 个工作日）${exceptionEffectText(e)}`);
  const card: TextNoticeCard = {
    card_type: 'text_notice',
    source: { desc: '绩效助手 · 绩效查询' },
    main_title: {
      title: clipText(`${view.employee.name} · ${view.period.label}`, 36),
      desc: clipText([view.employee.departmentName, view.employee.position].filter(Boolean).join(' · ') || view.employee.userId, 44),
    },
    emphasis_content: { title: view.totalDisplay, desc: clipText(emphasisDesc(view), 44) },
    sub_title_text: withChangeNote(view.changes, fitted.text),
    horizontal_content_list: horizontal.slice(0, 6),
    jump_list: [{ type: 1, title: '查看完整明细', url: link }],
    card_action: { type: 1, url: link },
  };
  if (exceptions.length > 0) card.quote_area = { type: 0, title: '本期异常申报', quote_text: clipText(exceptions.join('；'), 120) };
  const overflow = fitted.shown < lines.length ? overflowMarkdown(view) : null;
  return { card, overflow };
}

/** Every line, numbered, within WeCom's 2048-byte markdown limit (the link has them all). */
function overflowMarkdown(view: ScorecardView): string {
  const out = [`**${view.employee.name} · ${view.period.label} 全部指标**`];
  for (const [i, l] of view.lines.entries()) {
    const next = `${i + 1}. ${formatLine(l)}（权重 ${num(l.weight)}）`;
    if (Buffer.byteLength([...out, next].join('\n'), 'utf8') > 1900) {
      out.push(`…其余 ${view.lines.length - i} 项请点卡片查看完整明细`);
      break;
    }
    out.push(next);
  }
  return out.join('\n');
}
