/**
 * The working calendar and department weights from the shell: `perfbot calendar show`,
 * `perfbot weights set|list`. Overrides themselves come in as `perfbot import calendar <file>`.
 */
import type { DataSource } from 'typeorm';
import { monthShares } from '../domain/period-targets';
import { formatLocal, parsePeriod } from '../domain/periods';
import { firstDayStartingFrom } from '../domain/periods-calendar';
import { DepartmentWeights } from '../entities';
import { requireDepartment } from '../repositories/chat-lookup';
import { parseWeightsText, setDepartmentWeights } from '../repositories/department-weights';
import { loadWorkCalendars, uncoveredYearWarning } from '../repositories/work-calendar';
import { type Command, parseOptions, refusalsPrinted, withDatabase } from './command';

type Print = (line: string) => void;

/** The period's working days under a department's calendar, each day that is not plain Monday–Friday explained. */
export async function showCalendar(ds: DataSource, periodKey: string, departmentName: string | undefined, timeZone: string, print: Print = console.log): Promise<void> {
  const period = parsePeriod(periodKey, timeZone);
  const department = departmentName ? await requireDepartment(ds, departmentName) : null;
  const calendars = await loadWorkCalendars(ds, timeZone);
  const calendar = calendars.forDepartment(department?.id ?? null);
  const shares = monthShares(period, timeZone, calendar);
  print(`${period.label}, ${department?.name ?? 'company calendar'}: ${shares.reduce((a, s) => a + s.days, 0)} working day(s)`);
  for (const s of shares) print(`  ${s.month}: ${s.days} of the month's ${s.monthDays} working days (target share ${s.monthDays ? (s.days / s.monthDays).toFixed(6) : 0})`);
  const [first, next] = [firstDayStartingFrom(period.start.getTime(), timeZone), firstDayStartingFrom(period.end.getTime(), timeZone)];
  for (let day = first; day < next; day++) {
    const a = calendar.explain(day);
    if (!/^(工作日|休息日)（周一至周五）$/.test(a.why)) print(`  ${formatLocal(new Date(day * 86_400_000), 'UTC').slice(0, 10)} ${a.workday ? 'work' : 'off '} ${a.why}`);
  }
  const uncovered = calendars.uncoveredYears(period);
  if (uncovered.length > 0) print(`warning: ${uncoveredYearWarning(uncovered)}`);
}

export async function listWeights(ds: DataSource, print: Print = console.log): Promise<void> {
  const rows = await ds.getRepository(DepartmentWeights).find({ order: { departmentId: 'ASC', effectiveFrom: 'ASC' } });
  if (rows.length === 0) print('no department weights set: every department uses 70/20/10');
  for (const r of rows) print(`  department ${r.departmentId} from ${r.effectiveFrom}: ${r.automatic}/${r.review}/${r.collaboration}${r.updatedBy ? ` (by ${r.updatedBy})` : ''}`);
}

export const CALENDAR_COMMANDS: Record<string, Command> = {
  'calendar show': {
    usage: 'perfbot calendar show <period> [--department 生产部]',
    help: 'working days of a week, month or quarter (holidays, 调休, company overrides, shift patterns) and each month’s target share',
    async run(args, config) {
      const { positional, options } = parseOptions(args);
      if (positional.length !== 1) {
        console.error(`usage: ${this.usage}`);
        return 2;
      }
      return refusalsPrinted(() =>
        withDatabase(config, (ds) => showCalendar(ds, positional[0], typeof options.department === 'string' ? options.department : undefined, config.timezone)),
      );
    },
  },
  'weights set': {
    usage: 'perfbot weights set <部门> <自动数据/主管评价/跨部门协作> --from 2026-12-01',
    help: 'set a department’s component weights from a date (validated, audited); periods use the weights in force on their first day',
    async run(args, config) {
      const { positional, options } = parseOptions(args);
      if (positional.length !== 2 || typeof options.from !== 'string') {
        console.error(`usage: ${this.usage}`);
        return 2;
      }
      return refusalsPrinted(async () => {
        const r = await withDatabase(config, async (ds) => {
          const department = await requireDepartment(ds, positional[0]);
          return setDepartmentWeights(ds, { departmentId: department.id, weights: parseWeightsText(positional[1]), effectiveFrom: options.from as string, actor: 'cli' }, new Date());
        });
        console.log(r.changed ? `${r.department}: ${positional[1]} from ${options.from} (audited)` : `${r.department}: already ${positional[1]} from ${options.from}; nothing changed`);
      });
    },
  },
  'weights list': {
    usage: 'perfbot weights list',
    help: 'every department’s weights with the date each takes effect',
    async run(_args, config) {
      await withDatabase(config, (ds) => listWeights(ds));
      return 0;
    },
  },
};
