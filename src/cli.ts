#!/usr/bin/env node
/**
 * `perfbot <command>`: operations from the shell (npx perfbot …). Later features add commands to
 * COMMANDS; each gets the validated config and a logger and returns an exit code.
 */
import 'dotenv/config';
import { ConfigError, Config, loadConfig } from './config';
import { createDataSource } from './data-source';
import { syncOrg } from './jobs/org-sync';
import { createLogger } from './logger';
import { ACCESS_COMMANDS } from './cli/access-commands';
import { ALERTS_COMMANDS } from './cli/alerts-commands';
import { CALENDAR_COMMANDS } from './cli/calendar-commands';
import { Command, withDatabase } from './cli/command';
import { DATA_COMMANDS } from './cli/data-commands';
import { IMPORT_COMMANDS } from './cli/import-commands';
import { JOB_COMMANDS } from './cli/job-commands';
import { SCORING_COMMANDS } from './cli/scoring-commands';
import { countOutbox } from './outbox/sender';
import { cliWeComConfig } from './repositories/service-endpoints';
import { withSandboxKeys } from './sandbox/sandbox-keys';
import { seedKpiLibrary } from './repositories/metric-library';
import { OUTBOX_COMMANDS } from './cli/outbox-commands';
import { OUTCOME_COMMANDS } from './cli/outcome-commands';
import { WeComClient } from './wecom/client';
import { DbTokenStore } from './wecom/db-token-store';

export const COMMANDS: Record<string, Command> = {
  ...ACCESS_COMMANDS,
  ...ALERTS_COMMANDS,
  ...CALENDAR_COMMANDS,
  ...DATA_COMMANDS,
  ...IMPORT_COMMANDS,
  ...JOB_COMMANDS,
  ...OUTBOX_COMMANDS,
  ...OUTCOME_COMMANDS,
  ...SCORING_COMMANDS,
  migrate: {
    usage: 'perfbot migrate',
    help: 'apply pending database migrations and install the standard KPI library',
    async run(_args, config, log) {
      const ds = await createDataSource(config.database).initialize();
      try {
        const ran = await ds.runMigrations({ transaction: 'each' });
        console.log(ran.length ? `applied: ${ran.map((m) => m.name).join(', ')}` : 'database is up to date');
        log.debug({ count: ran.length }, 'migrations run');
        // Templates assign library metrics: without them `assign templates` would assign codes no scorecard can score.
        const seeded = await seedKpiLibrary(ds, new Date());
        console.log(seeded ? `standard KPI library: ${seeded} metrics added` : 'standard KPI library is installed');
        return 0;
      } finally {
        await ds.destroy();
      }
    },
  },
  'org sync': {
    usage: 'perfbot org sync',
    help: 'pull departments and members from the WeCom contacts API now',
    async run(_args, config, log) {
      const r = await withDatabase(config, async (ds) => {
        const wecom = new WeComClient({ ...(await cliWeComConfig(ds, config)), tokenStore: new DbTokenStore(ds), logger: log });
        return syncOrg(ds, wecom, new Date(), log);
      });
      console.log(`synced ${r.departments} departments and ${r.employees} members; ${r.deactivated} set inactive`);
      return 0;
    },
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage.padEnd(28)} ${c.help}`);
  return ['usage: perfbot <command>', '', 'commands:', ...lines].join('\n');
}

/** Finds the longest command name that prefixes argv ("org sync" before "org"). */
export function resolveCommand(argv: string[]): { command: Command; args: string[] } | null {
  for (let n = Math.min(argv.length, 3); n >= 1; n--) {
    const command = COMMANDS[argv.slice(0, n).join(' ')];
    if (command) return { command, args: argv.slice(n) };
  }
  return null;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    console.log(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const resolved = resolveCommand(argv);
  if (!resolved) {
    console.error(`unknown command: ${argv.join(' ')}\n\n${usage()}`);
    return 2;
  }
  let config: Config;
  try {
    config = withSandboxKeys(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  try {
    return await resolved.command.run(resolved.args, config, log);
  } catch (err) {
    console.error(`perfbot ${argv.join(' ')} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
