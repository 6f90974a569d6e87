/**
 * The rows bench/ingest sends, built before any timing: batches of bench records for the bench org
 * as API bodies (serialised JSON, as an ERP client would hold them) and as mysql2 value tuples.
 */
import type { Period } from '../src/domain/periods';
import type { BenchEmployee } from './common/bench-org';
import { generateRecords, type BenchRecord } from './common/records';

export interface IngestBatch {
  /** `{"records":[…]}` for POST /api/v1/records. */
  body: string;
  /** [user_id, input, value, occurred_at, source, external_id, ref, created_at] per row. */
  tuples: Array<[string, string, number, Date, string, string, string, Date]>;
}

function toApiRow(r: BenchRecord) {
  return { userid: r.userId, input: r.input, value: r.value, occurredAt: r.occurredAt.toISOString(), source: r.source, externalId: r.externalId };
}

export interface BatchPlan {
  batches: number;
  rowsPerBatch: number;
  /** created_at of the mysql2 rows (the app stamps its own clock). */
  now: Date;
  /** externalIds are `${prefix}${n}`: distinct prefixes give distinct rows. */
  prefix: string;
}

export function buildBatches(employees: BenchEmployee[], period: Period, plan: BatchPlan): IngestBatch[] {
  const { rowsPerBatch, now, prefix } = plan;
  const out: IngestBatch[] = [];
  for (let b = 0; b < plan.batches; b++) {
    const records = [...generateRecords({ employees, period, from: b * rowsPerBatch, count: rowsPerBatch, prefix })];
    out.push({
      body: JSON.stringify({ records: records.map(toApiRow) }),
      tuples: records.map((r) => [r.userId, r.input, r.value, r.occurredAt, r.source, r.externalId, '', now]),
    });
  }
  return out;
}
