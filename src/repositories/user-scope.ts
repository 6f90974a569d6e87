/**
 * Batch reads per user for the scoring loads, two ways: IN lists of a few thousand userids for a
 * department's worth of people, or (when the people asked for are most of the company, as a
 * weekly push is) one read of everyone's rows kept to those people, which is what the database
 * would scan anyway and spares it a thousand-value IN list per statement. Rows come as raw
 * columns converted the way TypeORM hydrates them (dates, booleans, JSON), without building
 * entities: a company's week is tens of thousands of rows.
 */
import type { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { Employee } from '../entities';

/** Both databases take thousands of parameters a statement. */
const READ_CHUNK = 5000;

export interface UserScope {
  ids: string[];
  has(userId: string): boolean;
  /** True when one read of everyone's rows is cheaper than IN lists (most of the company asked for). */
  everyone: boolean;
}

/** The people a load is for; `everyone` when they are at least half of the employees table. */
export async function userScope(ds: DataSource, userIds: string[]): Promise<UserScope> {
  const ids = [...new Set(userIds)];
  const set = new Set(ids);
  const everyone = ids.length > 0 && ids.length * 2 >= (await ds.getRepository(Employee).count());
  return { ids, has: (userId) => set.has(userId), everyone };
}

/**
 * Runs `read` once with no userids (everyone's rows, kept to the scope) or once per chunk of the
 * scope's userids; `read` restricts its query to the userids it is given, when given any. `byUser`
 * always reads by chunks of userids: for metric_records, whose index leads with (user_id,
 * occurred_at) and which holds years of history, a read of everyone's rows for one period scans
 * the whole index (MariaDB: 3.4 s against 1.1 s by IN lists of 500 for a week of 10,000 people).
 */
export async function readForScope<T>(
  scope: UserScope,
  read: (ids: string[] | null) => Promise<T[]>,
  userOf: (row: T) => string,
  opts: { byUser?: boolean; chunk?: number } = {},
): Promise<T[]> {
  if (scope.ids.length === 0) return [];
  if (scope.everyone && !opts.byUser) return (await read(null)).filter((r) => scope.has(userOf(r)));
  const chunk = opts.chunk ?? READ_CHUNK;
  const out: T[] = [];
  for (let i = 0; i < scope.ids.length; i += chunk) {
    const rows = await read(scope.ids.slice(i, i + chunk));
    for (const r of rows) out.push(r);
  }
  return out;
}

/**
 * Selects `props` of the query builder's main entity as raw columns and converts each row's
 * values as entity hydration would (the driver's prepareHydratedValue), into plain objects.
 */
export async function rawColumns<E extends ObjectLiteral, K extends keyof E & string>(
  ds: DataSource,
  entity: EntityTarget<E>,
  qb: SelectQueryBuilder<E>,
  props: readonly K[],
): Promise<Array<Pick<E, K>>> {
  const meta = ds.getMetadata(entity);
  const alias = qb.alias;
  const columns = props.map((p) => {
    const column = meta.findColumnWithPropertyName(p);
    if (!column) throw new Error(`${meta.name} has no column ${p}`);
    return column;
  });
  qb.select(`${alias}.${columns[0].databaseName}`, props[0]);
  for (let i = 1; i < columns.length; i++) qb.addSelect(`${alias}.${columns[i].databaseName}`, props[i]);
  const rows = await qb.getRawMany<Record<string, unknown>>();
  const convert = columns.map((c) => converterOf(ds, c));
  return rows.map((r) => {
    const out = {} as Pick<E, K>;
    for (let i = 0; i < columns.length; i++) out[props[i]] = convert[i](r[props[i]]) as E[K];
    return out;
  });
}

/**
 * The driver's conversion of one column. A datetime that comes as text (SQLite) is parsed once per
 * distinct text: a load holds few distinct instants (an import's start dates, a week's days), and
 * each row still gets its own Date.
 */
function converterOf(ds: DataSource, column: ColumnMetadata): (value: unknown) => unknown {
  const plain = (value: unknown) => ds.driver.prepareHydratedValue(value, column);
  if ((column.type !== 'datetime' && column.type !== Date) || column.transformer) return plain;
  const times = new Map<string, number>();
  return (value) => {
    if (typeof value !== 'string') return plain(value);
    let time = times.get(value);
    if (time === undefined) times.set(value, (time = (plain(value) as Date).getTime()));
    return new Date(time);
  };
}
