/**
 * A fixed data set for the scoring tests: 王芳 (wangfang), 质检员 in 质量部, September 2025 in
 * Asia/Shanghai. Every expected number in the tests is worked out by hand here and there, never by
 * calling the code under test.
 *
 * September 2025: the 1st is a Monday, 30 days → Mon–Fri days: 1–5, 8–12, 15–19, 22–26 (20) plus
 * 29–30 (2) = 22 working days.
 */
import type { Period } from '../../../src/domain/periods';
import type {
  ExceptionInput,
  KeyResultLineInput,
  MetricLineInput,
  MetricRecord,
  ScorecardInput,
} from '../../../src/domain/scoring';

export const TZ = 'Asia/Shanghai';

/** A local (UTC+8) wall time as an instant. */
export const at = (local: string): Date => new Date(`${local}+08:00`);

export const SEPTEMBER: Period = {
  kind: 'month',
  key: '2025-09',
  start: at('2025-09-01T00:00:00'),
  end: at('2025-10-01T00:00:00'),
  label: '2025年9月',
};

export const rec = (input: string, value: number, local: string, id?: number): MetricRecord => ({
  input,
  value,
  occurredAt: at(local),
  ...(id !== undefined ? { id } : {}),
});

/**
 * 抽检差错率 (%), a KPI floor: lower_better, limit 0.5.
 * errors 1 + 1 = 2, sampled 250 + 250 = 500 → 2 / 500 × 100 = 0.4 ≤ 0.5 → score 100.
 */
export function samplingErrorLine(errors = [1, 1], sampled = [250, 250]): MetricLineInput {
  return {
    kind: 'metric',
    code: 'sampling_error_rate',
    name: '抽检差错率',
    unit: '%',
    direction: 'lower_better',
    formula: 'errors / sampled * 100',
    inputs: [
      { name: 'errors', aggregate: 'sum' },
      { name: 'sampled', aggregate: 'sum' },
    ],
    target: 0.5,
    targetKind: 'level',
    weight: 30,
    floor: true,
    records: [
      ...errors.map((v, i) => rec('errors', v, `2025-09-${String(5 + 14 * i).padStart(2, '0')}T16:00:00`)),
      ...sampled.map((v, i) => rec('sampled', v, `2025-09-${String(5 + 14 * i).padStart(2, '0')}T16:00:00`)),
    ],
  };
}

/**
 * 良品率 (%): higher_better, target 98.5, formula good / (good + scrap) × 100.
 * good 500 + 485 = 985; scrap 10 + 5 = 15 (the 20 scrapped on 09-11 fall inside the 设备故障
 * window and are left out) → 985 / 1000 × 100 = 98.5 → 100 × 98.5 / 98.5 = 100.
 * Without the exception: scrap 35 → 985 / 1020 × 100 = 96.5686… → 100 × 96.5686… / 98.5
 * = 100000 / 1020 = 98.04 < 100, so the exception is used.
 */
export function yieldLine(records?: MetricRecord[]): MetricLineInput {
  return {
    kind: 'metric',
    code: 'yield_rate',
    name: '良品率',
    unit: '%',
    direction: 'higher_better',
    formula: 'good / (good + scrap) * 100',
    inputs: [
      { name: 'good', aggregate: 'sum' },
      { name: 'scrap', aggregate: 'sum' },
    ],
    sourceNote: 'ERP 工单报工：合格品数量 / (合格品 + 报废品)',
    target: 98.5,
    targetKind: 'level',
    weight: 30,
    records: records ?? [
      rec('good', 500, '2025-09-08T17:00:00'),
      rec('scrap', 10, '2025-09-08T17:00:00'),
      rec('scrap', 20, '2025-09-11T09:30:00'),
      rec('good', 485, '2025-09-22T17:00:00'),
      rec('scrap', 5, '2025-09-22T17:00:00'),
    ],
  };
}

/**
 * 工单完成数: a count target of 40 for the month.
 * Records 10 (09-03), 1 (09-10), 1 (09-11), 15 (09-17), 9 (09-24): with 3号注塑机 down, one order
 * a day got done on Wed 10th and Thu 11th. The 设备故障 window 09-10 00:00 – 09-12 00:00 covers
 * those two working days.
 * - With the exception: the two 1s are left out → 10 + 15 + 9 = 34; target 40 × (22 − 2) / 22 =
 *   800 / 22 = 36.3636… → score 100 × 34 / 36.3636… = 3400 × 22 / 800 = 74800 / 800 = 93.5.
 * - Without it: 10 + 1 + 1 + 15 + 9 = 36 of 40 → 100 × 36 / 40 = 90.
 * 93.5 > 90, so the exception is used. (It helps as long as fewer than 3.4 orders were done in the
 * window: (34 + x) / 40 < 0.935 ⇔ 34 + x < 37.4 ⇔ x < 3.4.)
 */
export function workOrdersLine(records?: MetricRecord[]): MetricLineInput {
  return {
    kind: 'metric',
    code: 'work_orders_completed',
    name: '工单完成数',
    unit: '单',
    direction: 'higher_better',
    formula: 'completed',
    inputs: [{ name: 'completed', aggregate: 'sum' }],
    target: 40,
    targetKind: 'count',
    weight: 20,
    records: records ?? [
      rec('completed', 10, '2025-09-03T18:00:00', 101),
      rec('completed', 1, '2025-09-10T10:00:00', 102),
      rec('completed', 1, '2025-09-11T15:00:00', 103),
      rec('completed', 15, '2025-09-17T18:00:00', 104),
      rec('completed', 9, '2025-09-24T18:00:00', 105),
    ],
  };
}

/**
 * 工单完成数 had 王芳 kept producing through the breakdown: 3 (09-10) and 2 (09-11) instead of 1 and 1.
 * - With the exception: 3 and 2 left out → 34 against 36.3636… → 93.5 (as above).
 * - Without it: 10 + 3 + 2 + 15 + 9 = 39 of 40 → 100 × 39 / 40 = 97.5.
 * 97.5 > 93.5 (5 ≥ 3.4), so the exception is not used for this line: the plain line counts.
 */
export function workOrdersKeptUpLine(): MetricLineInput {
  return workOrdersLine([
    rec('completed', 10, '2025-09-03T18:00:00', 101),
    rec('completed', 3, '2025-09-10T10:00:00', 102),
    rec('completed', 2, '2025-09-11T15:00:00', 103),
    rec('completed', 15, '2025-09-17T18:00:00', 104),
    rec('completed', 9, '2025-09-24T18:00:00', 105),
  ]);
}

/** A key result at 60 % progress → score 60. */
export const newProcessKr: KeyResultLineInput = {
  kind: 'key_result',
  goalId: 7,
  name: '推动新工艺上线',
  progress: 60,
  weight: 20,
};

/** 设备故障 approved for two full working days, Wed 2025-09-10 and Thu 2025-09-11. */
export const machineFailure: ExceptionInput = {
  id: 'ex-1',
  kind: '设备故障',
  metricCodes: ['work_orders_completed', 'yield_rate'],
  start: at('2025-09-10T00:00:00'),
  end: at('2025-09-12T00:00:00'),
  note: '3号注塑机停机维修',
};

/** 物料延迟 in August: outside the period, touches nothing. */
export const augustDelay: ExceptionInput = {
  id: 'ex-0',
  kind: '物料延迟',
  metricCodes: ['work_orders_completed'],
  start: at('2025-08-20T00:00:00'),
  end: at('2025-08-22T00:00:00'),
};

/** An exception for a metric 王芳 does not have. */
export const otherMetricDelay: ExceptionInput = {
  id: 'ex-2',
  kind: '物料延迟',
  metricCodes: ['output_pieces'],
  start: at('2025-09-15T00:00:00'),
  end: at('2025-09-16T00:00:00'),
};

/**
 * The whole card. Line scores 100 (w30), 100 (w30), 93.5 (w20), 60 (w20); the 设备故障 is used on
 * both lines it names (良品率 100 > 98.04 without it, 工单完成数 93.5 > 90 without it):
 * automatic = (30×100 + 30×100 + 20×93.5 + 20×60) / (30+30+20+20) = (3000+3000+1870+1200) / 100
 *           = 9070 / 100 = 90.7
 * review 4 stars = 80; collaboration (4 + 5) / 2 × 20 = 90
 * total = 0.7 × 90.7 + 0.2 × 80 + 0.1 × 90 = 63.49 + 16 + 9 = 88.49 → '88.5'
 */
export function inspectorCard(overrides: Partial<ScorecardInput> = {}): ScorecardInput {
  return {
    userId: 'wangfang',
    period: SEPTEMBER,
    timeZone: TZ,
    lines: [samplingErrorLine(), yieldLine(), workOrdersLine(), newProcessKr],
    reviewStars: 4,
    collaborationStars: [4, 5],
    exceptions: [augustDelay, machineFailure, otherMetricDelay],
    ...overrides,
  };
}

/** The error a call throws (fails the test when it throws nothing). */
export function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to throw');
}
