/** Column builders for migrations that run unchanged on SQLite and MySQL/MariaDB. */
import type { TableColumnOptions } from 'typeorm';

type Extra = Partial<TableColumnOptions>;

export const varchar = (name: string, length: number, extra: Extra = {}): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  ...extra,
});
export const int = (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'int', ...extra });
export const bigint = (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'bigint', ...extra });
export const double = (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'double', ...extra });
export const text = (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'text', ...extra });
export const bool = (name: string, extra: Extra = {}): TableColumnOptions => ({ name, type: 'boolean', ...extra });
/** Millisecond precision, stored as UTC. */
export const datetime = (name: string, extra: Extra = {}): TableColumnOptions => ({
  name,
  type: 'datetime',
  precision: 3,
  ...extra,
});
export const autoId = (name = 'id'): TableColumnOptions => ({
  name,
  // 'integer', not 'int': SQLite allows AUTOINCREMENT only on INTEGER PRIMARY KEY.
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});
