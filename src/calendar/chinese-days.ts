/**
 * The national calendar from the `chinese-days` package (State Council holiday notices, updated
 * yearly): 法定节假日 and 调休 workdays as day numbers. The package itself answers Monday–Friday
 * for a year it does not know yet; here such a year is simply not covered, so the caller can warn
 * HR instead of scoring a silent Monday–Friday.
 */
import { dayNumber } from '../domain/periods-calendar';
import type { NationalCalendar } from '../domain/work-calendar';

type DayTable = Record<string, string>;

let loaded: NationalCalendar | null = null;

/** 'National Day,国庆节,3' → 国庆节 */
const chineseName = (entry: string): string => entry.split(',')[1] ?? entry;

function toDays(table: DayTable): Map<number, string> {
  const out = new Map<number, string>();
  for (const [date, entry] of Object.entries(table)) {
    const [y, m, d] = date.split('-').map(Number);
    out.set(dayNumber(y, m, d), chineseName(entry));
  }
  return out;
}

export function chinaNationalCalendar(): NationalCalendar {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const data = require('chinese-days/dist/chinese-days.json') as { holidays: DayTable; workdays: DayTable };
    loaded = {
      holidays: toDays(data.holidays),
      workdays: toDays(data.workdays),
      // A year is covered once the notice for it is in: it lists at least one holiday.
      coveredYears: new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4)))),
    };
  }
  return loaded;
}
