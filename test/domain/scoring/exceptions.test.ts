import {
  coveredWorkingDays,
  effectiveTarget,
  excludeRecords,
  exceptionsFor,
  isInWindow,
  listAppliedExceptions,
  prorateTarget,
  scoreKeyResultLine,
  scoreMetricLine,
  type ExceptionInput,
  type LineInput,
  type LineContext,
} from '../../../src/domain/scoring';
import {
  SEPTEMBER,
  TZ,
  at,
  augustDelay,
  machineFailure,
  newProcessKr,
  otherMetricDelay,
  rec,
  samplingErrorLine,
  workOrdersLine,
  yieldLine,
} from './fixtures';

const win = (from: string, to: string) => ({ start: at(from), end: at(to) });
const ctx = (exceptions: ExceptionInput[]): LineContext => ({ period: SEPTEMBER, timeZone: TZ, exceptions });
/** The exceptions listed for these lines, each line scored first (as computeScorecard does). */
const list = (lines: LineInput[], c: LineContext) =>
  listAppliedExceptions(lines, lines.map((l) => (l.kind === 'metric' ? scoreMetricLine(l, c) : scoreKeyResultLine(l))), c);

/** A second exception overlapping the first by one day: Thu 09-11 00:00 – Sat 09-13 00:00. */
const materialDelay: ExceptionInput = {
  id: 'ex-3',
  kind: '物料延迟',
  metricCodes: ['work_orders_completed'],
  start: at('2025-09-11T00:00:00'),
  end: at('2025-09-13T00:00:00'),
};

describe('isInWindow (start ≤ t < end)', () => {
  it.each([
    ['2025-09-09T23:59:59', false],
    ['2025-09-10T00:00:00', true],
    ['2025-09-11T23:59:59', true],
    ['2025-09-12T00:00:00', false],
  ])('%s → %p', (local, inside) => {
    expect(isInWindow(at(local), machineFailure)).toBe(inside);
  });
});

describe('exceptionsFor / excludeRecords', () => {
  it('finds the exceptions naming a metric code', () => {
    const all = [augustDelay, machineFailure, otherMetricDelay];
    expect(exceptionsFor('work_orders_completed', all)).toEqual([augustDelay, machineFailure]);
    expect(exceptionsFor('yield_rate', all)).toEqual([machineFailure]);
    expect(exceptionsFor('sampling_error_rate', all)).toEqual([]);
    expect(exceptionsFor('yield_rate', undefined)).toEqual([]);
  });

  it('leaves out the records of 09-10 (3) and 09-11 (2) and keeps 10, 15, 9', () => {
    const { kept, excluded } = excludeRecords(workOrdersLine().records, [machineFailure]);
    expect(kept.map((r) => r.id)).toEqual([101, 104, 105]);
    expect(excluded.map((r) => r.id)).toEqual([102, 103]);
  });
});

describe('coveredWorkingDays', () => {
  it.each([
    ['the 设备故障 window, Wed 10th + Thu 11th', [win('2025-09-10T00:00:00', '2025-09-12T00:00:00')], 2],
    [
      'overlapping windows merged: Wed–Fri = 3, not 2 + 2',
      [win('2025-09-10T00:00:00', '2025-09-12T00:00:00'), win('2025-09-11T00:00:00', '2025-09-13T00:00:00')],
      3,
    ],
    [
      'touching windows: 10th + 11th',
      [win('2025-09-11T00:00:00', '2025-09-12T00:00:00'), win('2025-09-10T00:00:00', '2025-09-11T00:00:00')],
      2,
    ],
    ['a weekend: Sat 13th + Sun 14th', [win('2025-09-13T00:00:00', '2025-09-15T00:00:00')], 0],
    ['clipped to the period: only Mon 09-01 of 08-28 … 09-02', [win('2025-08-28T00:00:00', '2025-09-02T00:00:00')], 1],
    ['a morning, 08:00–12:00 = 4/24 of a day', [win('2025-09-10T08:00:00', '2025-09-10T12:00:00')], 1 / 6],
    ['none', [], 0],
  ])('%s', (_label, windows, expected) => {
    expect(coveredWorkingDays(SEPTEMBER, windows, TZ)).toBeCloseTo(expected, 9);
  });
});

describe('prorateTarget: T × (workingDays − covered) / workingDays', () => {
  it.each([
    [40, 22, 2, 800 / 22], // 40 × 20 / 22 = 36.3636…
    [40, 22, 3, 760 / 22], // 40 × 19 / 22 = 34.5454…
    [40, 22, 0, 40],
    [40, 22, 22, 0],
    [40, 22, 30, 0], // never negative
    [40, 0, 0, 40], // a period without working days keeps its target
  ])('T %p, %p working days, %p covered → %p', (t, days, covered, expected) => {
    expect(prorateTarget(t, days, covered)).toBeCloseTo(expected, 9);
  });
});

describe('effectiveTarget', () => {
  it('prorates a count target over September’s 22 working days', () => {
    const r = effectiveTarget(workOrdersLine(), [machineFailure], ctx([machineFailure]));
    expect(r.covered).toBe(2);
    expect(r.target).toBeCloseTo(36.36363636, 6);
  });

  it('merges overlapping exceptions: 3 days covered → 40 × 19 / 22 = 34.5454…', () => {
    const r = effectiveTarget(workOrdersLine(), [machineFailure, materialDelay], ctx([]));
    expect(r.covered).toBe(3);
    expect(r.target).toBeCloseTo(34.54545454, 6);
  });

  it('never changes a level target, nor a count target without exceptions', () => {
    expect(effectiveTarget(yieldLine(), [machineFailure], ctx([]))).toEqual({ target: 98.5, covered: 0 });
    expect(effectiveTarget(workOrdersLine(), [], ctx([]))).toEqual({ target: 40, covered: 0 });
  });
});

describe('listAppliedExceptions', () => {
  const lines = [samplingErrorLine(), yieldLine(), workOrdersLine(), newProcessKr];

  it('lists the 设备故障 with its window, metrics, exclusions and target change; August\'s is not listed', () => {
    const applied = list(lines, ctx([augustDelay, machineFailure, otherMetricDelay]));
    expect(applied.map((e) => [e.id, e.effect])).toEqual([
      ['ex-1', 'used'],
      ['ex-2', 'no_effect'], // names 产量, not on her card: listed, and says so
    ]);
    expect(applied[1].why).toBe('申报涉及的指标不在本期考核中，不影响本期得分');
    const [ex] = applied;
    // 良品率 98.04 → 100 and 工单完成数 90 → 93.5 with it.
    const one = (x: number | null) => x !== null && Math.round(x * 10) / 10;
    expect(ex.lines.map((l) => [l.code, one(l.withoutException), one(l.withException), l.used])).toEqual([
      ['yield_rate', 98, 100, true],
      ['work_orders_completed', 90, 93.5, true],
    ]);
    expect(ex).toMatchObject({
      id: 'ex-1',
      kind: '设备故障',
      start: at('2025-09-10T00:00:00'),
      end: at('2025-09-12T00:00:00'),
      note: '3号注塑机停机维修',
      metricCodes: ['yield_rate', 'work_orders_completed'],
      coveredWorkingDays: 2,
      recordsExcluded: 3, // scrap 20 on 09-11; completed 3 on 09-10 and 2 on 09-11
    });
    expect(ex.targets).toHaveLength(1);
    expect(ex.targets[0].code).toBe('work_orders_completed');
    expect(ex.targets[0].before).toBe(40);
    expect(ex.targets[0].after).toBeCloseTo(36.36363636, 6);
  });

  it('with two overlapping exceptions, each lists its own days and records and the combined target', () => {
    const applied = list(lines, ctx([machineFailure, materialDelay]));
    expect(applied.map((e) => [e.id, e.coveredWorkingDays, e.recordsExcluded])).toEqual([
      ['ex-1', 2, 3],
      ['ex-3', 2, 1], // Thu 11th + Fri 12th; the 2 completed on 09-11
    ]);
    for (const e of applied) expect(e.targets[0].after).toBeCloseTo(34.54545454, 6);
  });

  it('lists a weekend exception that was not needed: 4 orders on Saturday score 10 plain, nothing without them', () => {
    const weekend: ExceptionInput = {
      id: 'ex-4',
      kind: '停电',
      metricCodes: ['work_orders_completed'],
      start: at('2025-09-13T00:00:00'),
      end: at('2025-09-15T00:00:00'),
    };
    const line = { ...workOrdersLine(), records: [rec('completed', 4, '2025-09-13T10:00:00')] };
    const [ex] = list([line], ctx([weekend]));
    // Plain: 4 of 40 → 10; with it the only record is left out → 本期无数据. The plain 10 counts.
    expect(ex).toMatchObject({ id: 'ex-4', coveredWorkingDays: 0, recordsExcluded: 0, effect: 'not_needed', metricCodes: [], targets: [] });
    expect(ex.lines).toEqual([{ code: 'work_orders_completed', name: '工单完成数', withException: null, withoutException: 10, used: false }]);
    expect(ex.why).toBe('按原数据得分不低于剔除后（工单完成数 剔除后不考核、原数据10.0），按原数据计分，得分不变');
    expect(ex.note).toBeUndefined();
  });

  it('is empty without exceptions', () => {
    expect(list(lines, { period: SEPTEMBER, timeZone: TZ })).toEqual([]);
  });
});
