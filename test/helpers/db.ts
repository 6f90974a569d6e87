/**
 * A fresh, migrated database per test file: an SQLite file in a temp folder by default, or the
 * MySQL/MariaDB database named by DATABASE_URL (tables dropped and migrated again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import type { Config } from '../../src/config';
import { createDataSource } from '../../src/data-source';

export function testDatabaseConfig(): Config['database'] {
  const url = process.env.DATABASE_URL;
  if (url && /^(mysql|mariadb):/.test(url)) return { type: 'mysql', url };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-test-'));
  return { type: 'sqlite', file: path.join(dir, 'perfbot.sqlite') };
}

export async function openTestDatabase(database = testDatabaseConfig()): Promise<DataSource> {
  const ds = createDataSource(database);
  await ds.initialize();
  if (database.type === 'mysql') await ds.dropDatabase();
  await ds.runMigrations();
  return ds;
}

export function isMysql(): boolean {
  return /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');
}
