/**
 * The outcome report from the shell: `perfbot outcomes baseline|core-positions|adopt|report`. The
 * same functions as the chat's 成效 commands; every change is audited with actor cli.
 */
import type { DataSource } from 'typeorm';
import { outcomeBundle } from '../outcomes/outcome-service';
import { spanFromText } from '../outcomes/period-text';
import { BETTER_WORD, CHANGE_WORD } from '../outcomes/report';
import { loadSettings, markSuggestion, setBaseline, setCorePositions } from '../outcomes/settings';
import { type Command, refusalsPrinted, withDatabase } from './command';

type Print = (line: string) => void;

/** The company's report for a period, one line per measure: baseline → period, change, sample. */
export async function printOutcomeReport(ds: DataSource, periodText: string, timeZone: string, now: Date, print: Print = console.log): Promise<void> {
  const { report } = await outcomeBundle(ds, { now, tz: timeZone, span: spanFromText(periodText, now, timeZone), scope: null, scopeLabel: '全公司' });
  print(`${report.span.label}, baseline ${report.baseline?.label ?? 'not set'}`);
  for (const r of report.rows) {
    print(`  ${r.name}${r.better ? `（${BETTER_WORD[r.better]}）` : ''}: ${r.before ? `${r.before.text} → ` : ''}${r.now.text}${r.change ? ` ${CHANGE_WORD[r.change]}` : ''} — ${r.now.sample}`);
  }
}

const usage = (c: Command) => {
  console.error(`usage: ${c.usage}`);
  return 2;
};

export const OUTCOME_COMMANDS: Record<string, Command> = {
  'outcomes baseline': {
    usage: 'perfbot outcomes baseline [2024-01..2024-12]',
    help: 'show or set the outcome report’s baseline period (before the reform; audited)',
    async run(args, config) {
      if (args.length > 1) return usage(this);
      return refusalsPrinted(() =>
        withDatabase(config, async (ds) => {
          if (args.length === 0) {
            const b = (await loadSettings(ds)).baseline;
            console.log(b ? `baseline: ${b.from}..${b.to}` : 'no baseline set');
            return;
          }
          const span = await setBaseline(ds, args[0]!, config.timezone, 'cli', new Date());
          console.log(`baseline: ${span.label} (${span.months.length} months, audited)`);
        }),
      );
    },
  },
  'outcomes core-positions': {
    usage: 'perfbot outcomes core-positions [岗位、岗位…]',
    help: 'show or set the core positions whose turnover the outcome report measures (audited)',
    async run(args, config) {
      return refusalsPrinted(() =>
        withDatabase(config, async (ds) => {
          if (args.length === 0) {
            const p = (await loadSettings(ds)).corePositions;
            console.log(p.length ? `core positions: ${p.join('、')}` : 'no core positions set');
            return;
          }
          console.log(`core positions: ${(await setCorePositions(ds, args.join(' '), 'cli', new Date())).join('、')} (audited)`);
        }),
      );
    },
  },
  'outcomes adopt': {
    usage: 'perfbot outcomes adopt <suggestion id> [--undo]',
    help: 'mark a suggestion (建议) adopted, or back to open with --undo (audited)',
    async run(args, config) {
      const undo = args.includes('--undo');
      const ids = args.filter((a) => a !== '--undo');
      const id = Number(ids[0]);
      if (ids.length !== 1 || !Number.isInteger(id) || id <= 0) return usage(this);
      return refusalsPrinted(() =>
        withDatabase(config, async (ds) => {
          const s = await markSuggestion(ds, id, !undo, 'cli', new Date());
          console.log(`suggestion #${s.id}: ${s.status} (audited)`);
        }),
      );
    },
  },
  'outcomes report': {
    usage: 'perfbot outcomes report [period: 2026-10, 2026-Q3, 2024-01..2024-12]',
    help: 'the outcome report (效果验证) for the company: each measure against the baseline, with its sample',
    async run(args, config) {
      return refusalsPrinted(() => withDatabase(config, (ds) => printOutcomeReport(ds, args.join(' '), config.timezone, new Date())));
    },
  },
};
