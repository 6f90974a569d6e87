/**
 * Fast seeding with raw multi-row INSERTs, the same SQL text on SQLite and MySQL/MariaDB (`?`
 * placeholders, unquoted snake_case names). Callers pass an EntityManager inside a transaction so
 * that SQLite does not sync once per statement.
 */
import type { EntityManager } from 'typeorm';

/** SQLite allows 32 766 variables per statement (since 3.32); stay under it. */
const MAX_PARAMS = 30_000;
const MAX_ROWS = 5_000;

export type SqlValue = string | number | null;

export async function insertRows(m: EntityManager, table: string, columns: string[], rows: Iterable<SqlValue[]>): Promise<number> {
  const perStatement = Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(',')})`;
  let batch: SqlValue[][] = [];
  let total = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await m.query(head + new Array<string>(batch.length).fill(tuple).join(','), batch.flat());
    total += batch.length;
    batch = [];
  };
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`${table}: a row has ${row.length} values for ${columns.length} columns`);
    batch.push(row);
    if (batch.length === perStatement) await flush();
  }
  await flush();
  return total;
}

/** A datetime(3) column's stored form on both databases: UTC, 'YYYY-MM-DD HH:MM:SS.mmm'. */
export function sqlDateTime(d: Date): string {
  return d.toISOString().replace('T', ' ').slice(0, 23);
}
