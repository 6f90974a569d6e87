/**
 * Records in, from the push API, pull connectors and Excel alike: the whole batch is validated
 * first and stored whole or not at all; (source, externalId) makes a resent batch change nothing.
 */
import { DataSource, EntityManager, In } from 'typeorm';
import { z } from 'zod';
import { writeAudit } from '../audit';
import { parseLocal } from '../domain/periods';
import { Employee, MetricDefinition, MetricRecord } from '../entities';

export const MAX_BATCH_ROWS = 5000;

export interface RowError {
  /** 1-based position in the batch (or the sheet row, with rowNumberOffset). */
  row: number;
  field: string;
  message: string;
}

export type IngestResult =
  | { ok: true; inserted: number; duplicates: number; userIds: string[]; dryRun: boolean }
  | { ok: false; errors: RowError[] };

export interface IngestContext {
  actor: string;
  now: Date;
  timeZone: string;
  dryRun?: boolean;
  /** Added to row numbers in errors, e.g. 1 for a sheet whose row 1 holds the headers. */
  rowNumberOffset?: number;
}

const rowSchema = z.object({
  userid: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符'),
  input: z.string().trim().min(1, '不能为空').max(64, '不能超过 64 个字符'),
  value: z.number({ message: '必须是数字' }).finite('必须是有限的数字'),
  occurredAt: z.union([z.string().trim().min(1, '不能为空'), z.date()]),
  source: z.string().trim().min(1, '不能为空').max(32, '不能超过 32 个字符'),
  externalId: z.string().trim().min(1, '不能为空').max(128, '不能超过 128 个字符'),
  ref: z.string().trim().max(255, '不能超过 255 个字符').optional().default(''),
});

type ValidRow = Omit<MetricRecord, 'id' | 'createdAt'>;

export async function ingestRecords(ds: DataSource, rows: unknown[], ctx: IngestContext): Promise<IngestResult> {
  if (rows.length === 0) return { ok: false, errors: [{ row: 0, field: 'records', message: '没有任何记录' }] };
  if (rows.length > MAX_BATCH_ROWS) {
    return { ok: false, errors: [{ row: 0, field: 'records', message: `一批最多 ${MAX_BATCH_ROWS} 条，本批 ${rows.length} 条` }] };
  }
  const { valid, errors } = await validateRows(ds, rows, ctx);
  if (errors.length > 0) return { ok: false, errors };

  return ds.transaction(async (tx) => {
    const existing = await findExistingKeys(tx, valid);
    const fresh: ValidRow[] = [];
    for (const r of valid) {
      const key = `${r.source}\u0000${r.externalId}`;
      if (existing.has(key)) continue;
      existing.add(key); // a key repeated inside the batch counts once
      fresh.push(r);
    }
    if (!ctx.dryRun && fresh.length > 0) {
      await insertRecords(tx, fresh, ctx.now);
      const userIds = [...new Set(fresh.map((r) => r.userId))];
      await writeAudit(
        tx,
        {
          actor: ctx.actor,
          action: 'records.ingest',
          entity: 'metric_records',
          entityId: `${fresh[0].source}:${fresh[0].externalId}…(${fresh.length})`,
          after: { inserted: fresh.length, duplicates: valid.length - fresh.length, users: userIds.slice(0, 50), sources: [...new Set(fresh.map((r) => r.source))] },
          reason: '数据接入',
        },
        ctx.now,
      );
    }
    return {
      ok: true as const,
      inserted: fresh.length,
      duplicates: valid.length - fresh.length,
      userIds: [...new Set(fresh.map((r) => r.userId))],
      dryRun: Boolean(ctx.dryRun),
    };
  });
}

async function validateRows(ds: DataSource, rows: unknown[], ctx: IngestContext): Promise<{ valid: ValidRow[]; errors: RowError[] }> {
  const offset = ctx.rowNumberOffset ?? 0;
  const errors: RowError[] = [];
  const parsed: Array<{ row: number; data: z.infer<typeof rowSchema> }> = [];
  rows.forEach((raw, i) => {
    const result = rowSchema.safeParse(raw);
    if (result.success) parsed.push({ row: i + 1 + offset, data: result.data });
    else for (const issue of result.error.issues) errors.push({ row: i + 1 + offset, field: String(issue.path[0] ?? 'row'), message: issue.message });
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

  const valid: ValidRow[] = [];
  for (const { row, data } of parsed) {
    const rowErrors: RowError[] = [];
    if (!knownUsers.has(data.userid)) rowErrors.push({ row, field: 'userid', message: `未知员工：${data.userid}` });
    if (!knownInputs.has(data.input)) rowErrors.push({ row, field: 'input', message: `未知的指标输入项：${data.input}` });
    const occurredAt = toInstant(data.occurredAt, ctx.timeZone);
    if (!occurredAt) rowErrors.push({ row, field: 'occurredAt', message: `无法识别的时间：${String(data.occurredAt)}` });
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else valid.push({ userId: data.userid, input: data.input, value: data.value, occurredAt: occurredAt!, source: data.source, externalId: data.externalId, ref: data.ref });
  }
  errors.sort((a, b) => a.row - b.row);
  return { valid, errors };
}

/** ISO 8601 with an offset is taken as is; a bare local time is the company's wall clock. */
export function toInstant(value: string | Date, timeZone: string): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  try {
    return parseLocal(value.replace('T', ' ').slice(0, 16), timeZone);
  } catch {
    return null;
  }
}

/** The (source, externalId) pairs of the batch already stored: one query per source. */
async function findExistingKeys(tx: EntityManager, rows: ValidRow[]): Promise<Set<string>> {
  const bySource = new Map<string, string[]>();
  for (const r of rows) {
    const ids = bySource.get(r.source) ?? [];
    ids.push(r.externalId);
    bySource.set(r.source, ids);
  }
  const keys = new Set<string>();
  for (const [source, ids] of bySource) {
    for (let i = 0; i < ids.length; i += MAX_BATCH_ROWS) {
      const chunk = ids.slice(i, i + MAX_BATCH_ROWS);
      const found: Array<{ external_id: string }> = await tx.query(
        `SELECT external_id FROM metric_records WHERE source = ? AND external_id IN (${chunk.map(() => '?').join(',')})`,
        [source, ...chunk],
      );
      found.forEach((f) => keys.add(`${source}\u0000${f.external_id}`));
    }
  }
  return keys;
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
