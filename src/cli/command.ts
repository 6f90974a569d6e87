/** What a `perfbot` subcommand is, and the database session most of them need. */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource } from '../data-source';
import type { Logger } from '../logger';
import { seedKpiLibrary } from '../repositories/metric-library';
import { PerfbotError } from '../wecom/errors';

export interface Command {
  usage: string;
  help: string;
  run(args: string[], config: Config, log: Logger): Promise<number>;
}

/**
 * Opens the configured database as the service would find it (migrated, standard KPI library
 * installed), runs `fn`, and closes it.
 */
export async function withDatabase<T>(config: Config, fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await createDataSource(config.database).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await seedKpiLibrary(ds, new Date());
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** `--name value` and `--flag` options; the rest are positional. */
export function parseOptions(args: string[]): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) options[a.slice(2)] = args[++i];
    else options[a.slice(2)] = true;
  }
  return { positional, options };
}

/** Runs a command body; a refusal meant for the person (a PerfbotError, in Chinese) is printed and exits 1. */
export async function refusalsPrinted(body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (err) {
    if (!(err instanceof PerfbotError)) throw err;
    console.error(err.message);
    return 1;
  }
}
