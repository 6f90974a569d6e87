/** Summaries (what the database hands over for a whole company) give exactly what the records give. */
import { aggregateInputs, aggregateSummaries } from '../../../src/domain/scoring';
import type { InputSummary, MetricRecord } from '../../../src/domain/scoring/types';

function summarise(records: MetricRecord[]): Record<string, InputSummary> {
  const out: Record<string, InputSummary> = {};
  records.forEach((r) => {
    const s = (out[r.input] ??= { count: 0, sum: 0, min: Infinity, max: -Infinity, last: null });
    s.count++;
    s.sum += r.value;
    s.min = Math.min(s.min, r.value);
    s.max = Math.max(s.max, r.value);
  });
  for (const input of Object.keys(out)) {
    let latest: MetricRecord | null = null;
    for (const r of records) if (r.input === input && (!latest || r.occurredAt.getTime() >= latest.occurredAt.getTime())) latest = r;
    out[input].last = latest!.value;
  }
  return out;
}

describe('aggregateSummaries', () => {
  const specs = [
    { name: 'good', aggregate: 'sum' as const },
    { name: 'scrap', aggregate: 'sum' as const },
    { name: 'temp', aggregate: 'avg' as const },
    { name: 'peak', aggregate: 'max' as const },
    { name: 'low', aggregate: 'min' as const },
    { name: 'stock', aggregate: 'last' as const },
  ];
  it.each([1, 2, 3, 4, 5])('matches aggregateInputs on random records (seed %i)', (seed) => {
    let x = seed * 7919;
    const rnd = () => ((x = (x * 48271) % 2147483647) / 2147483647);
    const names = ['good', 'temp', 'peak', 'low', 'stock'];
    const records: MetricRecord[] = Array.from({ length: 40 }, (_, i) => ({
      input: names[Math.floor(rnd() * names.length)],
      value: Math.round(rnd() * 1000) / 10,
      occurredAt: new Date(Date.UTC(2026, 10, 23) + Math.floor(rnd() * 5) * 86400_000 + i),
    }));
    expect(aggregateSummaries(specs, summarise(records))).toEqual(aggregateInputs(specs, records));
  });

  it('treats a sum with no records as 0 and leaves other aggregates out, like the records path', () => {
    expect(aggregateSummaries(specs, {})).toEqual({ inputs: { good: 0, scrap: 0 }, recordsUsed: 0 });
    expect(aggregateInputs(specs, [])).toEqual({ inputs: { good: 0, scrap: 0 }, recordsUsed: 0 });
  });
});
