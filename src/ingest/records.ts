/**
 * Records in, from the push API, pull connectors and Excel alike: the whole batch is validated
 * first and stored whole or not at all. (source, externalId) is a record's identity: resending it
 * unchanged changes nothing; resending it with different content replaces the stored record
 * (a correction), and `op: "void"` removes it. Each correction or void is audited per record
 * (src/ingest/corrections.ts), so a published score can say what changed and why.
 */
import { DataSource, EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { writeAudit } from '../audit';
import { parseInstantText } from '../domain/instant-text';
import { Employee, MetricDefinition, MetricRecord } from '../entities';
import { applyRecordChanges, differs, type RecordFields } from './corrections';

export const MAX_BATCH_ROWS = 5000;

export interface RowError {
  /** 1-based position in the batch (or the sheet row, with rowNumberOffset). */
  row: number;
  field: string;
  message: string;
}

export type IngestResult =
  | {
      ok: true;
      inserted: number;
      /** Stored records replaced by different content under the same key. */
      corrected: number;
      voided: number;
      /** Rows identical to what is stored (or repeated in the batch): nothing changed. */
      duplicates: number;
      /** Not errors, worth a look: a void for a key that is not stored (never sent, or voided already). */
      warnings: RowError[];
      userIds: string[];
      dryRun: boolean;
    }
  | { ok: false; errors: RowError[] };

export interface IngestContext {
  actor: string;
  now: Date;
  timeZone: string;
  dryRun?: boolean;
  /** Added to row numbers in errors, e.g. 1 for a sheet whose row 1 holds the headers. */
  rowNumberOffset?: number;
}

/** upsert (default): insert, or replace when the key exists with other content; correction: the key must exist; void: remove. */
export const RECORD_OPS = ['upsert', 'correction', 'void'] as const;
export type RecordOp = (typeof RECORD_OPS)[number];

const keySchema = {
  source: z.string().trim().min(1, '不能为空').max(32, '不能超过 32 个字符'),
  externalId: z.string().trim().min(1, '不能为空').max(128, '不能超过 128 个字符'),
  reason: z.string().trim().max(255, '不能超过 255 个字符').optional(),
};

const rowSchema = z.object({
  op: z.enum(['upsert', 'correction'], { message: '应为 upsert、correction 或 void' }).optional().default('upsert'),
  userid: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符'),
  input: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符'),
  value: z.number({ message: '必须是数字' }).finite('必须是有限的数字'),
  occurredAt: z.union([z.string().trim().min(1, '不能为空'), z.date()]),
  ...keySchema,
  ref: z.string().trim().max(255, '不能超过 255 个字符').optional().default(''),
});

const voidSchema = z.object({ op: z.literal('void'), ...keySchema });

type ValidRow = Omit<MetricRecord, 'id' | 'createdAt'> & { row: number; op: RecordOp; reason?: string };
type VoidRow = { row: number; op: 'void'; source: string; externalId: string; reason?: string };
type BatchRow = ValidRow | VoidRow;

const keyOf = (r: { source: string; externalId: string }): string => `${r.source}\u0000${r.externalId}`;

const DEFAULT_REASON: Record<RecordOp, string> = {
  upsert: '来源系统重新发送了同一编号的不同内容',
  correction: '来源系统更正',
  void: '来源系统作废',
};

export async function ingestRecords(ds: DataSource, rows: unknown[], ctx: IngestContext): Promise<IngestResult> {
  if (rows.length === 0) return { ok: false, errors: [{ row: 0, field: 'records', message: '没有任何记录' }] };
  if (rows.length > MAX_BATCH_ROWS) {
    return { ok: false, errors: [{ row: 0, field: 'records', message: `一批最多 ${MAX_BATCH_ROWS} 条，本批 ${rows.length} 条` }] };
  }
  const { valid, errors } = await validateRows(ds, rows, ctx);
  if (errors.length > 0) return { ok: false, errors };
  const batch = dedupeBatch(valid);
  if (!batch.ok) return batch;

  return ds.transaction(async (tx) => {
    const stored = await findStored(tx, batch.rows);
    const fresh: ValidRow[] = [];
    const changes: Array<{ stored: MetricRecord; next: RecordFields | null; row: BatchRow }> = [];
    const warnings: RowError[] = [];
    const rowErrors: RowError[] = [];
    let duplicates = valid.length - batch.rows.length;
    for (const r of batch.rows) {
      const old = stored.get(keyOf(r));
      if (r.op === 'void') {
        if (old) changes.push({ stored: old, next: null, row: r });
        else warnings.push({ row: r.row, field: 'externalId', message: `没有来源系统 ${r.source} 编号 ${r.externalId} 的记录（从未接收或已作废），未作处理` });
        continue;
      }
      const row = r as ValidRow;
      if (!old) {
        if (row.op === 'correction') rowErrors.push({ row: row.row, field: 'externalId', message: `没有可更正的记录：来源系统 ${row.source} 编号 ${row.externalId}` });
        else fresh.push(row);
      } else if (differs(old, row)) changes.push({ stored: old, next: { userId: row.userId, input: row.input, value: row.value, occurredAt: row.occurredAt, ref: row.ref }, row });
      else duplicates += 1;
    }
    if (rowErrors.length > 0) return { ok: false as const, errors: rowErrors };

    if (!ctx.dryRun) {
      if (fresh.length > 0) await insertRecords(tx, fresh, ctx.now);
      for (const c of changes) await applyRecordChanges(tx, [c], { actor: ctx.actor, reason: c.row.reason || DEFAULT_REASON[c.row.op] }, ctx.now);
      if (fresh.length + changes.length > 0) await auditBatch(tx, fresh, changes, duplicates, ctx);
    }
    const touched = [...fresh.map((r) => r.userId), ...changes.flatMap((c) => [c.stored.userId, ...(c.next ? [c.next.userId] : [])])];
    return {
      ok: true as const,
      inserted: fresh.length,
      corrected: changes.filter((c) => c.next).length,
      voided: changes.filter((c) => !c.next).length,
      duplicates,
      warnings,
      userIds: [...new Set(touched)],
      dryRun: Boolean(ctx.dryRun),
    };
  });
}

/** One summary row for the batch; the per-record rows come from applyRecordChanges. */
async function auditBatch(tx: EntityManager, fresh: ValidRow[], changes: Array<{ next: RecordFields | null }>, duplicates: number, ctx: IngestContext): Promise<void> {
  const first = fresh[0];
  await writeAudit(
    tx,
    {
      actor: ctx.actor,
      action: 'records.ingest',
      entity: 'metric_records',
      entityId: first ? `${first.source}:${first.externalId}…(${fresh.length})` : `corrections(${changes.length})`,
      after: {
        inserted: fresh.length,
        corrected: changes.filter((c) => c.next).length,
        voided: changes.filter((c) => !c.next).length,
        duplicates,
        users: [...new Set(fresh.map((r) => r.userId))].slice(0, 50),
        sources: [...new Set(fresh.map((r) => r.source))],
      },
      reason: '数据接入',
    },
    ctx.now,
  );
}

/**
 * A key repeated inside one batch counts once when the rows agree; two different contents for
 * one key in one batch is a mistake to show, not a last-one-wins guess.
 */
function dedupeBatch(rows: BatchRow[]): { ok: true; rows: BatchRow[] } | { ok: false; errors: RowError[] } {
  const first = new Map<string, BatchRow>();
  const errors: RowError[] = [];
  for (const r of rows) {
    const seen = first.get(keyOf(r));
    if (!seen) first.set(keyOf(r), r);
    else if (!sameRow(seen, r)) errors.push({ row: r.row, field: 'externalId', message: `与第 ${seen.row} 条的来源系统和外部编号相同但内容不同` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows: [...first.values()] };
}

function sameRow(a: BatchRow, b: BatchRow): boolean {
  if (a.op === 'void' || b.op === 'void') return a.op === b.op;
  return a.op === b.op && !differs(a as ValidRow, b as ValidRow);
}

async function validateRows(ds: DataSource, rows: unknown[], ctx: IngestContext): Promise<{ valid: BatchRow[]; errors: RowError[] }> {
  const offset = ctx.rowNumberOffset ?? 0;
  const errors: RowError[] = [];
  const parsed: Array<{ row: number; data: z.infer<typeof rowSchema> }> = [];
  const voids: VoidRow[] = [];
  rows.forEach((raw, i) => {
    const row = i + 1 + offset;
    const isVoid = typeof raw === 'object' && raw !== null && (raw as { op?: unknown }).op === 'void';
    const result = isVoid ? voidSchema.safeParse(raw) : rowSchema.safeParse(raw);
    if (!result.success) for (const issue of result.error.issues) errors.push({ row, field: String(issue.path[0] ?? 'row'), message: issue.message });
    else if (isVoid) voids.push({ row, ...(result.data as z.infer<typeof voidSchema>) });
    else parsed.push({ row, data: result.data as z.infer<typeof rowSchema> });
  });

  const userIds = [...new Set(parsed.map((p) => p.data.userid))];
  const knownUsers = new Set<string>();
  for (let i = 0; i < userIds.length; i += 500) {
    const found = await ds.getRepository(Employee).find({ where: { userId: In(userIds.slice(i, i + 500)) }, select: { userId: true } });
    found.forEach((e) => knownUsers.add(e.userId));
  }
  const knownInputs = new Set(
    (await ds.getRepository(MetricDefinition).find({ where: { active: true } })).flatMap((m) => m.inputs.map((inp) => inp.name)),
  );

  const valid: BatchRow[] = [...voids];
  for (const { row, data } of parsed) {
    const rowErrors: RowError[] = [];
    if (!knownUsers.has(data.userid)) rowErrors.push({ row, field: 'userid', message: `未知员工：${data.userid}` });
    if (!knownInputs.has(data.input)) rowErrors.push({ row, field: 'input', message: `未知的指标输入项：${data.input}` });
    const when = toInstant(data.occurredAt, ctx.timeZone);
    if (!when.ok) rowErrors.push({ row, field: 'occurredAt', message: when.message });
    if (rowErrors.length > 0 || !when.ok) errors.push(...rowErrors);
    else valid.push({ row, op: data.op, userId: data.userid, input: data.input, value: data.value, occurredAt: when.instant, source: data.source, externalId: data.externalId, ref: data.ref, reason: data.reason });
  }
  errors.sort((a, b) => a.row - b.row);
  valid.sort((a, b) => a.row - b.row);
  return { valid, errors };
}

/** ISO 8601 with an offset (Z, +08, +0800, +08:00, -05) as written; a bare local time is the company's wall clock. */
export function toInstant(value: string | Date, timeZone: string): { ok: true; instant: Date } | { ok: false; message: string } {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { ok: false, message: '无效的时间' } : { ok: true, instant: value };
  return parseInstantText(value, timeZone);
}

/** The stored records for the batch's keys, by key: one query per source and 5,000 keys. */
async function findStored(tx: EntityManager, rows: BatchRow[]): Promise<Map<string, MetricRecord>> {
  const bySource = new Map<string, string[]>();
  for (const r of rows) {
    const ids = bySource.get(r.source) ?? [];
    ids.push(r.externalId);
    bySource.set(r.source, ids);
  }
  const stored = new Map<string, MetricRecord>();
  for (const [source, ids] of bySource) {
    for (let i = 0; i < ids.length; i += MAX_BATCH_ROWS) {
      const found = await tx.getRepository(MetricRecord).find({ where: { source, externalId: In(ids.slice(i, i + MAX_BATCH_ROWS)) } });
      found.forEach((f) => stored.set(keyOf(f), f));
    }
  }
  return stored;
}

/**
 * One multi-row INSERT per 2,000 rows (under SQLite's 32,766 parameters). TypeORM's insert builder
 * spent more time building the statement than the database spent running it. Datetimes are written
 * as UTC text, as TypeORM writes them.
 */
async function insertRecords(tx: EntityManager, rows: ValidRow[], now: Date): Promise<void> {
  const ignore = tx.connection.options.type === 'better-sqlite3' ? 'INSERT OR IGNORE' : 'INSERT IGNORE';
  const created = utcText(now);
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000);
    const params: unknown[] = [];
    for (const r of chunk) params.push(r.userId, r.input, r.value, utcText(r.occurredAt), r.source, r.externalId, r.ref, created);
    await tx.query(
      `${ignore} INTO metric_records (user_id, input, value, occurred_at, source, external_id, ref, created_at) VALUES ${chunk.map(() => '(?,?,?,?,?,?,?,?)').join(',')}`,
      params,
    );
  }
}

function utcText(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
