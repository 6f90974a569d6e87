/**
 * The outcome report's measures (效果验证), pure: data in, figures out. Every figure carries its
 * sample in words, and a measure with nothing to measure says so (数据不足) instead of a number.
 * The definitions are in docs/outcomes.md; the hand-computed case there is a test.
 */
import { ACTION_MINUTES, DAYS_PER_YEAR, SURVEY_QUESTIONS, type ActionKind } from './config';
import type { SurveyMeasure } from './survey-measures';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** A report period: whole months [start, end), with each month's bounds (local time, from the loader). */
export interface OutcomeSpan {
  key: string;
  label: string;
  start: Date;
  end: Date;
  months: ReadonlyArray<{ start: Date; end: Date; key?: string }>;
}

export interface PersonSpell {
  userId: string;
  position: string;
  /** Hire instant if known (null: present since before any period asked). */
  joinedAt: Date | null;
  /** Leave instant (start of the leave day) if the member left. */
  leftAt: Date | null;
}

export interface DeliveryItem {
  id: number;
  ownerDepartmentId: number | null;
  collaboratorDepartmentIds: Array<number | null>;
  createdAt: Date;
  doneAt: Date | null;
}

export interface Decision {
  kind: 'appeal' | 'exception';
  createdAt: Date;
  decidedAt: Date | null;
  approved: boolean | null;
}

export interface OutcomeData {
  now: Date;
  /** The first instant the system recorded people's work (tags, reviews, suggestions, claims); null: nothing yet. */
  recordingSince: Date | null;
  corePositions: readonly string[];
  people: readonly PersonSpell[];
  items: readonly DeliveryItem[];
  suggestions: ReadonlyArray<{ createdAt: Date; adopted: boolean }>;
  managerIds: readonly string[];
  actions: ReadonlyArray<{ actorId: string; kind: ActionKind; at: Date }>;
  /** Per week: members with a process record / active members (from the 完成率 computation). */
  completeness: ReadonlyArray<{ weekStart: Date; covered: number; members: number }>;
  decisions: readonly Decision[];
  surveys: readonly SurveyMeasure[];
  /** Per-action minutes measured in this company (the tag card's open → recorded median), replacing the configured figure. */
  measuredMinutes?: Partial<Record<ActionKind, { minutes: number; n: number }>>;
}

/** The minutes counted per action: measured where enough measurements exist, else the configured estimate. */
export function minutesPerAction(data: Pick<OutcomeData, 'measuredMinutes'>, kind: ActionKind): number {
  return data.measuredMinutes?.[kind]?.minutes ?? ACTION_MINUTES[kind].minutes;
}

export type MeasureCode =
  | 'core_turnover' | 'cross_dept_cycle' | 'suggestions' | 'suggestions_adopted' | 'completeness' | 'manager_hours'
  | 'decisions' | 'decision_approval' | 'decision_hours' | `survey_${string}`;

export interface MeasureValue {
  /** Null when there is nothing to measure. */
  value: number | null;
  /** The figure as shown (e.g. 6.7%), or 数据不足 / 暂无调查 / 样本不足. */
  text: string;
  /** What it was computed from, e.g. 离职 3 人 / 平均在岗 45 人. */
  sample: string;
}

export interface MeasureDef {
  code: MeasureCode;
  name: string;
  unit: string;
  /** Which direction is better; null for figures with no better direction. */
  better: 'lower' | 'higher' | null;
}

export interface MeasureRow extends MeasureDef {
  value: MeasureValue;
}

export const MEASURES: readonly MeasureDef[] = [
  { code: 'core_turnover', name: '核心岗位年化流失率', unit: '%', better: 'lower' },
  { code: 'cross_dept_cycle', name: '跨部门协作任务平均交付周期', unit: '天', better: 'lower' },
  { code: 'suggestions', name: '改进建议（月均）', unit: '条', better: 'higher' },
  { code: 'suggestions_adopted', name: '建议采纳（月均）', unit: '条', better: 'higher' },
  { code: 'completeness', name: '过程记录完整率', unit: '%', better: 'higher' },
  { code: 'manager_hours', name: '主管月均绩效工作时间', unit: '小时', better: 'lower' },
  { code: 'decisions', name: '申诉与异常申报（月均）', unit: '件', better: null },
  { code: 'decision_approval', name: '申诉与异常批准率', unit: '%', better: null },
  { code: 'decision_hours', name: '申诉与异常决定用时（中位数）', unit: '小时', better: 'lower' },
  ...SURVEY_QUESTIONS.map((q) => ({ code: `survey_${q.code}` as MeasureCode, name: q.name, unit: '%', better: 'higher' as const })),
];

export const round1 = (n: number): number => Math.round(n * 10) / 10;
const fmt = (n: number): string => String(round1(n));
const pct = (n: number): string => `${fmt(n * 100)}%`;
const none = (sample: string, text = '数据不足'): MeasureValue => ({ value: null, text, sample });

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const within = (t: Date | null, from: Date, to: Date): boolean => t !== null && t >= from && t < to;

/** The span as far as it has happened: [start, min(end, now)). */
function elapsed(span: OutcomeSpan, now: Date): { start: Date; end: Date } {
  return { start: span.start, end: new Date(Math.min(span.end.getTime(), now.getTime())) };
}

/** Whole months of the span that have ended and that the system was recording in from their first day. */
function recordedMonths(span: OutcomeSpan, data: OutcomeData): Array<{ start: Date; end: Date }> {
  const since = data.recordingSince;
  if (!since) return [];
  return span.months.filter((m) => m.end <= data.now && m.end > since && monthCovers(m, since));
}
/** The system recorded the whole month: recording began on or before the month's first day, or within its first day. */
const monthCovers = (m: { start: Date }, since: Date): boolean => since.getTime() < m.start.getTime() + DAY_MS;

function headcountAt(people: readonly PersonSpell[], t: Date): number {
  return people.filter((p) => (p.joinedAt === null || p.joinedAt <= t) && (p.leftAt === null || p.leftAt > t)).length;
}

export function coreTurnover(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  if (data.corePositions.length === 0) return none('HR 尚未设置核心岗位（成效 核心岗位 …）');
  const core = data.people.filter((p) => data.corePositions.includes(p.position));
  const { start, end } = elapsed(span, data.now);
  if (end <= start) return none('期间尚未开始');
  const months = span.months.map((m) => ({ start: m.start, end: new Date(Math.min(m.end.getTime(), end.getTime())) })).filter((m) => m.end > m.start);
  const average = months.reduce((s, m) => s + (headcountAt(core, m.start) + headcountAt(core, m.end)) / 2, 0) / months.length;
  const leavers = core.filter((p) => within(p.leftAt, start, end)).length;
  const days = (end.getTime() - start.getTime()) / DAY_MS;
  const sample = `离职 ${leavers} 人 / 平均在岗 ${fmt(average)} 人，${fmt(days)} 天`;
  if (average === 0) return none(sample);
  const rate = (leavers / average) * (DAYS_PER_YEAR / days);
  return { value: round1(rate * 100), text: pct(rate), sample };
}

export function crossDeptCycle(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  const { start, end } = elapsed(span, data.now);
  const done = data.items.filter((i) => within(i.doneAt, start, end) && isCrossDepartment(i));
  const days = done.map((i) => (i.doneAt!.getTime() - i.createdAt.getTime()) / DAY_MS);
  const sample = `完成 ${done.length} 项跨部门任务`;
  if (days.length === 0) return none(sample);
  const mean = days.reduce((s, d) => s + d, 0) / days.length;
  return { value: round1(mean), text: `${fmt(mean)} 天`, sample };
}

/** Cross-department: at least one collaborator whose department is known and differs from the owner's. */
export function isCrossDepartment(i: DeliveryItem): boolean {
  return i.collaboratorDepartmentIds.some((d) => d !== null && d !== i.ownerDepartmentId);
}

function perMonth(data: OutcomeData, span: OutcomeSpan, times: readonly Date[], what: string, unit: string): MeasureValue {
  const months = recordedMonths(span, data);
  if (months.length === 0) return none(data.recordingSince ? '期间内没有完整记录的月份' : '系统尚无记录');
  const n = times.filter((t) => months.some((m) => t >= m.start && t < m.end)).length;
  return { value: round1(n / months.length), text: `${fmt(n / months.length)} ${unit}`, sample: `${what} ${n} ${unit} / ${months.length} 个月` };
}

export function suggestionsPerMonth(data: OutcomeData, span: OutcomeSpan, adoptedOnly: boolean): MeasureValue {
  const rows = data.suggestions.filter((s) => !adoptedOnly || s.adopted);
  return perMonth(data, span, rows.map((s) => s.createdAt), adoptedOnly ? '采纳' : '共', '条');
}

export function completeness(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  const { start, end } = elapsed(span, data.now);
  const weeks = data.completeness.filter((w) => within(w.weekStart, start, end) && data.recordingSince !== null && w.weekStart >= data.recordingSince);
  const covered = weeks.reduce((s, w) => s + w.covered, 0);
  const possible = weeks.reduce((s, w) => s + w.members, 0);
  const sample = `有记录 ${covered} 人次 / 应记录 ${possible} 人次，${weeks.length} 周`;
  if (possible === 0) return none(sample);
  return { value: round1((covered / possible) * 100), text: pct(covered / possible), sample };
}

export function managerHours(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  const months = recordedMonths(span, data);
  if (data.managerIds.length === 0) return none('没有带下属的主管');
  if (months.length === 0) return none(data.recordingSince ? '期间内没有完整记录的月份' : '系统尚无记录');
  const managers = new Set(data.managerIds);
  const counts = new Map<ActionKind, number>();
  for (const a of data.actions) {
    if (!managers.has(a.actorId) || !months.some((m) => a.at >= m.start && a.at < m.end)) continue;
    counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  }
  const minutes = [...counts].reduce((s, [k, n]) => s + n * minutesPerAction(data, k), 0);
  // Two decimals: a few minutes a month is still a figure worth telling from zero.
  const hours = Math.round((minutes / 60 / managers.size / months.length) * 100) / 100;
  const parts = (Object.keys(ACTION_MINUTES) as ActionKind[]).filter((k) => counts.get(k)).map((k) => `${ACTION_MINUTES[k].label} ${counts.get(k)} 次`);
  const measured = (Object.entries(data.measuredMinutes ?? {}) as Array<[ActionKind, { minutes: number; n: number }]>).map(([k, m]) => `${ACTION_MINUTES[k].label}按实测中位数 ${fmt(m.minutes * 60)} 秒（${m.n} 次）`);
  return { value: hours, text: `${hours} 小时`, sample: `主管 ${managers.size} 人 × ${months.length} 个月，${parts.join('、') || '无记录动作'}，合计 ${fmt(minutes)} 分钟${measured.length ? `；${measured.join('、')}` : ''}` };
}

function decided(data: OutcomeData, span: OutcomeSpan) {
  const { start, end } = elapsed(span, data.now);
  const filed = data.decisions.filter((d) => within(d.createdAt, start, end));
  const done = filed.filter((d) => d.decidedAt !== null && d.approved !== null);
  const split = (rows: readonly Decision[]) => `申诉 ${rows.filter((d) => d.kind === 'appeal').length} 件、异常 ${rows.filter((d) => d.kind === 'exception').length} 件`;
  return { filed, done, split };
}

export function decisionsPerMonth(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  const months = recordedMonths(span, data);
  if (months.length === 0) return none(data.recordingSince ? '期间内没有完整记录的月份' : '系统尚无记录');
  const rows = data.decisions.filter((d) => months.some((m) => d.createdAt >= m.start && d.createdAt < m.end));
  const n = rows.length / months.length;
  return { value: round1(n), text: `${fmt(n)} 件`, sample: `${decided(data, span).split(rows)} / ${months.length} 个月` };
}

export function decisionApproval(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  const { done } = decided(data, span);
  const approved = done.filter((d) => d.approved).length;
  const sample = `已决定 ${done.length} 件，批准 ${approved} 件`;
  if (done.length === 0) return none(sample);
  return { value: round1((approved / done.length) * 100), text: pct(approved / done.length), sample };
}

export function decisionHours(data: OutcomeData, span: OutcomeSpan): MeasureValue {
  const { filed, done } = decided(data, span);
  const m = median(done.map((d) => (d.decidedAt!.getTime() - d.createdAt.getTime()) / HOUR_MS));
  const sample = `已决定 ${done.length} 件，待决定 ${filed.length - done.length} 件`;
  if (m === null) return none(sample);
  return { value: round1(m), text: `${fmt(m)} 小时`, sample };
}

/** The latest round launched in the span with a result; 暂无调查 when there was none. */
export function surveyShare(data: OutcomeData, span: OutcomeSpan, code: string): MeasureValue {
  const rounds = data.surveys.filter((s) => s.questionCode === code && within(s.launchedAt, span.start, span.end)).sort((a, b) => b.launchedAt.getTime() - a.launchedAt.getTime());
  const latest = rounds[0];
  if (!latest) return none('期间内没有这道题的调查', '暂无调查');
  if (latest.agreeShare === null) return none(`${latest.round}：${latest.answers} 人作答，不足 5 人不显示`, '样本不足');
  return { value: round1(latest.agreeShare * 100), text: pct(latest.agreeShare), sample: `${latest.round}：${latest.answers} 人作答` };
}

export function computeMeasures(data: OutcomeData, span: OutcomeSpan): MeasureRow[] {
  const valueOf = (code: MeasureCode): MeasureValue => {
    switch (code) {
      case 'core_turnover': return coreTurnover(data, span);
      case 'cross_dept_cycle': return crossDeptCycle(data, span);
      case 'suggestions': return suggestionsPerMonth(data, span, false);
      case 'suggestions_adopted': return suggestionsPerMonth(data, span, true);
      case 'completeness': return completeness(data, span);
      case 'manager_hours': return managerHours(data, span);
      case 'decisions': return decisionsPerMonth(data, span);
      case 'decision_approval': return decisionApproval(data, span);
      case 'decision_hours': return decisionHours(data, span);
      default: return surveyShare(data, span, code.slice('survey_'.length));
    }
  };
  return MEASURES.map((m) => ({ ...m, value: valueOf(m.code) }));
}
