/**
 * Metric records from a sheet go through the same ingestion as the push API and the connectors
 * (ingestRecords): all or nothing, idempotent by (来源系统, 外部编号); a row whose key is stored with
 * other content corrects it, and 操作 = 作废 removes it (both audited). Its field names are mapped
 * back to the sheet's Chinese headers and its row numbers to the sheet's rows.
 */
import type { DataSource } from 'typeorm';
import { ingestRecords } from '../ingest/records';
import { findRepeats } from './lookup';
import { sortErrors } from './run-plan';
import type { ColumnSpec, ImportError, ImportResult, KindContext, KindHandler, ParsedRow } from './types';

export const DEFAULT_RECORD_SOURCE = 'excel';

/** Why a row number or a content hash will not do: both change when HR inserts a row or fixes a typo. */
const EXTERNAL_ID_WHY =
  '外部编号用来识别同一条数据、防止重复导入：请填写来源系统中的单号（如报工单号）；没有单号时请自行编号（如 2026-11-张三-001），并在以后重新导入时保持不变';

const columns: ColumnSpec[] = [
  { field: 'userid', header: '工号', aliases: ['userid', '员工ID', '员工编号'], required: true, type: 'text', maxLength: 64, help: '已在系统中的员工工号' },
  { field: 'input', header: '输入项', aliases: ['input', '数据项'], required: true, type: 'text', maxLength: 64, help: '指标中声明的输入项名称，如 good（合格品数量）' },
  { field: 'value', header: '数值', aliases: ['value', '数量', '值'], required: true, type: 'number', help: '数字' },
  { field: 'occurredAt', header: '发生时间', aliases: ['时间', '日期', '发生日期', 'occurredAt'], required: true, type: 'datetime', help: '日期或日期时间，如 2026-11-27 或 2026-11-27 08:30（公司所在时区）' },
  { field: 'source', header: '来源系统', aliases: ['数据来源', 'source'], type: 'text', maxLength: 32, help: `数据来自哪个系统，如 MES、ERP；空白为 ${DEFAULT_RECORD_SOURCE}` },
  {
    field: 'externalId', header: '外部编号', aliases: ['单据编号', '记录编号', 'externalId'], required: true, type: 'text', maxLength: 128,
    help: '这条数据在来源系统中的唯一编号，如报工单号', whyRequired: EXTERNAL_ID_WHY,
  },
  {
    field: 'op', header: '操作', aliases: ['op', '处理方式'], type: 'enum', options: { 新增或更正: 'upsert', 新增: 'upsert', 更正: 'correction', 修正: 'correction', 作废: 'void', 删除: 'void', upsert: 'upsert', correction: 'correction', void: 'void' },
    help: '空白＝新增，已有同一外部编号时按本行内容更正；更正＝必须已有这条记录；作废＝删除这条记录（其余列照原样填写）。每次更正、作废都会记入审计日志',
  },
  { field: 'ref', header: '关联单据', aliases: ['单据', '备注', 'ref'], type: 'text', maxLength: 255, help: '给人看的单据号，如工单号，可空' },
];

const HEADER_OF: Record<string, string> = Object.fromEntries(columns.map((c) => [c.field, c.header]));

export const recordsImport: KindHandler = {
  kind: 'records',
  columns,
  samples: [
    { userid: 'zhangsan', input: 'good', value: 120, occurredAt: '2026-11-27 08:30', source: 'MES', externalId: 'MES-BG20261127-001', ref: '工单 WO20261127-001' },
  ],
  execute: importRecords,
};

async function importRecords(ds: DataSource, rows: ParsedRow[], ctx: KindContext): Promise<ImportResult> {
  const batch = rows.map((r) => ({
    op: (r.values.op as string | null | undefined) || 'upsert',
    reason: `导入文件 ${ctx.filename}：${r.values.op === 'void' ? '作废' : '同一外部编号的新内容'}`.slice(0, 255),
    userid: r.values.userid,
    input: r.values.input,
    value: r.values.value,
    occurredAt: r.values.occurredAt,
    source: (r.values.source as string | null | undefined) || DEFAULT_RECORD_SOURCE,
    externalId: r.values.externalId,
    ref: (r.values.ref as string | null | undefined) ?? '',
  }));
  // ingestRecords keeps the first of a repeated key silently; in a sheet a repeat is a slip worth showing.
  const repeats = findRepeats(
    rows.map((r, i) => ({ row: r.row, key: `${batch[i].source}\u0000${String(batch[i].externalId)}` })),
    (x) => x.key,
    '外部编号',
    '来源系统和外部编号',
  );
  const errors: ImportError[] = [...ctx.cellErrors, ...repeats];
  if (rows.length === 0) return errors.length > 0 ? { ok: false, errors: sortErrors(errors) } : { ok: false, errors: [{ row: 0, column: '', message: '文件中没有数据行' }] };

  // Rows are numbered from the sheet's row 2 on; skipped blank rows are mapped back by position.
  const offset = 1;
  const result = await ingestRecords(ds, batch, {
    actor: ctx.actor,
    now: ctx.now,
    timeZone: ctx.timeZone,
    dryRun: ctx.dryRun || errors.length > 0,
    rowNumberOffset: offset,
  });
  if (!result.ok) {
    for (const e of result.errors) {
      const row = e.row > offset ? (rows[e.row - offset - 1]?.row ?? e.row) : 0;
      errors.push({ row, column: HEADER_OF[e.field] ?? '', message: e.message });
    }
  }
  if (errors.length > 0 || !result.ok) return { ok: false, errors: sortErrors(errors) };
  const notes = [
    ...(result.voided > 0 ? [`作废 ${result.voided} 条记录`] : []),
    ...result.warnings.map((w) => `第 ${rows[w.row - offset - 1]?.row ?? w.row} 行：${w.message}`),
  ];
  return {
    ok: true, kind: 'records', inserted: result.inserted, updated: result.corrected + result.voided, unchanged: result.duplicates, dryRun: result.dryRun,
    ...(notes.length > 0 ? { notes } : {}),
  };
}
