import { aggregateInputs } from '../../../src/domain/scoring';
import { rec } from './fixtures';

// One input, five records, deliberately out of time order: 4 (09-02), 9 (09-20 18:00),
// 1 (09-09), 6 (09-20 07:00, earlier the same day), 5 (09-15).
const records = [
  rec('x', 4, '2025-09-02T08:00:00'),
  rec('x', 9, '2025-09-20T18:00:00'),
  rec('x', 1, '2025-09-09T08:00:00'),
  rec('x', 6, '2025-09-20T07:00:00'),
  rec('x', 5, '2025-09-15T08:00:00'),
];

describe('aggregateInputs', () => {
  it.each([
    ['sum', 25], // 4 + 9 + 1 + 6 + 5
    ['avg', 5], // 25 / 5
    ['max', 9],
    ['min', 1],
    ['last', 9], // 09-20 18:00 is the latest
  ] as const)('%s → %p', (aggregate, expected) => {
    expect(aggregateInputs([{ name: 'x', aggregate }], records)).toEqual({
      inputs: { x: expected },
      recordsUsed: 5,
    });
  });

  it("'last' takes the record given last among equal instants", () => {
    const tied = [rec('x', 1, '2025-09-30T12:00:00'), rec('x', 2, '2025-09-30T12:00:00')];
    expect(aggregateInputs([{ name: 'x', aggregate: 'last' }], tied).inputs.x).toBe(2);
  });

  it("a 'sum' over no records is 0; other aggregates leave the input out", () => {
    const specs = [
      { name: 'scrap', aggregate: 'sum' as const },
      { name: 'temp', aggregate: 'avg' as const },
      { name: 'peak', aggregate: 'max' as const },
    ];
    expect(aggregateInputs(specs, [])).toEqual({ inputs: { scrap: 0 }, recordsUsed: 0 });
  });

  it('aggregates each input separately and ignores undeclared inputs and non-finite values', () => {
    const mixed = [
      rec('good', 500, '2025-09-08T17:00:00'),
      rec('good', 485, '2025-09-22T17:00:00'),
      rec('scrap', 15, '2025-09-22T17:00:00'),
      rec('rework', 7, '2025-09-22T17:00:00'), // not declared
      rec('scrap', Number.NaN, '2025-09-23T17:00:00'), // garbage from the ERP
    ];
    const specs = [
      { name: 'good', aggregate: 'sum' as const },
      { name: 'scrap', aggregate: 'sum' as const },
    ];
    // good 500 + 485 = 985; scrap 15; used: 3 records
    expect(aggregateInputs(specs, mixed)).toEqual({ inputs: { good: 985, scrap: 15 }, recordsUsed: 3 });
  });

  it('counts the records of an input declared twice only once', () => {
    const specs = [
      { name: 'x', aggregate: 'sum' as const },
      { name: 'x', aggregate: 'max' as const },
    ];
    expect(aggregateInputs(specs, records)).toEqual({ inputs: { x: 25 }, recordsUsed: 5 });
  });
});
