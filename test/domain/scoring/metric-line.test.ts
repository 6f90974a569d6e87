import { scoreKeyResultLine, scoreMetricLine, type LineContext } from '../../../src/domain/scoring';
import {
  SEPTEMBER,
  TZ,
  at,
  machineFailure,
  newProcessKr,
  rec,
  samplingErrorLine,
  workOrdersKeptUpLine,
  workOrdersLine,
  yieldLine,
} from './fixtures';
import { EXCEPTION_NOT_USED_NOTE } from '../../../src/domain/scoring/metric-line';

/** Written out by hand: the note on a line that scored better without its exception. */
const NOT_USED = '异常申报剔除后本项得分反而更低，按原数据计分';

const plain: LineContext = { period: SEPTEMBER, timeZone: TZ };
const withFailure: LineContext = { ...plain, exceptions: [machineFailure] };

describe('scoreMetricLine: 抽检差错率 (lower_better floor, limit 0.5)', () => {
  it('2 errors in 500 samples → 0.4 % → 100, floor kept', () => {
    expect(scoreMetricLine(samplingErrorLine(), plain)).toEqual({
      kind: 'metric',
      code: 'sampling_error_rate',
      name: '抽检差错率',
      unit: '%',
      formula: 'errors / sampled * 100',
      direction: 'lower_better',
      inputs: { errors: 2, sampled: 500 },
      value: 0.4,
      target: 0.5,
      score: 100,
      display: '100.0',
      weight: 30,
      status: 'scored',
      floor: true,
      floorBreached: false,
      recordsUsed: 4,
      recordsExcluded: 0,
    });
  });

  it('3 in 500 → 0.6 % → 100 × (1.0 − 0.6) / 0.5 = 80, 未达底线', () => {
    const line = scoreMetricLine(samplingErrorLine([3], [500]), plain);
    expect(line.value).toBeCloseTo(0.6, 12);
    expect(line.score).toBeCloseTo(80, 9);
    expect(line.display).toBe('80.0');
    expect(line.floorBreached).toBe(true);
  });

  it('6 in 500 → 1.2 % → beyond 2L → 0, 未达底线', () => {
    const line = scoreMetricLine(samplingErrorLine([6], [500]), plain);
    expect(line.value).toBeCloseTo(1.2, 12);
    expect(line.score).toBe(0);
    expect(line.display).toBe('0.0');
    expect(line.floorBreached).toBe(true);
  });
});

describe('scoreMetricLine: 良品率 (higher_better, target 98.5)', () => {
  it('with the 设备故障: scrap 20 of 09-11 left out → 985 / (985 + 15) = 98.5 % → 100', () => {
    const line = scoreMetricLine(yieldLine(), withFailure);
    expect(line).toMatchObject({
      inputs: { good: 985, scrap: 15 },
      value: 98.5,
      target: 98.5,
      score: 100,
      display: '100.0',
      status: 'scored',
      recordsUsed: 4,
      recordsExcluded: 1,
      sourceNote: 'ERP 工单报工：合格品数量 / (合格品 + 报废品)',
    });
    expect(line.targetBefore).toBeUndefined(); // a level target is never prorated
    expect(line.floor).toBeUndefined();
    expect(line.floorBreached).toBeUndefined();
    expect(line.exceptionNote).toBeUndefined(); // used: 100 > 98.04 without it (next test)
  });

  it('without it: scrap 35 → 985 / 1020 = 96.5686 % → 100 × 96.5686 / 98.5 = 100000 / 1020 = 98.04', () => {
    const line = scoreMetricLine(yieldLine(), plain);
    expect(line.inputs).toEqual({ good: 985, scrap: 35 });
    expect(line.score).toBeCloseTo(98.0392157, 6);
    expect(line.display).toBe('98.0');
    expect(line.recordsExcluded).toBe(0);
  });

  it('a good day inside the window: leaving it out would lower the rate, so the plain line counts', () => {
    // good 500 + scrap 10 on 09-08; good 500 + scrap 0 on Thu 09-11 (inside the 设备故障).
    // With it: 500 / 510 × 100 = 98.0392… → 100 × 98.0392… / 98.5 = 5000000 / 50235 = 99.532…
    // Without it: 1000 / 1010 × 100 = 99.0099… → 100 × 99.0099… / 98.5 = 100.52… → capped at 100.
    // 100 > 99.53 → the plain line, with the note.
    const line = scoreMetricLine(
      yieldLine([
        rec('good', 500, '2025-09-08T17:00:00'),
        rec('scrap', 10, '2025-09-08T17:00:00'),
        rec('good', 500, '2025-09-11T17:00:00'),
        rec('scrap', 0, '2025-09-11T17:00:00'),
      ]),
      withFailure,
    );
    expect(line).toMatchObject({
      inputs: { good: 1000, scrap: 10 },
      target: 98.5,
      score: 100,
      display: '100.0',
      status: 'scored',
      recordsUsed: 4,
      recordsExcluded: 0,
      exceptionNote: NOT_USED,
    });
    expect(line.value).toBeCloseTo(99.00990099, 6);
  });

  it('good 950, scrap 50 → 95 % → 100 × 95 / 98.5 = 96.4467… → 96.4', () => {
    const line = scoreMetricLine(
      yieldLine([rec('good', 950, '2025-09-26T17:00:00'), rec('scrap', 50, '2025-09-26T17:00:00')]),
      plain,
    );
    expect(line.value).toBe(95);
    expect(line.score).toBeCloseTo(96.4467005, 6);
    expect(line.display).toBe('96.4');
  });

  it('good 0 and scrap 0 → division by zero → no data, never NaN', () => {
    const line = scoreMetricLine(
      yieldLine([rec('good', 0, '2025-09-26T17:00:00'), rec('scrap', 0, '2025-09-26T17:00:00')]),
      plain,
    );
    expect(line).toMatchObject({ status: 'no_data', value: null, score: null, display: '—', recordsUsed: 2 });
    // There are records (good 0, scrap 0): "本期无数据" beside inputs of 0 would be untrue.
    expect(line.reason).toBe('有数据但无法计算：good + scrap 为 0');
  });

  it('a target of 0 is no target; the value is still shown', () => {
    const line = scoreMetricLine({ ...yieldLine(), target: 0 }, plain);
    expect(line).toMatchObject({ status: 'no_target', score: null, display: '—' });
    expect(line.value).toBeCloseTo(96.5686275, 6); // 985 / 1020 × 100
    expect(line.reason).toBe('未设定有效目标值（目标须大于 0）');
  });
});

describe('scoreMetricLine: 工单完成数 (count target 40, 22 working days)', () => {
  it('设备故障 on 2 working days helps: 34 kept of 40 × 20 / 22 = 36.36 → 93.5, better than 36 / 40 = 90', () => {
    const line = scoreMetricLine(workOrdersLine(), withFailure);
    expect(line.inputs).toEqual({ completed: 34 }); // 10 + 15 + 9; the 1 of 09-10 and the 1 of 09-11 left out
    expect(line.value).toBe(34);
    expect(line.targetBefore).toBe(40);
    expect(line.target).toBeCloseTo(36.3636364, 6); // 800 / 22
    expect(line.score).toBeCloseTo(93.5, 9); // 3400 × 22 / 800 = 74800 / 800
    expect(line.display).toBe('93.5');
    expect(line.status).toBe('scored');
    expect(line.recordsUsed).toBe(3);
    expect(line.recordsExcluded).toBe(2);
    expect(line.exceptionNote).toBeUndefined();
  });

  it('no exception: 10 + 1 + 1 + 15 + 9 = 36 done of 40 → 90', () => {
    const line = scoreMetricLine(workOrdersLine(), plain);
    expect(line).toMatchObject({ value: 36, target: 40, display: '90.0', recordsUsed: 5, recordsExcluded: 0 });
    expect(line.score).toBeCloseTo(90, 9);
    expect(line.targetBefore).toBeUndefined();
    expect(line.exceptionNote).toBeUndefined();
  });

  it('kept producing through the breakdown (3 + 2 in the window): 93.5 with it, 39 / 40 = 97.5 without → the plain line counts', () => {
    const line = scoreMetricLine(workOrdersKeptUpLine(), withFailure);
    expect(line).toMatchObject({
      inputs: { completed: 39 }, // 10 + 3 + 2 + 15 + 9, nothing left out
      value: 39,
      target: 40,
      display: '97.5',
      status: 'scored',
      recordsUsed: 5,
      recordsExcluded: 0,
      exceptionNote: NOT_USED,
    });
    expect(line.score).toBeCloseTo(97.5, 9);
    expect(line.targetBefore).toBeUndefined(); // the target was not prorated
    // Apart from the note it is exactly the line scored without exceptions.
    const { exceptionNote, exceptionScores, ...rest } = line;
    expect(rest).toEqual(scoreMetricLine(workOrdersKeptUpLine(), plain));
    expect(exceptionScores).toEqual({ with: expect.closeTo(93.5, 9), without: 97.5 });
    expect(exceptionNote).toBe(EXCEPTION_NOT_USED_NOTE);
  });

  it('a tie by hand keeps the exception: 30 kept + 3 in the window → 100 × 30 / 36.36 = 82.5 and 100 × 33 / 40 = 82.5', () => {
    // Floating point gives 82.49999999999999 with the exception and 82.5 without: a tie all the same.
    const line = scoreMetricLine(
      { ...workOrdersLine(), records: [rec('completed', 30, '2025-09-03T10:00:00'), rec('completed', 3, '2025-09-10T12:00:00')] },
      withFailure,
    );
    expect(line.exceptionNote).toBeUndefined();
    expect(line.recordsExcluded).toBe(1);
    expect(line.score).toBeCloseTo(82.5, 9);
  });

  it('no records at all → 本期无数据 (not a score of 0)', () => {
    const line = scoreMetricLine({ ...workOrdersLine(), records: [] }, plain);
    expect(line).toMatchObject({ status: 'no_data', reason: '本期无数据', value: null, score: null, recordsUsed: 0 });
  });

  it('every record inside the window: no data with it, 5 / 40 = 12.5 without → a score beats none, the plain line counts', () => {
    const line = scoreMetricLine(
      { ...workOrdersLine(), records: [rec('completed', 5, '2025-09-10T12:00:00')] },
      withFailure,
    );
    expect(line).toMatchObject({
      status: 'scored',
      value: 5,
      target: 40,
      display: '12.5',
      recordsUsed: 1,
      recordsExcluded: 0,
      exceptionNote: NOT_USED,
    });
    expect(line.score).toBeCloseTo(12.5, 9);
    expect(line.reason).toBeUndefined();
  });

  it('every record inside the window and no score without it either → no data, saying why', () => {
    // 良品率 with good 0 and scrap 0 on Thu 09-11: with the 设备故障 both are left out (no records);
    // without it 0 / (0 + 0) cannot be evaluated. Neither scores, so the line with the exception stays.
    const line = scoreMetricLine(
      yieldLine([rec('good', 0, '2025-09-11T17:00:00'), rec('scrap', 0, '2025-09-11T17:00:00')]),
      withFailure,
    );
    expect(line).toMatchObject({
      status: 'no_data',
      reason: '本期数据均在异常申报期间内，已剔除',
      value: null,
      score: null,
      recordsUsed: 0,
      recordsExcluded: 2,
    });
    expect(line.exceptionNote).toBeUndefined();
  });

  describe('an exception over every working day (09-01 – 10-01)', () => {
    const wholeMonth = { ...machineFailure, start: at('2025-09-01T00:00:00'), end: at('2025-10-01T00:00:00') };
    const wholeMonthCtx: LineContext = { ...plain, exceptions: [wholeMonth] };

    it('with data: no target with it, 36 / 40 = 90 without → the plain line counts', () => {
      const line = scoreMetricLine(workOrdersLine(), wholeMonthCtx);
      expect(line).toMatchObject({
        status: 'scored',
        value: 36,
        target: 40,
        display: '90.0',
        recordsUsed: 5,
        recordsExcluded: 0,
        exceptionNote: NOT_USED,
      });
      expect(line.score).toBeCloseTo(90, 9);
      expect(line.targetBefore).toBeUndefined();
      expect(line.reason).toBeUndefined();
    });

    it('without data: nothing to score either way → not assessed (no target), no note', () => {
      const line = scoreMetricLine({ ...workOrdersLine(), records: [] }, wholeMonthCtx);
      expect(line).toMatchObject({
        status: 'no_target',
        target: 0, // 40 × (22 − 22) / 22
        targetBefore: 40,
        value: null,
        score: null,
        display: '—',
        recordsUsed: 0,
        recordsExcluded: 0,
      });
      expect(line.reason).toBe('异常申报覆盖本期全部工作日，本项本期不考核');
      expect(line.exceptionNote).toBeUndefined();
    });
  });
});

describe('scoreMetricLine: evaluation failures', () => {
  it('an avg input without records is missing → no data with the evaluator’s message', () => {
    const line = scoreMetricLine(
      {
        ...workOrdersLine(),
        formula: 'completed / hours',
        inputs: [
          { name: 'completed', aggregate: 'sum' },
          { name: 'hours', aggregate: 'avg' },
        ],
      },
      plain,
    );
    expect(line).toMatchObject({ status: 'no_data', value: null, score: null, inputs: { completed: 36 } });
    expect(line.reason).toMatch(/hours/);
  });

  it('a formula that does not parse → no data, 指标公式有误', () => {
    const line = scoreMetricLine({ ...yieldLine(), formula: 'good / (good' }, plain);
    expect(line.status).toBe('no_data');
    expect(line.reason).toMatch(/^指标公式有误：/);
  });
});

describe('scoreKeyResultLine', () => {
  it('60 % progress → 60', () => {
    expect(scoreKeyResultLine(newProcessKr)).toEqual({
      kind: 'key_result',
      goalId: 7,
      name: '推动新工艺上线',
      value: 60,
      target: 100,
      score: 60,
      display: '60.0',
      weight: 20,
      status: 'scored',
      recordsUsed: 0,
      recordsExcluded: 0,
    });
  });

  it('clamps to 0–100 and refuses a progress that is not a number', () => {
    expect(scoreKeyResultLine({ ...newProcessKr, progress: 120 }).score).toBe(100);
    expect(scoreKeyResultLine({ ...newProcessKr, progress: Number.NaN })).toMatchObject({
      status: 'no_data',
      score: null,
      display: '—',
      reason: '目标进度无效',
    });
  });
});
