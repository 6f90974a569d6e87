/**
 * 学习成长 from a sheet (培训学时, 认证, 技能) through the same ingestion as the API
 * (ingestGrowthRecords): all or nothing, identified by (来源系统, 外部编号).
 */
import type { DataSource } from 'typeorm';
import { ingestGrowthRecords } from '../talent/growth-records';
import { findRepeats } from './lookup';
import { sortErrors } from './run-plan';
import type { ColumnSpec, ImportError, ImportResult, KindContext, KindHandler, ParsedRow } from './types';

const columns: ColumnSpec[] = [
  { field: 'userid', header: '工号', aliases: ['userid', '员工ID', '员工编号'], required: true, type: 'text', maxLength: 64, help: '已在系统中的员工工号' },
  { field: 'kind', header: '类型', aliases: ['kind', '记录类型'], required: true, type: 'text', maxLength: 16, help: '培训学时、认证 或 技能' },
  { field: 'value', header: '学时', aliases: ['value', '数值', '小时'], type: 'number', help: '培训学时必填（小时数）；认证和技能留空，记 1 项' },
  { field: 'title', header: '名称', aliases: ['title', '课程', '证书', '技能名称'], required: true, type: 'text', maxLength: 200, help: '课程、证书或技能的名称，如 叉车操作证' },
  { field: 'occurredAt', header: '日期', aliases: ['时间', '发生时间', '完成日期', 'occurredAt'], required: true, type: 'datetime', help: '完成或取证的日期，如 2026-11-20' },
  { field: 'source', header: '来源系统', aliases: ['source', '数据来源'], type: 'text', maxLength: 64, help: '如 培训系统、LMS；空白为 excel' },
  { field: 'externalId', header: '外部编号', aliases: ['externalId', '记录编号', '证书编号'], required: true, type: 'text', maxLength: 128, help: '这条记录在来源系统中的编号（如证书编号、培训签到单号）；以后重新导入时保持不变' },
];

const HEADER_OF: Record<string, string> = Object.fromEntries(columns.map((c) => [c.field, c.header]));

export const growthImport: KindHandler = {
  kind: 'growth',
  columns,
  samples: [
    { userid: 'zhangsan', kind: '培训学时', value: 6, title: '精益生产基础', occurredAt: '2026-11-20', source: '培训系统', externalId: 'PX-20261120-017' },
    { userid: 'zhangsan', kind: '认证', value: null, title: '叉车操作证', occurredAt: '2026-11-25', source: '培训系统', externalId: 'ZS-2026-0311' },
  ],
  execute: importGrowth,
};

async function importGrowth(ds: DataSource, rows: ParsedRow[], ctx: KindContext): Promise<ImportResult> {
  const batch = rows.map((r) => ({
    userid: r.values.userid,
    kind: r.values.kind,
    ...(r.values.value === null || r.values.value === undefined ? {} : { value: r.values.value }),
    title: r.values.title,
    occurredAt: r.values.occurredAt,
    source: (r.values.source as string | null | undefined) || 'excel',
    externalId: r.values.externalId,
  }));
  const repeats = findRepeats(rows.map((r, i) => ({ row: r.row, key: `${batch[i].source}\u0000${String(batch[i].externalId)}` })), (x) => x.key, '外部编号', '来源系统和外部编号');
  const errors: ImportError[] = [...ctx.cellErrors, ...repeats];
  if (rows.length === 0) return { ok: false, errors: errors.length > 0 ? sortErrors(errors) : [{ row: 0, column: '', message: '文件中没有数据行' }] };
  const offset = 1;
  const result = await ingestGrowthRecords(ds, batch, { actor: ctx.actor, now: ctx.now, timeZone: ctx.timeZone, dryRun: ctx.dryRun || errors.length > 0, rowNumberOffset: offset });
  if (!result.ok) {
    for (const e of result.errors) errors.push({ row: e.row > offset ? (rows[e.row - offset - 1]?.row ?? e.row) : 0, column: HEADER_OF[e.field] ?? '', message: e.message });
  }
  if (errors.length > 0 || !result.ok) return { ok: false, errors: sortErrors(errors) };
  return { ok: true, kind: 'growth', inserted: result.inserted, updated: result.updated, unchanged: result.unchanged, dryRun: Boolean(ctx.dryRun) };
}
