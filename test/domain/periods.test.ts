import {
  formatLocal,
  overlapWorkingDays,
  parseLocal,
  parsePeriod,
  periodOf,
  previousPeriod,
  recentWeeks,
  workingDaysIn,
  type Period,
  type PeriodKind,
} from '../../src/domain/periods';
import { ValidationError } from '../../src/wecom/errors';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const HOUR = 3_600_000;
const utc = (iso: string): Date => new Date(iso);
const local = (text: string, tz = SH): Date => parseLocal(text, tz);
const hours = (p: Period): number => (p.end.getTime() - p.start.getTime()) / HOUR;

describe('periodOf', () => {
  test.each<[PeriodKind, string, string]>([
    ['week', '2026-11-27 12:00', '2026-W48'],
    ['week', '2026-11-23 00:00', '2026-W48'],
    ['week', '2026-11-22 23:59', '2026-W47'],
    ['week', '2026-12-31', '2026-W53'],
    ['week', '2027-01-01', '2026-W53'],
    ['week', '2027-01-03 23:59', '2026-W53'],
    ['week', '2027-01-04', '2027-W01'],
    ['week', '2021-01-03', '2020-W53'],
    ['week', '2021-01-04', '2021-W01'],
    ['week', '2019-12-30', '2020-W01'],
    ['week', '2025-12-29', '2026-W01'],
    ['month', '2026-11-30 23:59', '2026-11'],
    ['month', '2026-12-01 00:00', '2026-12'],
    ['quarter', '2026-09-30 23:59', '2026-Q3'],
    ['quarter', '2026-10-01', '2026-Q4'],
    ['quarter', '2026-12-31 23:59', '2026-Q4'],
  ])('%s of %s (Shanghai) is %s', (kind, text, key) => {
    expect(periodOf(kind, local(text), SH).key).toBe(key);
  });

  test('the month turns at local midnight, 16:00 UTC the day before', () => {
    expect(periodOf('month', utc('2026-11-30T15:59:59.999Z'), SH).key).toBe('2026-11');
    const dec = periodOf('month', utc('2026-11-30T16:00:00Z'), SH);
    expect(dec).toEqual({
      kind: 'month',
      key: '2026-12',
      start: utc('2026-11-30T16:00:00Z'),
      end: utc('2026-12-31T16:00:00Z'),
      label: '2026年12月',
    });
    expect(periodOf('quarter', utc('2026-11-30T16:00:00Z'), SH)).toEqual({
      kind: 'quarter',
      key: '2026-Q4',
      start: utc('2026-09-30T16:00:00Z'),
      end: utc('2026-12-31T16:00:00Z'),
      label: '2026年第4季度',
    });
  });

  test('a week runs Monday 00:00 to the next Monday 00:00 local', () => {
    expect(periodOf('week', utc('2026-11-27T04:00:00Z'), SH)).toEqual({
      kind: 'week',
      key: '2026-W48',
      start: utc('2026-11-22T16:00:00Z'),
      end: utc('2026-11-29T16:00:00Z'),
      label: '2026年第48周（11月23日–11月29日）',
    });
    expect(parsePeriod('2026-W53', SH).label).toBe('2026年第53周（12月28日–1月3日）');
    expect(parsePeriod('2026-W01', SH).label).toBe('2026年第1周（12月29日–1月4日）');
  });

  test('the same instant can fall in different days in different zones', () => {
    const instant = utc('2026-11-23T03:00:00Z'); // Monday 11:00 in Shanghai, Sunday 22:00 in New York
    expect(periodOf('week', instant, SH).key).toBe('2026-W48');
    expect(periodOf('week', instant, NY).key).toBe('2026-W47');
  });

  test('weeks are 167 and 169 hours long across DST changes in New York', () => {
    const spring = periodOf('week', utc('2026-03-08T12:00:00Z'), NY);
    expect(spring.key).toBe('2026-W10');
    expect(spring.start).toEqual(utc('2026-03-02T05:00:00Z'));
    expect(spring.end).toEqual(utc('2026-03-09T04:00:00Z'));
    expect(hours(spring)).toBe(167);
    expect(hours(periodOf('week', utc('2026-11-01T12:00:00Z'), NY))).toBe(169);
    expect(hours(periodOf('month', utc('2026-03-15T12:00:00Z'), NY))).toBe(31 * 24 - 1);
  });

  test('a day whose midnight is skipped starts at the first moment after the gap', () => {
    // Africa/Cairo moves from 00:00 to 01:00 on Friday 2026-04-24.
    expect(formatLocal(parseLocal('2026-04-24', 'Africa/Cairo'), 'Africa/Cairo')).toBe('2026-04-24 01:00');
    expect(parsePeriod('2026-W17', 'Africa/Cairo').end).toEqual(utc('2026-04-26T21:00:00Z'));
  });

  test('rejects an invalid instant or time zone', () => {
    expect(() => periodOf('week', new Date(Number.NaN), SH)).toThrow(ValidationError);
    expect(() => periodOf('week', new Date(), 'Mars/Olympus')).toThrow('无效的时区“Mars/Olympus”');
  });
});

describe('parsePeriod', () => {
  test.each(['2026-W48', '2026-W01', '2026-W53', '2020-W53', '2026-01', '2026-12', '2026-Q1', '2026-Q4'])(
    '%s round-trips through periodOf',
    (key) => {
      const p = parsePeriod(key, SH);
      expect(p.key).toBe(key);
      expect(periodOf(p.kind, p.start, SH)).toEqual(p);
      expect(periodOf(p.kind, new Date(p.end.getTime() - 1), SH)).toEqual(p);
      expect(periodOf(p.kind, p.end, SH).key).not.toBe(key);
    },
  );

  test('accepts lower case, spaces and unpadded numbers', () => {
    expect(parsePeriod(' 2026-w5 ', SH).key).toBe('2026-W05');
    expect(parsePeriod('2026-3', SH).key).toBe('2026-03');
    expect(parsePeriod('2026-q2', SH).key).toBe('2026-Q2');
  });

  test.each<[string, string]>([
    ['2026-W54', '周期“2026-W54”无效：2026 年共有 53 周，周数应在 1–53 之间'],
    ['2025-W53', '周期“2025-W53”无效：2025 年共有 52 周，周数应在 1–52 之间'],
    ['2026-W00', '周期“2026-W00”无效：2026 年共有 53 周，周数应在 1–53 之间'],
    ['2026-13', '周期“2026-13”无效：月份应在 1–12 之间'],
    ['2026-00', '周期“2026-00”无效：月份应在 1–12 之间'],
    ['2026-Q5', '周期“2026-Q5”无效：季度应在 1–4 之间'],
    ['2026-Q0', '周期“2026-Q0”无效：季度应在 1–4 之间'],
    ['abc', '周期“abc”无效：应为 2026-W48（周）、2026-11（月）或 2026-Q4（季度）这样的格式'],
    ['', '周期“”无效：应为 2026-W48（周）、2026-11（月）或 2026-Q4（季度）这样的格式'],
    ['2026-11-01', '周期“2026-11-01”无效：应为 2026-W48（周）、2026-11（月）或 2026-Q4（季度）这样的格式'],
  ])('%p is rejected', (key, message) => {
    expect(() => parsePeriod(key, SH)).toThrow(ValidationError);
    expect(() => parsePeriod(key, SH)).toThrow(message);
  });
});

describe('previousPeriod and recentWeeks', () => {
  test.each([
    ['2027-W01', '2026-W53'],
    ['2021-W01', '2020-W53'],
    ['2026-W48', '2026-W47'],
    ['2026-01', '2025-12'],
    ['2026-03', '2026-02'],
    ['2026-Q1', '2025-Q4'],
    ['2026-Q4', '2026-Q3'],
  ])('before %s comes %s', (key, previous) => {
    const p = parsePeriod(key, SH);
    const prev = previousPeriod(p, SH);
    expect(prev.key).toBe(previous);
    expect(prev.end).toEqual(p.start);
  });

  test('weeks tile time without gaps across years, in Shanghai and New York', () => {
    for (const tz of [SH, NY]) {
      let p = parsePeriod('2031-W01', tz);
      for (let i = 0; i < 600; i++) {
        const prev = previousPeriod(p, tz);
        expect(prev.end).toEqual(p.start);
        expect([167, 168, 169]).toContain(hours(prev));
        p = prev;
      }
    }
  });

  test('recentWeeks lists the n weeks ending with the current one, oldest first', () => {
    expect(recentWeeks(local('2026-11-27 09:00'), 3, SH).map((p) => p.key)).toEqual(['2026-W46', '2026-W47', '2026-W48']);
    expect(recentWeeks(local('2027-01-06'), 2, SH).map((p) => p.key)).toEqual(['2026-W53', '2027-W01']);
    expect(recentWeeks(local('2027-01-06'), 1, SH).map((p) => p.key)).toEqual(['2027-W01']);
    expect(recentWeeks(local('2027-01-06'), 0, SH)).toEqual([]);
    expect(() => recentWeeks(local('2027-01-06'), -1, SH)).toThrow(ValidationError);
    expect(() => recentWeeks(local('2027-01-06'), 1.5, SH)).toThrow(ValidationError);
  });
});

describe('workingDaysIn', () => {
  test.each<[string, string, string, number]>([
    ['week 48', '2026-11-23', '2026-11-30', 5],
    ['November 2026', '2026-11-01', '2026-12-01', 21],
    ['Q4 2026', '2026-10-01', '2027-01-01', 66],
    ['a weekend', '2026-11-28', '2026-11-30', 0],
    ['Monday only', '2026-11-23', '2026-11-24', 1],
    ['from a Monday 08:00: its midnight is before the start', '2026-11-23 08:00', '2026-11-26', 2],
    ['to a Thursday 00:01: its midnight is inside', '2026-11-23', '2026-11-26 00:01', 4],
    ['empty', '2026-11-23', '2026-11-23', 0],
    ['reversed', '2026-11-30', '2026-11-23', 0],
    ['a whole year', '2026-01-01', '2027-01-01', 261],
  ])('%s: %s → %s has %p', (_name, from, to, expected) => {
    expect(workingDaysIn(local(from), local(to), SH)).toBe(expected);
  });

  test('counts the Monday–Friday days of a period', () => {
    expect(workingDaysIn(parsePeriod('2026-11', SH).start, parsePeriod('2026-11', SH).end, SH)).toBe(21);
    const spring = parsePeriod('2026-W10', NY);
    expect(workingDaysIn(spring.start, spring.end, NY)).toBe(5);
  });
});

describe('overlapWorkingDays', () => {
  const week = parsePeriod('2026-W48', SH); // Monday 23 – Sunday 29 November
  const month = parsePeriod('2026-11', SH);
  const windowOf = (from: string, to: string, tz = SH) => ({ start: local(from, tz), end: local(to, tz) });

  test.each<[string, Period, string, string, number]>([
    ['a morning is 4/24 of a day', week, '2026-11-23 08:00', '2026-11-23 12:00', 4 / 24],
    ['a whole Monday', week, '2026-11-23', '2026-11-24', 1],
    ['Friday 18:00 to Monday 06:00 skips the weekend', month, '2026-11-20 18:00', '2026-11-23 06:00', 0.5],
    ['Wednesday noon to Friday noon', week, '2026-11-25 12:00', '2026-11-27 12:00', 2],
    ['a window larger than the period is clipped', week, '2026-11-01', '2027-01-01', 5],
    ['the weekend only', week, '2026-11-28', '2026-11-30', 0],
    ['before the period', week, '2026-11-16', '2026-11-23', 0],
    ['after the period', week, '2026-11-30', '2026-12-05', 0],
    ['a reversed window', week, '2026-11-25', '2026-11-24', 0],
    ['Friday to Thursday inside the month', month, '2026-11-27', '2026-12-03', 2],
  ])('%s', (_name, period, from, to, expected) => {
    expect(overlapWorkingDays(period, windowOf(from, to), SH)).toBeCloseTo(expected, 9);
  });

  test('a 23-hour day counts 1 when covered, and by its own length when partly covered', () => {
    const cairo = 'Africa/Cairo';
    const p = parsePeriod('2026-W17', cairo); // Friday 2026-04-24 starts at 01:00 and lasts 23 hours
    expect(overlapWorkingDays(p, windowOf('2026-04-24', '2026-04-25', cairo), cairo)).toBe(1);
    expect(overlapWorkingDays(p, windowOf('2026-04-24 12:00', '2026-04-25', cairo), cairo)).toBeCloseTo(12 / 23, 9);
    expect(workingDaysIn(p.start, p.end, cairo)).toBe(5);
  });
});

describe('formatLocal and parseLocal', () => {
  test.each<[string, string, string]>([
    ['2026-11-27 08:30', SH, '2026-11-27T00:30:00Z'],
    ['2026-11-27', SH, '2026-11-26T16:00:00Z'],
    ['2026-12-01 00:00', SH, '2026-11-30T16:00:00Z'],
    ['2026-07-01 09:15', NY, '2026-07-01T13:15:00Z'],
    ['2026-01-01 09:15', NY, '2026-01-01T14:15:00Z'],
    ['2024-02-29 23:59', SH, '2024-02-29T15:59:00Z'],
  ])('%s in %s is %s and formats back', (text, tz, iso) => {
    expect(parseLocal(text, tz)).toEqual(utc(iso));
    expect(formatLocal(utc(iso), tz)).toBe(text.length === 10 ? `${text} 00:00` : text);
  });

  test('accepts a T separator and surrounding spaces', () => {
    expect(parseLocal(' 2026-11-27T08:30 ', SH)).toEqual(utc('2026-11-27T00:30:00Z'));
  });

  test('a skipped local time moves forward; a repeated one takes the earlier instant', () => {
    expect(parseLocal('2026-03-08 02:30', NY)).toEqual(utc('2026-03-08T07:30:00Z'));
    expect(formatLocal(parseLocal('2026-03-08 02:30', NY), NY)).toBe('2026-03-08 03:30');
    expect(parseLocal('2026-11-01 01:30', NY)).toEqual(utc('2026-11-01T05:30:00Z'));
    expect(formatLocal(utc('2026-11-01T06:30:00Z'), NY)).toBe('2026-11-01 01:30');
  });

  test.each(['2026-02-29', '2026-13-01', '2026-11-31', '2026-11-27 24:00', '2026-11-27 08:60', '27/11/2026', '2026-1-5', '', 'now'])(
    '%p is rejected',
    (text) => {
      expect(() => parseLocal(text, SH)).toThrow(ValidationError);
      expect(() => parseLocal(text, SH)).toThrow('无法识别的时间');
    },
  );

  test('formatLocal rejects an invalid date', () => {
    expect(() => formatLocal(new Date('x'), SH)).toThrow(ValidationError);
  });
});
