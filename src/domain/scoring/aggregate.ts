import type { AggregateKind, InputSummary, MetricLineInput, MetricRecord } from './types';

export interface Aggregated {
  /** One value per declared input that can be computed (see aggregateInputs). */
  inputs: Record<string, number>;
  /** Records that fed a declared input. */
  recordsUsed: number;
}

function aggregateValues(kind: AggregateKind, records: MetricRecord[]): number | undefined {
  if (kind === 'sum') return records.reduce((acc, r) => acc + r.value, 0);
  if (records.length === 0) return undefined;
  switch (kind) {
    case 'avg':
      return records.reduce((acc, r) => acc + r.value, 0) / records.length;
    case 'max':
      return Math.max(...records.map((r) => r.value));
    case 'min':
      return Math.min(...records.map((r) => r.value));
    case 'last': {
      // The latest occurredAt wins; among equal instants, the one given last.
      let latest = records[0];
      for (const r of records) if (r.occurredAt.getTime() >= latest.occurredAt.getTime()) latest = r;
      return latest.value;
    }
  }
}

/**
 * Aggregates a line's records per declared input. A 'sum' over no records is 0 (the ERP sends no
 * row for "no scrap"); 'avg', 'last', 'max' and 'min' over no records leave the input out, so the
 * formula reports it missing. Records for undeclared inputs and non-finite values are ignored.
 */
export function aggregateInputs(
  specs: MetricLineInput['inputs'],
  records: MetricRecord[],
): Aggregated {
  const inputs: Record<string, number> = {};
  const seen = new Set<string>();
  let recordsUsed = 0;
  for (const spec of specs) {
    if (seen.has(spec.name)) continue; // a repeated declaration must not count records twice
    seen.add(spec.name);
    const mine = records.filter((r) => r.input === spec.name && Number.isFinite(r.value));
    recordsUsed += mine.length;
    const value = aggregateValues(spec.aggregate, mine);
    if (value !== undefined) inputs[spec.name] = value;
  }
  return { inputs, recordsUsed };
}

/** aggregateInputs over summaries instead of records: the same rules, the same results. */
export function aggregateSummaries(specs: MetricLineInput['inputs'], summaries: Record<string, InputSummary>): Aggregated {
  const inputs: Record<string, number> = {};
  const seen = new Set<string>();
  let recordsUsed = 0;
  for (const spec of specs) {
    if (seen.has(spec.name)) continue;
    seen.add(spec.name);
    const s = summaries[spec.name];
    const count = s?.count ?? 0;
    recordsUsed += count;
    if (spec.aggregate === 'sum') inputs[spec.name] = s?.sum ?? 0;
    else if (!s || count === 0) continue;
    else if (spec.aggregate === 'avg') inputs[spec.name] = s.sum / count;
    else if (spec.aggregate === 'max') inputs[spec.name] = s.max;
    else if (spec.aggregate === 'min') inputs[spec.name] = s.min;
    else if (s.last !== null) inputs[spec.name] = s.last;
  }
  return { inputs, recordsUsed };
}
