/**
 * An exception that leaves a line unassessed (it covers every working day of a count metric) must
 * not lower the automatic score either way: the line is dropped when its plain score is below the
 * rest, and kept with its plain score when that is higher.
 */
import { computeScorecard } from '../../../src/domain/scoring';
import type { ExceptionInput } from '../../../src/domain/scoring/types';
import { at, inspectorCard, newProcessKr, rec, samplingErrorLine, workOrdersLine } from './fixtures';

/** 停电 over the whole of September 2025 (every working day), for 工单完成数 only. */
const wholeMonth: ExceptionInput = {
  id: 'ex-9',
  kind: '停电',
  metricCodes: ['work_orders_completed'],
  start: at('2025-09-01T00:00:00'),
  end: at('2025-10-01T00:00:00'),
};

const card = (orders: number) =>
  computeScorecard(
    inspectorCard({
      lines: [samplingErrorLine(), workOrdersLine([rec('completed', orders, '2025-09-10T10:00:00')]), newProcessKr],
      exceptions: [wholeMonth],
    }),
  );

describe('an exception that would leave a line unassessed', () => {
  it('drops the line when its plain score would pull the automatic score down', () => {
    // 抽检差错率 (1+1)/(250+250) = 0.4 % ≤ 0.5 → 100 (w30); KR 60 (w20); 工单完成数 plain 5/40 → 12.5 (w20).
    // Keeping it: (3000 + 250 + 1200) / 70 = 63.571…; dropping it: (3000 + 1200) / 50 = 84.
    const c = card(5);
    const orders = c.lines.find((l) => l.code === 'work_orders_completed')!;
    expect(orders).toMatchObject({ status: 'no_target', score: null, reason: '异常申报覆盖本期全部工作日，本项本期不考核' });
    expect(orders.exceptionNote).toBeUndefined();
    expect(c.components.automatic.score).toBeCloseTo(84, 9);
    expect(c.exceptionsApplied.map((e) => e.id)).toEqual(['ex-9']);
  });

  it('keeps the plain score when it is higher than what dropping the line would give', () => {
    // 工单完成数 plain 40/40 → 100. Keeping: (3000 + 2000 + 1200) / 70 = 88.571…; dropping: 84.
    const c = card(40);
    const orders = c.lines.find((l) => l.code === 'work_orders_completed')!;
    expect(orders).toMatchObject({ status: 'scored', score: 100 });
    expect(orders.exceptionNote).toBeDefined();
    expect(c.components.automatic.score).toBeCloseTo(6200 / 70, 9);
    // Listed, with why it did not change the score (before: not listed at all).
    expect(c.exceptionsApplied.map((e) => [e.id, e.effect, e.metricCodes])).toEqual([['ex-9', 'not_needed', []]]);
  });
});
