/**
 * The company's working calendar from a sheet: plant shutdowns (停工/放假), extra working days
 * (上班/补班/加班) and shift patterns per department (班制, e.g. 周一至周六 from a date on). Upsert
 * by (部门, 类型, 开始日期); every change is audited, since it moves prorated targets.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { formatLocal } from '../domain/periods';
import { describeWeekdays } from '../domain/work-calendar';
import { parseWeekdays } from '../domain/weekday-text';
import { WorkCalendarRule } from '../entities';
import { DepartmentResolver } from './departments';
import { findRepeats, firstOfEach } from './lookup';
import { auditImport, diff, newCounts, runPlan, sameValues } from './run-plan';
import type { Plan } from './run-plan';
import type { ColumnSpec, ImportError, KindContext, KindHandler, ParsedRow } from './types';

const KIND_OPTIONS = { 停工: 'off', 放假: 'off', 休息: 'off', 上班: 'work', 补班: 'work', 加班: 'work', 班制: 'shift', 排班: 'shift' };

const columns: ColumnSpec[] = [
  { field: 'department', header: '部门', aliases: ['department', '适用部门'], type: 'text', maxLength: 255, help: '部门名称，同名部门写成“上级部门/部门”；空白表示全公司。下级部门沿用上级部门的安排，除非自己另有安排' },
  { field: 'kind', header: '类型', aliases: ['kind', '安排'], required: true, type: 'enum', options: KIND_OPTIONS, help: '停工（或放假）＝这些天不上班；上班（或补班、加班）＝这些天上班；班制＝从开始日期起每周哪几天上班' },
  { field: 'startDate', header: '开始日期', aliases: ['开始', '日期', 'start'], required: true, type: 'datetime', help: '如 2026-10-08' },
  { field: 'endDate', header: '结束日期', aliases: ['结束', 'end'], type: 'datetime', help: '含当天；停工、上班空白表示只有开始日期这一天；班制空白表示长期有效' },
  { field: 'weekdays', header: '上班日', aliases: ['每周上班', 'weekdays'], type: 'text', maxLength: 32, help: '仅班制填写，如 周一至周六、周一至周五、1-6、周一、三、五' },
  { field: 'note', header: '说明', aliases: ['备注', 'note'], type: 'text', maxLength: 255, help: '如 设备年度检修停工、赶订单周六加班' },
];

export const calendarImport: KindHandler = {
  kind: 'calendar',
  columns,
  samples: [
    { department: '', kind: '停工', startDate: '2026-10-08', endDate: '2026-10-09', weekdays: '', note: '国庆后设备检修' },
    { department: '生产部', kind: '班制', startDate: '2026-01-01', endDate: '', weekdays: '周一至周六', note: '生产部单休' },
  ],
  execute: (ds: DataSource, rows: ParsedRow[], ctx: KindContext) => runPlan(ds, 'calendar', ctx, (tx) => planCalendar(tx, rows, ctx)),
};

type Fields = Omit<WorkCalendarRule, 'id' | 'updatedBy' | 'updatedAt'>;

async function planCalendar(tx: EntityManager, rows: ParsedRow[], ctx: KindContext): Promise<Plan> {
  const errors: ImportError[] = [];
  const valid: Array<{ row: number; fields: Fields }> = [];
  const depts = await DepartmentResolver.load(tx, ctx.now);
  const day = (v: unknown): string | null => (v instanceof Date ? formatLocal(v, ctx.timeZone).slice(0, 10) : null);

  for (const r of rows) {
    const v = r.values;
    const fail = (column: string, message: string): void => void errors.push({ row: r.row, column, message });
    let departmentId = 0;
    if (v.department) {
      const before = depts.created.length;
      const found = depts.resolve(v.department as string);
      if (!found.ok) fail('部门', found.message);
      else if (depts.created.length > before) fail('部门', `未找到部门“${String(v.department)}”，请先同步通讯录或导入员工`);
      else departmentId = found.id;
    }
    const kind = v.kind as Fields['kind'];
    const startDate = day(v.startDate)!;
    const endDate = day(v.endDate) ?? (kind === 'shift' ? null : startDate);
    if (endDate !== null && endDate < startDate) fail('结束日期', `结束日期 ${endDate} 早于开始日期 ${startDate}`);
    let weekdays = '';
    if (kind === 'shift') {
      const days = v.weekdays ? parseWeekdays(v.weekdays as string) : null;
      if (!days) fail('上班日', v.weekdays ? `无法识别的上班日“${String(v.weekdays)}”，请写成 周一至周六 或 1-6` : '班制需要填写上班日，如 周一至周六');
      else weekdays = days.join(',');
    } else if (v.weekdays) fail('上班日', '只有班制需要填写上班日；停工、上班按日期范围生效');
    if (!errors.some((e) => e.row === r.row)) valid.push({ row: r.row, fields: { departmentId, kind, startDate, endDate, weekdays, note: (v.note as string | null) ?? '' } });
  }
  const keyOf = (x: { fields: Pick<Fields, 'departmentId' | 'kind' | 'startDate'> }) => `${x.fields.departmentId}|${x.fields.kind}|${x.fields.startDate}`;
  errors.push(...findRepeats(valid, keyOf, '开始日期', '部门、类型和开始日期'));

  const stored = new Map((await tx.getRepository(WorkCalendarRule).find()).map((w) => [keyOf({ fields: w }), w]));
  const counts = newCounts();
  const changes: Array<{ before: WorkCalendarRule | null; next: Fields }> = [];
  for (const x of firstOfEach(valid, keyOf)) {
    const existing = stored.get(keyOf(x)) ?? null;
    if (existing && sameValues(existing, x.fields)) counts.unchanged++;
    else {
      counts[existing ? 'updated' : 'inserted']++;
      changes.push({ before: existing, next: x.fields });
    }
  }
  const notes = changes
    .filter((c) => c.next.kind === 'shift')
    .map((c) => `${depts.get(c.next.departmentId)?.name ?? '全公司'}自 ${c.next.startDate} 起班制为 ${describeWeekdays(c.next.weekdays.split(',').map(Number))}`);

  return {
    errors,
    counts,
    notes,
    async apply() {
      for (const { before, next } of changes) {
        const saved = await tx.getRepository(WorkCalendarRule).save({ ...(before ? { id: before.id } : {}), ...next, updatedBy: ctx.actor.slice(0, 96), updatedAt: ctx.now });
        await auditImport(tx, ctx, { action: 'work_calendar.import', entity: 'work_calendar_rules', entityId: saved.id, ...diff(before, next) });
      }
    },
  };
}
