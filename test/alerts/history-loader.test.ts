/**
 * The history loader reads each person's records as concatenated lists and buckets them by text
 * time: its weekly and monthly values must equal the record-by-record computation (valuesByPeriod)
 * for every aggregate kind, several records a week, and records exactly on week and month edges.
 * And the back-test's one-pass baselines must equal baselinesAt at every week.
 */
import type { DataSource } from 'typeorm';
import { baselinesAt, baselineTable } from '../../src/alerts/baseline';
import { loadHistoryInputs, monthOfWeek, personValues } from '../../src/alerts/history-data';
import { valuesByPeriod, type ValueRecord } from '../../src/alerts/metric-values';
import { AlertRule } from '../../src/alerts/alert-rule.entity';
import { MetricDefinition, MetricRecord } from '../../src/entities';
import { openTestDatabase } from '../helpers/db';
import { prng, seedOperators, TZ, weeksEnding } from './seed-history';

const WEEKS = weeksEnding('2026-W20', 12);
const inputs = [
  { name: 'a', aggregate: 'sum' }, { name: 'b', aggregate: 'avg' }, { name: 'c', aggregate: 'last' }, { name: 'd', aggregate: 'max' }, { name: 'e', aggregate: 'min' },
] as const;

describe('alert history loader', () => {
  let ds: DataSource;
  beforeEach(async () => {
    ds = await openTestDatabase();
  });
  afterEach(async () => {
    await ds.destroy();
  });

  it('gives the same weekly and monthly values as reading the records one by one', async () => {
    const ids = ['u1', 'u2', 'u3'];
    await seedOperators(ds, ids);
    const now = new Date('2026-01-01T00:00:00Z');
    await ds.getRepository(MetricDefinition).insert({
      code: 'mixed', name: '混合', department: '生产', unit: '', direction: 'higher_better', formula: 'a + b * 10 + c * 100 + d - e',
      inputs: inputs.map((i) => ({ ...i, label: i.name, unit: '' })), sourceSystem: 'MES', sourceNote: '', suggestedTarget: null, targetKind: 'level',
      description: '', builtin: false, active: true, updatedAt: now,
    });
    const rule = { metricCode: 'mixed', outcomeMetricCode: null } as AlertRule;
    const rand = prng(7);
    const rows: ValueRecord[][] = ids.map(() => []);
    const first = WEEKS[0].start.getTime();
    const span = WEEKS[WEEKS.length - 1].end.getTime() - first;
    ids.forEach((_, p) => {
      for (let k = 0; k < 150; k++) {
        rows[p].push({ input: inputs[Math.floor(rand() * inputs.length)].name, value: Math.round(rand() * 1000) / 10, occurredAt: new Date(first - 86_400_000 * 10 + Math.floor(rand() * (span + 86_400_000 * 40))) });
      }
      // Exactly on the edges: a week's start, a month's start, the last millisecond before a week ends.
      rows[p].push({ input: 'a', value: 5, occurredAt: WEEKS[3].start }, { input: 'c', value: 9, occurredAt: new Date(WEEKS[5].end.getTime() - 1) });
      rows[p].push({ input: 'd', value: 77, occurredAt: monthOfWeek(WEEKS[6], TZ).start });
    });
    await ds.getRepository(MetricRecord).insert(
      rows.flatMap((list, p) => list.map((r, k) => ({ userId: ids[p], ...r, source: 'MES', externalId: `${p}-${k}`, ref: '', createdAt: now }))),
    );
    const data = await loadHistoryInputs(ds, [rule], WEEKS, TZ);
    const metric = data.metrics.get('mixed')!;
    ids.forEach((id, p) => {
      const recs = data.records.get(id);
      expect(personValues(data, metric, recs, 'week')).toEqual(valuesByPeriod(metric, rows[p], WEEKS));
      expect(personValues(data, metric, recs, 'month')).toEqual(valuesByPeriod(metric, rows[p], data.months));
    });
    expect(data.months.map((m) => m.key)).toEqual([...new Set(WEEKS.map((w) => monthOfWeek(w, TZ).key))]);
  });
});

describe('baselines for the back-test', () => {
  it('equal baselinesAt before every week, own and peers alike', () => {
    const rand = prng(11);
    const people = new Map<string, { series: Array<number | null>; position: string }>();
    for (let p = 0; p < 30; p++) {
      const gap = p % 5 === 0 ? 30 : 0; // some join late: peers' baseline until they have 4 weeks
      people.set(`p${p}`, { position: `岗位${p % 3}`, series: Array.from({ length: 52 }, (_, i) => (i < gap || rand() < 0.2 ? null : Math.round(rand() * 50))) });
    }
    const table = baselineTable(people, 52);
    for (let before = 0; before <= 52; before++) {
      const expected = baselinesAt(people, before);
      for (const id of people.keys()) {
        const v = table.get(id)![before];
        if (expected.has(id)) expect(v).toBe(expected.get(id)!.value);
        else expect(v).toBeNaN();
      }
    }
  });
});
