/**
 * Deterministic metric records for the bench org: record j belongs to employee j mod n (so every
 * employee gets the same share), cycles through that employee's inputs, and falls at a random
 * instant of the period. The same seed gives the same rows, on every database and every run.
 */
import type { Period } from '../../src/domain/periods';
import { seededRandom } from '../../src/sandbox/demo-factory';
import { INPUT_SOURCES, INPUT_VALUES, type BenchEmployee } from './bench-org';

export interface BenchRecord {
  userId: string;
  input: string;
  value: number;
  occurredAt: Date;
  source: string;
  externalId: string;
}

/** The sandbox's seedable PRNG (mulberry32; Math.random cannot be seeded). */
export const createRng = seededRandom;

export interface RecordPlan {
  employees: BenchEmployee[];
  period: Period;
  /** Records [from, from + count) of the sequence; externalIds are `${prefix}${j}`. */
  from?: number;
  count: number;
  prefix?: string;
  seed?: number;
}

export function* generateRecords(plan: RecordPlan): Generator<BenchRecord> {
  const { employees, period, count } = plan;
  if (employees.length === 0) throw new Error('records need at least one employee');
  const from = plan.from ?? 0;
  const prefix = plan.prefix ?? 'bench-';
  const rng = createRng((plan.seed ?? 48) + from);
  const start = period.start.getTime();
  const span = period.end.getTime() - start;
  for (let j = from; j < from + count; j++) {
    const e = employees[j % employees.length];
    const input = e.inputs[Math.floor(j / employees.length) % e.inputs.length];
    const range = INPUT_VALUES[input];
    const value = range.chance !== undefined && rng() >= range.chance ? 0 : range.min + Math.floor(rng() * (range.max - range.min + 1));
    yield {
      userId: e.userId,
      input,
      value,
      occurredAt: new Date(start + Math.floor(rng() * span)),
      source: INPUT_SOURCES[input],
      externalId: `${prefix}${j}`,
    };
  }
}
