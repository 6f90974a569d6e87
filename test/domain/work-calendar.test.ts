/**
 * The working calendar and the period rules, by hand, against chinese-days' 2026 data:
 *  - 中秋 Fri 25 Sep; 国庆节 Thu 1 – Wed 7 Oct; 调休 workdays Sun 20 Sep and Sat 10 Oct.
 *  - September: 22 weekdays − 25 Sep + 20 Sep = 22 working days.
 *  - October: 22 weekdays − (1, 2, 5, 6, 7 Oct) + 10 Oct = 18 working days.
 *  - November: 21 (no holidays); December: 23 (元旦 is 1 Jan 2027).
 *  - W40 (Mon 28 Sep – Sun 4 Oct): 28, 29, 30 Sep = 3 (1–4 Oct are off).
 *  - W41 (Mon 5 – Sun 11 Oct): 8, 9 Oct and the 调休 Saturday 10 Oct = 3.
 * A monthly count target of 120:
 *  - W40 = 120 × 3/22 (Sep) + 120 × 0/18 (Oct) = 16.363636…  (the old rule: 120 × 5/22 = 27.27)
 *  - W41 = 120 × 3/18 = 20                                      (the old rule: 120 × 5/22 = 27.27)
 *  - W49 (Mon 30 Nov – Sun 6 Dec) = 120 × 1/21 + 120 × 4/23 = 26.583850…  (old: 120 × 5/21 = 28.57)
 *  - 2026-Q4 = 120 × (18/18 + 21/21 + 23/23) = 360
 * 生产部 works Monday–Saturday: October = 27 Mon–Sat days − (1, 2, 3, 5, 6, 7 Oct) = 21; W41 =
 * 8, 9, 10 Oct = 3 → 120 × 3/21 = 17.142857…
 */
import { chinaNationalCalendar } from '../../src/calendar/chinese-days';
import { isTotalMetric, monthShares, periodTarget, periodTargetFactor, scalesWithPeriod } from '../../src/domain/period-targets';
import { parsePeriod, workingDaysIn } from '../../src/domain/periods';
import { dayNumber } from '../../src/domain/periods-calendar';
import { buildWorkCalendar, type CalendarRule } from '../../src/domain/work-calendar';
import { parseWeekdays } from '../../src/domain/weekday-text';

const SH = 'Asia/Shanghai';
const national = chinaNationalCalendar();
const company = buildWorkCalendar(national, [], []);
const day = (iso: string) => dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
const days = (key: string, cal = company) => {
  const p = parsePeriod(key, SH);
  return workingDaysIn(p.start, p.end, SH, cal);
};
const factor = (key: string, cal = company) => periodTargetFactor(parsePeriod(key, SH), SH, cal);
const PRODUCTION = 3;
const ROOT = 1;
const sixDays: CalendarRule = { departmentId: PRODUCTION, kind: 'shift', from: day('2026-01-01'), to: null, weekdays: [1, 2, 3, 4, 5, 6], note: '生产部单休' };

describe('the national calendar (chinese-days, 2026)', () => {
  it.each([
    ['2026-10-01', false, '法定节假日（国庆节）'],
    ['2026-10-08', true, '工作日（周一至周五）'],
    ['2026-10-10', true, '调休上班（国庆节）'],
    ['2026-09-20', true, '调休上班（国庆节）'],
    ['2026-09-25', false, '法定节假日（中秋）'],
    ['2026-11-28', false, '休息日（周一至周五）'],
  ])('%s is a working day: %s (%s)', (date, workday, why) => {
    expect(company.explain(day(date))).toEqual({ workday, why });
  });

  it('counts working days of months and of the 国庆 weeks', () => {
    expect([days('2026-09'), days('2026-10'), days('2026-11'), days('2026-12')]).toEqual([22, 18, 21, 23]);
    expect([days('2026-W40'), days('2026-W41')]).toEqual([3, 3]);
  });

  it('reports a year it does not cover instead of silently assuming Monday–Friday', () => {
    const w53 = parsePeriod('2026-W53', SH); // Mon 28 Dec 2026 – Sun 3 Jan 2027
    expect(w53.key).toBe('2026-W53');
    expect(company.uncoveredYears(day('2026-12-28'), day('2027-01-03'))).toEqual([2027]);
    expect(company.uncoveredYears(day('2026-10-01'), day('2026-10-31'))).toEqual([]);
  });
});

describe('count targets prorated by the period’s own working days', () => {
  it('gives a week its days’ share of its own month, and each part of a month-crossing week its own month’s', () => {
    expect(120 * factor('2026-W40')).toBeCloseTo((120 * 3) / 22, 9);
    expect(120 * factor('2026-W41')).toBeCloseTo(20, 9);
    expect(120 * factor('2026-W49')).toBeCloseTo(120 / 21 + (120 * 4) / 23, 9);
    expect(monthShares(parsePeriod('2026-W49', SH), SH, company)).toEqual([
      { month: '2026-11', days: 1, monthDays: 21 },
      { month: '2026-12', days: 4, monthDays: 23 },
    ]);
  });

  it('gives a quarter the sum of its months, and a month its full target', () => {
    expect(120 * factor('2026-Q4')).toBeCloseTo(360, 9);
    expect(factor('2026-10')).toBe(1);
  });

  it('sums the weeks of a month back to the month’s target', () => {
    const weeks = ['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49'];
    const novemberShare = weeks.map((w) => monthShares(parsePeriod(w, SH), SH, company).find((s) => s.month === '2026-11')!).reduce((a, s) => a + s.days / s.monthDays, 0);
    expect(novemberShare).toBeCloseTo(1, 12);
  });

  it('scales a lower-is-better limit on a total (downtime hours) but not a rate or a level', () => {
    const downtime = { targetKind: 'level' as const, direction: 'lower_better' as const, formula: 'downtime_minutes / 60', inputs: [{ aggregate: 'sum' }] };
    const errorRate = { targetKind: 'level' as const, direction: 'lower_better' as const, formula: 'errors / samples * 100', inputs: [{ aggregate: 'sum' }, { aggregate: 'sum' }] };
    const yieldRate = { targetKind: 'level' as const, direction: 'higher_better' as const, formula: 'good / (good + scrap) * 100', inputs: [{ aggregate: 'sum' }, { aggregate: 'sum' }] };
    expect([isTotalMetric(downtime), isTotalMetric(errorRate)]).toEqual([true, false]);
    expect([scalesWithPeriod(downtime), scalesWithPeriod(errorRate), scalesWithPeriod(yieldRate)]).toEqual([true, false, false]);
    // downtime ≤ 2 h a month → W41: 2 × 3/18 = 0.333… h
    expect(periodTarget(2, downtime, factor('2026-W41'))).toBeCloseTo(1 / 3, 9);
    expect(periodTarget(0.5, errorRate, factor('2026-W41'))).toBe(0.5);
  });
});

describe('company overrides', () => {
  const production = buildWorkCalendar(national, [sixDays], [PRODUCTION, ROOT]);

  it('lets one department work Monday–Saturday, national holidays still off', () => {
    expect(days('2026-10', production)).toBe(21);
    expect(days('2026-W41', production)).toBe(3);
    expect(120 * factor('2026-W41', production)).toBeCloseTo((120 * 3) / 21, 9);
    expect(production.explain(day('2026-11-28'))).toEqual({ workday: true, why: '工作日（班制 周一至周六）' });
    // another department is not affected
    expect(buildWorkCalendar(national, [sixDays], [4, ROOT]).isWorkday(day('2026-11-28'))).toBe(false);
  });

  it('applies a company shutdown to everyone, unless a department is told to work', () => {
    const shutdown: CalendarRule = { departmentId: null, kind: 'off', from: day('2026-10-08'), to: day('2026-10-09'), note: '设备检修' };
    const maintenance: CalendarRule = { departmentId: 5, kind: 'work', from: day('2026-10-08'), to: day('2026-10-09'), note: '检修值班' };
    const quality = buildWorkCalendar(national, [shutdown, maintenance], [4, ROOT]);
    const warehouse = buildWorkCalendar(national, [shutdown, maintenance], [5, ROOT]);
    expect(quality.explain(day('2026-10-08'))).toEqual({ workday: false, why: '公司安排休息（设备检修）' });
    expect(days('2026-W41', quality)).toBe(1); // only the 调休 Saturday
    expect(days('2026-10', quality)).toBe(16);
    expect(warehouse.explain(day('2026-10-08'))).toEqual({ workday: true, why: '公司安排上班（检修值班）' });
  });

  it('takes a shift pattern from the parent department when the department has none', () => {
    const workshop = buildWorkCalendar(national, [sixDays], [31, PRODUCTION, ROOT]);
    expect(workshop.isWorkday(day('2026-11-28'))).toBe(true);
  });

  it('reads worked weekdays as HR writes them', () => {
    expect(parseWeekdays('周一至周六')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWeekdays('1-6')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWeekdays('周一、周三、周五')).toEqual([1, 3, 5]);
    expect(parseWeekdays('一二三四五六')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseWeekdays('每天')).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(parseWeekdays('周八')).toBeNull();
  });
});
