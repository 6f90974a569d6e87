/**
 * Corrections as first-class data: a stored source record is replaced or voided, never silently.
 * Every change writes one audit row per person whose score it touches (action record.corrected or
 * record.voided, entity metric_record, before/after with occurredAt, input and value): that row is
 * what a published scorecard reads to say what changed and why. Used by the ingestion path (a
 * resent key with new content, op "correction" / "void") and by appeals (correctRecord).
 */
import type { DataSource, EntityManager } from 'typeorm';
import { writeAudits, type AuditInput } from '../audit';
import { MetricRecord } from '../entities';
import { UserError, ValidationError } from '../wecom/errors';

/** What a record says, as written to the audit log (occurredAt as ISO 8601 UTC). */
export interface RecordState {
  source: string;
  externalId: string;
  userId: string;
  input: string;
  value: number;
  occurredAt: string;
  ref: string;
}

export type RecordFields = Pick<MetricRecord, 'userId' | 'input' | 'value' | 'occurredAt' | 'ref'>;

export interface ChangeMeta {
  actor: string;
  /** Why, in words: the appeal, the ERP correction, the HR import. */
  reason: string;
}

export function stateOf(r: Pick<MetricRecord, 'source' | 'externalId'> & RecordFields): RecordState {
  return { source: r.source, externalId: r.externalId, userId: r.userId, input: r.input, value: r.value, occurredAt: r.occurredAt.toISOString(), ref: r.ref };
}

/** True when the fields that can move a score (or the shown reference) differ. */
export function differs(stored: RecordFields, next: RecordFields): boolean {
  return (
    stored.userId !== next.userId ||
    stored.input !== next.input ||
    stored.value !== next.value ||
    stored.occurredAt.getTime() !== next.occurredAt.getTime() ||
    (stored.ref ?? '') !== (next.ref ?? '')
  );
}

/** The audit rows for one change: one per person touched (a record moved to someone else touches two). */
export function correctionAudits(stored: MetricRecord, next: RecordFields | null, meta: ChangeMeta): AuditInput[] {
  const before = stateOf(stored);
  const after = next ? stateOf({ ...stored, ...next }) : null;
  const base = { actor: meta.actor, action: next ? 'record.corrected' : 'record.voided', entity: 'metric_record', entityId: stored.id, before, after, reason: meta.reason };
  const subjects = [...new Set([stored.userId, ...(next ? [next.userId] : [])])];
  return subjects.map((subjectUserId) => ({ ...base, subjectUserId }));
}

/** Applies changes to stored records inside the caller's transaction and audits each one. */
export async function applyRecordChanges(
  tx: EntityManager,
  changes: Array<{ stored: MetricRecord; next: RecordFields | null }>,
  meta: ChangeMeta,
  now: Date,
): Promise<void> {
  const audits: AuditInput[] = [];
  for (const { stored, next } of changes) {
    if (next) await tx.update(MetricRecord, { id: stored.id }, { userId: next.userId, input: next.input, value: next.value, occurredAt: next.occurredAt, ref: next.ref });
    else await tx.delete(MetricRecord, { id: stored.id });
    audits.push(...correctionAudits(stored, next, meta));
  }
  await writeAudits(tx, audits, now);
}

export interface CorrectionRequest {
  recordId: number;
  /** The corrected value; leave out with `void: true` to remove the record. */
  value?: number;
  void?: boolean;
  /** 'user:<userid>' (HR deciding an appeal), 'apikey:<name>', 'cli'. */
  actor: string;
  /** Where the correction comes from, e.g. 'appeal:42'; kept in the audit reason. */
  source: string;
  reason: string;
}

export type CorrectionResult = { changed: boolean; before: RecordState; after: RecordState | null };

/**
 * Corrects (or voids) one stored record by id, audited. Correcting to the value it already has
 * changes nothing and writes no audit row. Throws UserError for an unknown record and
 * ValidationError for a value that is not a finite number.
 */
export async function correctRecord(ds: DataSource, req: CorrectionRequest, now: Date): Promise<CorrectionResult> {
  if (!req.void && (typeof req.value !== 'number' || !Number.isFinite(req.value))) throw new ValidationError('value', '更正后的数值必须是有限的数字');
  if (!req.reason.trim()) throw new ValidationError('reason', '请写明更正原因');
  return ds.transaction(async (tx) => {
    const stored = await tx.findOneBy(MetricRecord, { id: req.recordId });
    if (!stored) throw new UserError(`没有编号为 ${req.recordId} 的数据记录（可能已被作废）`);
    const next: RecordFields | null = req.void ? null : { userId: stored.userId, input: stored.input, value: req.value!, occurredAt: stored.occurredAt, ref: stored.ref };
    const before = stateOf(stored);
    if (next && !differs(stored, next)) return { changed: false, before, after: before };
    await applyRecordChanges(tx, [{ stored, next }], { actor: req.actor, reason: `${req.reason.trim()}（${req.source}）` }, now);
    return { changed: true, before, after: next ? stateOf({ ...stored, ...next }) : null };
  });
}
