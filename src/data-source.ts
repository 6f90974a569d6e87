/**
 * The DataSource factory: SQLite (better-sqlite3) by default, MySQL/MariaDB by DATABASE_URL.
 * Migrations, never synchronize.
 */
import fs from 'node:fs';
import path from 'node:path';
import 'reflect-metadata';
import { DataSource, DefaultNamingStrategy, NamingStrategyInterface } from 'typeorm';
import type { Config } from './config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return customName ?? toSnake([...prefixes, propertyName].join('_'));
  }
}

export function toSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

export function createDataSource(database: Config['database']): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false as const,
  };
  if (database.type === 'sqlite') {
    if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
    return serializeTransactions(new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: database.file,
      // WAL lets the sender and the callback handler write without blocking readers.
      enableWAL: true,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('busy_timeout = 5000');
      },
    }));
  }
  return new DataSource({
    ...common,
    // TypeORM reads column defaults differently on MariaDB; the mariadb:// scheme selects it.
    type: database.url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: database.url.replace(/^mariadb:/, 'mysql:'),
    // Store and read every datetime as UTC; presentation converts to PERFBOT_TIMEZONE.
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    extra: { connectionLimit: 10 },
  });
}

export function isUniqueViolation(err: unknown): boolean {
  const driverError = (err as { driverError?: { code?: string; errno?: number } })?.driverError ?? err;
  const code = (driverError as { code?: string })?.code ?? '';
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT_PRIMARYKEY') || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * better-sqlite3 gives TypeORM one connection, so two handlers that each open a transaction at the
 * same moment collide ("cannot start a transaction within a transaction"). Queue them instead.
 * Code inside a transaction must use the EntityManager it was given, never ds.transaction again.
 */
function serializeTransactions(ds: DataSource): DataSource {
  const manager = ds.manager;
  const original = manager.transaction.bind(manager) as (...args: unknown[]) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  manager.transaction = ((...args: unknown[]) => {
    const run = tail.then(() => original(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as typeof manager.transaction;
  return ds;
}
