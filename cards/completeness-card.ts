/**
 * 完成率 as a markdown message: one line per department with the share for each recent week
 * (WeCom markdown has no tables, so the week columns are named once in a quote line).
 */
import type { CompletenessRow } from '../src/repositories/completeness';

/** Whole percent, rounded half up; '—' for a department without members. */
export function sharePercent(covered: number, members: number): string {
  return members === 0 ? '—' : `${Math.round((100 * covered) / members)}%`;
}

export function buildCompletenessMarkdown(v: {
  weeks: ReadonlyArray<{ label: string }>;
  rows: readonly CompletenessRow[];
  /** A 合计 line over all rows (HR's view of the whole company). */
  withTotal: boolean;
}): string {
  const head = [
    `**过程记录完成率**（近 ${v.weeks.length} 周）`,
    '每周至少有 1 条表扬/提醒标签或主管评语的员工占比',
    `> 周次：${v.weeks.map((w) => w.label).join(' · ')}`,
  ];
  if (v.rows.length === 0) return [...head, '', '没有可统计的部门。'].join('\n');
  const line = (name: string, members: number, covered: number[]) =>
    `**${name}**（${members} 人）：${covered.map((c) => sharePercent(c, members)).join(' · ')}`;
  const body = v.rows.map((r) => line(r.name, r.members, r.covered));
  if (v.withTotal && v.rows.length > 1) {
    const members = v.rows.reduce((s, r) => s + r.members, 0);
    const covered = v.weeks.map((_, w) => v.rows.reduce((s, r) => s + r.covered[w], 0));
    body.push(line('合计', members, covered));
  }
  const low = v.rows.filter((r) => r.members > 0 && r.covered[r.covered.length - 1] / r.members < 0.5).map((r) => r.name);
  const tail = low.length > 0 ? [`<font color="warning">本周低于 50%：${low.join('、')}</font>`] : [];
  // WeCom cuts markdown at 2048 bytes; cut here on a character boundary so the cut is ours.
  return truncateUtf8([...head, '', ...body, ...tail].join('\n'), 2040);
}

function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}
