/**
 * Every ISO-8601 offset form read as written, in the push API's parser and the Excel/CSV cell
 * converter alike; text without an offset is Shanghai wall time; anything ambiguous is refused.
 */
import { parseInstantText } from '../../src/domain/instant-text';
import { periodOf } from '../../src/domain/periods';
import { toInstant as cellInstant } from '../../src/import/cells';
import { toInstant as apiInstant } from '../../src/ingest/records';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

// text → the UTC instant, computed by hand from the written offset
const READ: Array<[string, string]> = [
  ['2026-11-29T11:30:00Z', '2026-11-29T11:30:00.000Z'],
  ['2026-11-29T11:30:00z', '2026-11-29T11:30:00.000Z'],
  ['2026-11-29T11:30:00+08', '2026-11-29T03:30:00.000Z'],
  ['2026-11-29T11:30:00+0800', '2026-11-29T03:30:00.000Z'],
  ['2026-11-29T11:30:00+08:00', '2026-11-29T03:30:00.000Z'],
  // The case: PostgreSQL's short offset; 11:30 in UTC−5 is 16:30 UTC, Monday 00:30 in Shanghai.
  ['2026-11-29T11:30:00-05', '2026-11-29T16:30:00.000Z'],
  ['2026-11-29 11:30:00-05', '2026-11-29T16:30:00.000Z'],
  ['2026-11-29T11:30:00-0530', '2026-11-29T17:00:00.000Z'],
  ['2026-11-29T11:30:00+05:45', '2026-11-29T05:45:00.000Z'],
  ['2026-11-29T11:30:00.250+08:00', '2026-11-29T03:30:00.250Z'],
  ['2026-11-29T11:30+08:00', '2026-11-29T03:30:00.000Z'],
  ['2026-11-29 11:30:00.123456+00', '2026-11-29T11:30:00.123Z'],
  // No offset: the company's wall clock (Asia/Shanghai, UTC+8), seconds kept.
  ['2026-11-29T11:30:45', '2026-11-29T03:30:45.000Z'],
  ['2026-11-29 11:30', '2026-11-29T03:30:00.000Z'],
  ['2026-11-29', '2026-11-28T16:00:00.000Z'],
];

// text → why it is refused
const REFUSED: Array<[string, RegExp]> = [
  ['2026-11-29T11:30:00+8', /应写成两位小时/],
  ['2026-11-29T11:30:00+15', /时区偏移“\+15”无效/],
  ['2026-11-29T11:30:00+08:60', /无效/],
  ['2026-11-29T24:00:00Z', /时刻.*不存在/],
  ['2026-02-30T08:00:00+08:00', /日期.*不存在/],
  ['2026-11-29+08:00', /只有日期却带了时区/],
  ['2026-11-29T11:30:00 PST', /无法识别/],
  ['29/11/2026 11:30', /无法识别/],
];

describe('ISO 8601 offsets', () => {
  it.each(READ)('%s → %s (push API and Excel cell alike)', (text, utc) => {
    const api = apiInstant(text, SH);
    expect(api.ok && api.instant.toISOString()).toBe(utc);
    const cell = cellInstant(text, SH);
    expect(cell.ok && (cell.value as Date).toISOString()).toBe(utc);
  });

  it.each(REFUSED)('refuses %s with a row error', (text, why) => {
    const api = apiInstant(text, SH);
    expect(api.ok).toBe(false);
    if (!api.ok) expect(api.message).toMatch(why);
    expect(cellInstant(text, SH).ok).toBe(false);
  });

  it('puts 2026-11-29T11:30:00-05 in week 49 (Monday 30 Nov in Shanghai), not week 48', () => {
    const r = parseInstantText('2026-11-29T11:30:00-05', SH);
    expect(r.ok && periodOf('week', r.instant, SH).key).toBe('2026-W49');
  });

  it('refuses a wall time without an offset that daylight saving skips or repeats, but reads it with one', () => {
    expect(parseInstantText('2026-03-08 02:30', NY)).toEqual({ ok: false, message: '“2026-03-08 02:30”在时区 America/New_York 中不存在（夏令时跳过），请写明时区偏移' });
    expect(parseInstantText('2026-11-01 01:30', NY)).toEqual({ ok: false, message: '“2026-11-01 01:30”在时区 America/New_York 中出现两次（夏令时回拨），请写明时区偏移' });
    const withOffset = parseInstantText('2026-11-01T01:30:00-05', NY);
    expect(withOffset.ok && withOffset.instant.toISOString()).toBe('2026-11-01T06:30:00.000Z');
    const cell = cellInstant('2026-11-01 01:30', NY);
    expect(cell).toEqual({ ok: false, message: '“2026-11-01 01:30”在时区 America/New_York 中出现两次（夏令时回拨），请写明时区偏移' });
  });
});
