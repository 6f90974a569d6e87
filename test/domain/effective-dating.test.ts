/** Which assignment counts for which part of a period, and what a changed published number says (pure). */
import { assignmentCoverage, orgMomentOf, startOfLocalDay } from '../../src/domain/effective-dating';
import { parsePeriod } from '../../src/domain/periods';
import { changeSummary, describeChanges } from '../../src/domain/published';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const row = (periodKey: string, startsAt: Date | null = null, endsAt: Date | null = null, metricCode = 'work_orders_completed') => ({ metricCode, periodKey, startsAt, endsAt });

describe('assignment coverage', () => {
  it('a 2026-11 row counts in the weeks of November, and for the November days of a week crossing into December', () => {
    const keyed = row('2026-11');
    const standing = row('');
    // W48: 23–29 Nov, all November: the keyed row replaces the standing one for the whole week.
    const w48 = assignmentCoverage([standing, keyed], parsePeriod('2026-W48', TZ), TZ);
    expect(w48.map((c) => [c.row.periodKey, c.share])).toEqual([['2026-11', 1]]);
    // W49: Mon 30 Nov – Sun 6 Dec: Monday is November's (1 of 5 working days), the rest the standing row's.
    const w49 = assignmentCoverage([standing, keyed], parsePeriod('2026-W49', TZ), TZ);
    expect(w49.map((c) => [c.row.periodKey, c.share, c.windows.map((w) => [w.start.toISOString(), w.end.toISOString()])])).toEqual([
      ['2026-11', 0.2, [[at('2026-11-30T00:00:00').toISOString(), at('2026-12-01T00:00:00').toISOString()]]],
      ['', 0.8, [[at('2026-12-01T00:00:00').toISOString(), at('2026-12-07T00:00:00').toISOString()]]],
    ]);
    // December without a standing row: nothing.
    expect(assignmentCoverage([keyed], parsePeriod('2026-12', TZ), TZ)).toEqual([]);
  });

  it('dates bound a row: one made on 30 Nov without a start date counts from that day, not all November', () => {
    const made = row('', startOfLocalDay(at('2026-11-30T10:00:00'), TZ));
    expect(made.startsAt!.toISOString()).toBe(at('2026-11-30T00:00:00').toISOString());
    const nov = assignmentCoverage([made], parsePeriod('2026-11', TZ), TZ);
    // 30 Nov is one of November's 21 working days.
    expect(nov[0].share).toBeCloseTo(1 / 21, 9);
    expect(assignmentCoverage([made], parsePeriod('2026-W47', TZ), TZ)).toEqual([]);
  });

  it('a changed target: the old row up to the change, the new one after', () => {
    const old = row('', at('2026-11-01T00:00:00'), at('2026-11-16T00:00:00'));
    const next = row('', at('2026-11-16T00:00:00'));
    const nov = assignmentCoverage([old, next], parsePeriod('2026-11', TZ), TZ);
    // 2–13 Nov: 10 working days; 16–30 Nov: 11.
    expect(nov.map((c) => c.share * 21)).toEqual([expect.closeTo(11, 9), expect.closeTo(10, 9)]);
  });

  it('reads a period’s org at its last instant (期末)', () => {
    expect(orgMomentOf(parsePeriod('2026-W48', TZ)).toISOString()).toBe('2026-11-29T15:59:59.999Z');
  });
});

describe('published score changes', () => {
  const period = { key: '2026-W47', label: '2026年第47周（11月16日–11月22日）' };
  it('says old → new and why: a corrected record, a late one, an approved exception', () => {
    const changes = describeChanges(period, { total: 60, rank: { rank: 2, of: 2 } }, { total: 72.35, rank: { rank: 2, of: 2 } }, {
      actions: ['records.ingest', 'record.corrected', 'exception.approve', 'record.corrected'],
      lateRecords: 2,
    });
    expect(changes).toEqual([{ periodKey: '2026-W47', periodLabel: period.label, what: 'total', from: '60.0', to: '72.4', reasons: ['迟到数据 2 条', '数据更正', '异常申报获批'] }]);
    expect(changeSummary(changes)).toBe('2026年第47周（11月16日–11月22日）已发布的总分 60.0→72.4（迟到数据 2 条、数据更正、异常申报获批）');
  });

  it('is silent below the 0.1 shown, and names peers when only the rank moved', () => {
    expect(describeChanges(period, { total: 80, rank: { rank: 1, of: 2 } }, { total: 80.04, rank: { rank: 1, of: 2 } }, { actions: [], lateRecords: 0 })).toEqual([]);
    expect(describeChanges(period, { total: 80, rank: { rank: 1, of: 2 } }, { total: 80, rank: { rank: 2, of: 2 } }, { actions: [], lateRecords: 0 })).toEqual([
      expect.objectContaining({ what: 'rank', from: '1/2', to: '2/2', reasons: ['同组同事的成绩有变动'] }),
    ]);
  });
});
