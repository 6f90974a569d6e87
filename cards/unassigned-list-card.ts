/**
 * For HR, instead of empty scorecards: the active employees who got no Friday card because no
 * metric or key result is assigned to them, grouped by department, within WeCom's 2048-byte
 * markdown limit.
 */
const MAX_BYTES = 2000;

export interface UnassignedPerson {
  userId: string;
  name: string;
  departmentName: string;
  position: string;
}

export interface UnassignedListView {
  period: { key: string; label: string };
  people: UnassignedPerson[];
}

export function buildUnassignedListMarkdown(v: UnassignedListView): string {
  const byDept = new Map<string, UnassignedPerson[]>();
  const sorted = [...v.people].sort(
    (a, b) => (a.departmentName || '未分部门').localeCompare(b.departmentName || '未分部门', 'zh') || a.name.localeCompare(b.name, 'zh'),
  );
  for (const p of sorted) {
    const dept = p.departmentName || '未分部门';
    byDept.set(dept, [...(byDept.get(dept) ?? []), p]);
  }
  const head = [
    `**未分配指标的员工：${v.people.length} 人**`,
    `<font color="comment">${v.period.label} 的绩效看板未推送给他们（没有考核指标或关键结果）。</font>`,
  ];
  const tail = ['', '请导入指标分配（Excel 模板可请 IT 生成）或为其设定关键结果，下周起即可收到绩效看板。'];
  const body: string[] = [];
  let listed = 0;
  const fits = (extra: string[]) => Buffer.byteLength([...head, ...body, ...extra, '', ...tail].join('\n'), 'utf8') <= MAX_BYTES;
  for (const [dept, people] of byDept) {
    const line = `> ${dept}（${people.length}）：${people.map((p) => (p.position ? `${p.name}（${p.position}）` : p.name)).join('、')}`;
    if (!fits([line])) break;
    body.push(line);
    listed += people.length;
  }
  if (listed < v.people.length) body.push(`> …另有 ${v.people.length - listed} 人未列出`);
  return [...head, ...body, ...tail].join('\n');
}
