/**
 * The database a bench runs on, always fresh: an SQLite file in a temp folder, or the MariaDB /
 * MySQL database of a URL with every table dropped and migrated again.
 *
 * `--db mariadb` uses DATABASE_URL when it names MySQL/MariaDB, else DEFAULT_MARIADB_URL; with
 * no --db, DATABASE_URL decides. The mariadb:// scheme is kept, so TypeORM's MariaDB driver runs,
 * as it does in production with that URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { Config } from '../../src/config';
import { createDataSource } from '../../src/data-source';

export const DEFAULT_MARIADB_URL = 'mariadb://root@127.0.0.1:3306/test';

export type BenchDbKind = 'sqlite' | 'mariadb';

export interface BenchDatabase {
  kind: BenchDbKind;
  config: Config['database'];
  /** The URL for a direct mysql2 connection (MariaDB only). */
  mysqlUrl: string | null;
  /** Removes the SQLite temp folder; nothing for MariaDB (its tables stay for inspection). */
  cleanup(): void;
}

export function chooseDatabase(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): BenchDatabase {
  const envUrl = env.DATABASE_URL && /^(mysql|mariadb):/.test(env.DATABASE_URL) ? env.DATABASE_URL : undefined;
  const kind = flag ?? (envUrl ? 'mariadb' : 'sqlite');
  if (kind === 'mariadb' || kind === 'mysql') {
    const url = envUrl ?? DEFAULT_MARIADB_URL;
    return { kind: 'mariadb', config: { type: 'mysql', url }, mysqlUrl: url.replace(/^mariadb:/, 'mysql:'), cleanup: () => undefined };
  }
  if (kind !== 'sqlite') throw new Error(`--db must be sqlite or mariadb, not ${kind}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-bench-'));
  return {
    kind: 'sqlite',
    config: { type: 'sqlite', file: path.join(dir, 'perfbot.sqlite') },
    mysqlUrl: null,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Initialises, drops every table (MySQL/MariaDB) and runs the migrations. */
export async function openFreshDatabase(database: Config['database']): Promise<DataSource> {
  const ds = createDataSource(database);
  await ds.initialize();
  try {
    if (database.type === 'mysql') await ds.dropDatabase();
    await ds.runMigrations();
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

/** e.g. "sqlite 3.50.4 (better-sqlite3, WAL)" or "mariadb 10.11.19-MariaDB-0+deb12u1". */
export async function describeDatabase(ds: DataSource): Promise<string> {
  if (ds.options.type === 'better-sqlite3') {
    const [row] = (await ds.query('SELECT sqlite_version() AS v')) as Array<{ v: string }>;
    return `sqlite ${row.v} (better-sqlite3, WAL)`;
  }
  const [row] = (await ds.query('SELECT VERSION() AS v')) as Array<{ v: string }>;
  return `${ds.options.type} ${row.v}`;
}
