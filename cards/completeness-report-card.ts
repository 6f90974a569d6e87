/**
 * The 25th report to HR, as markdown (WeCom markdown has no tables; it reaches HR in the WeCom
 * client): per department, the share of members with at least one tag or comment in each of the
 * three complete weeks the 已连续3周无反馈 flag looks at, how many members are flagged, and what
 * the to-dos sent to managers hold.
 */
import type { CompletenessRow } from '../src/repositories/completeness';
import { sharePercent } from './completeness-card';
import { SILENT_FLAG } from './review-todo-card';

export interface CompletenessReportView {
  monthLabel: string;
  /** 'W45（11-02起）', oldest first; the columns of every row. */
  weeks: ReadonlyArray<{ label: string }>;
  rows: readonly CompletenessRow[];
  /** Members per department with no feedback in the whole window. */
  silentByDepartment: ReadonlyMap<number, number>;
  /** Their names, flagged people of every department, in display order. */
  silentNames: readonly string[];
  /** What the managers' to-dos hold. */
  todos: { managers: number; open: number; silent: number };
}

const MAX_NAMES = 20;
/** WeCom cuts markdown at 2048 bytes; cut here on a character boundary so the cut is ours. */
const MAX_BYTES = 2040;

export function buildCompletenessReportMarkdown(v: CompletenessReportView): string {
  const head = [
    `**${v.monthLabel} 过程记录完成率**（近 ${v.weeks.length} 个完整周）`,
    '每周至少有 1 条表扬/提醒标签或主管评语的员工占比',
    `> 周次：${v.weeks.map((w) => w.label).join(' · ')}`,
    '',
  ];
  const line = (name: string, members: number, covered: readonly number[], silent: number) =>
    `**${name}**（${members} 人）：${covered.map((c) => sharePercent(c, members)).join(' · ')}${silent > 0 ? `　3周无反馈 ${silent} 人` : ''}`;
  const body = v.rows.map((r) => line(r.name, r.members, r.covered, v.silentByDepartment.get(r.departmentId) ?? 0));
  if (v.rows.length === 0) body.push('没有可统计的部门。');
  if (v.rows.length > 1) {
    const members = v.rows.reduce((s, r) => s + r.members, 0);
    const covered = v.weeks.map((_, w) => v.rows.reduce((s, r) => s + (r.covered[w] ?? 0), 0));
    const silent = v.rows.reduce((s, r) => s + (v.silentByDepartment.get(r.departmentId) ?? 0), 0);
    body.push(line('合计', members, covered, silent));
  }
  const low = v.rows.filter((r) => r.members > 0 && (r.covered[r.covered.length - 1] ?? 0) / r.members < 0.5).map((r) => r.name);
  const tail: string[] = [];
  if (low.length > 0) tail.push(`<font color="warning">上周低于 50%：${low.join('、')}</font>`);
  if (v.silentNames.length > 0) {
    const names = v.silentNames.slice(0, MAX_NAMES).join('、');
    const more = v.silentNames.length > MAX_NAMES ? ` 等 ${v.silentNames.length} 人` : '';
    tail.push(`${SILENT_FLAG}：${names}${more}`);
  }
  tail.push(
    v.todos.managers === 0
      ? '本月主管评价已全部完成，今天没有发送评价待办。'
      : `今天已向 ${v.todos.managers} 位主管发送评价待办：${v.todos.open} 人尚未评价，其中 ${v.todos.silent} 人${SILENT_FLAG}。`,
  );
  return truncateUtf8([...head, ...body, '', ...tail].join('\n'), MAX_BYTES);
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes - 3) break;
    out += ch;
  }
  return `${out}…`;
}
