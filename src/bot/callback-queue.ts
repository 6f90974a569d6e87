/**
 * The inbound table as the handler queue. A callback is recorded once (its dedupe key is the
 * primary key), either already claimed by the recording process when it has a free handler slot,
 * or 'received' to wait. Any process claims waiting rows, or rows whose claim's lease ran out (its
 * process died), with a conditional UPDATE: one claimant wins, so each row is handled once.
 *
 * The record is the ack path's only write: one plain parameterised INSERT, no query builder. On
 * SQLite the records of one event-loop turn share one transaction (one WAL commit and fsync for
 * all of them, instead of one each); every ack still waits for the commit that holds its row.
 */
import type { DataSource } from 'typeorm';
import { isUniqueViolation } from '../data-source';

export interface RecordRow {
  dedupeKey: string;
  fromUser: string;
  kind: string;
  payload: string;
}

export interface ClaimedRow {
  dedupeKey: string;
  payload: string;
}

const INSERT_SQL =
  'INSERT INTO inbound_callbacks (dedupe_key, from_user, kind, payload, status, received_at, claimed_by, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

type Insert = (params: unknown[]) => Promise<void>;

/**
 * A prepared INSERT on the driver itself (better-sqlite3's cached statement, mysql2's execute):
 * the ack path's one write without TypeORM's per-query runner and parameter handling.
 */
export function preparedInsert(ds: DataSource, sql: string): Insert {
  const driver = ds.driver as unknown as {
    databaseConnection?: { prepare(sql: string): { run(...p: unknown[]): unknown } };
    pool?: { execute(sql: string, p: unknown[], cb: (err: Error | null) => void): void };
  };
  if (ds.options.type === 'better-sqlite3' && driver.databaseConnection) {
    const stmt = driver.databaseConnection.prepare(sql);
    return async (params) => {
      stmt.run(...params);
    };
  }
  if (driver.pool?.execute) {
    const pool = driver.pool;
    return (params) => new Promise<void>((resolve, reject) => pool.execute(sql, params, (err) => (err ? reject(err) : resolve())));
  }
  return async (params) => {
    await ds.query(sql, params);
  };
}

interface SqliteConnection {
  prepare(sql: string): { run(...p: unknown[]): unknown };
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  readonly inTransaction: boolean;
}

interface Pending {
  params: unknown[];
  resolve: () => void;
  reject: (err: unknown) => void;
  /** Set when this row's own INSERT failed (a duplicate key) while the batch committed. */
  error?: unknown;
}

/**
 * The prepared INSERT with group commit on better-sqlite3: rows recorded while the event loop reads
 * requests are written together at the end of that turn (setImmediate), in one transaction. A row's
 * own unique violation fails only that row (SQLite aborts the statement, not the transaction); any
 * other error rolls the whole batch back and fails every row in it, so no ack is sent for a row that
 * is not committed. A transaction someone else holds open on the shared connection (TypeORM awaiting
 * between statements) is waited out: a record must never join, and roll back with, another's work.
 */
function groupCommitInsert(db: SqliteConnection, sql: string): Insert {
  const stmt = db.prepare(sql);
  let batch: Pending[] = [];
  const writeAll = db.transaction((rows: Pending[]) => {
    for (const row of rows) {
      try {
        stmt.run(...row.params);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        row.error = err;
      }
    }
  });
  const flush = () => {
    if (db.inTransaction) {
      setImmediate(flush);
      return;
    }
    const rows = batch;
    batch = [];
    try {
      writeAll(rows);
    } catch (err) {
      for (const row of rows) row.reject(err);
      return;
    }
    for (const row of rows) {
      if (row.error === undefined) row.resolve();
      else row.reject(row.error);
    }
  };
  return (params) =>
    new Promise<void>((resolve, reject) => {
      if (batch.length === 0) setImmediate(flush);
      batch.push({ params, resolve, reject });
    });
}

/** InnoDB chose this statement as a deadlock's victim (or gave up waiting for a lock): it was rolled back, retry it. */
export function isLockConflict(err: unknown): boolean {
  const d = ((err as { driverError?: unknown })?.driverError ?? err) as { code?: string } | undefined;
  return d?.code === 'ER_LOCK_DEADLOCK' || d?.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/**
 * Runs a single-statement write again when InnoDB rolled it back for a lock conflict. Records,
 * claims and finishes take row and gap locks on the same index at once under a burst; a finish
 * lost that way left a handled row 'handling' until its lease ran out, and then it ran again.
 */
export async function retryLockConflicts<T>(write: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isLockConflict(err) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** The stored form of a datetime(3) on both databases (UTC, as TypeORM writes it). */
export function sqlDatetime(d: Date): string {
  return d.toISOString().slice(0, 23).replace('T', ' ');
}

/** The record's INSERT: grouped per event-loop turn on SQLite, the driver's prepared statement on MySQL/MariaDB. */
function recordInsert(ds: DataSource): Insert {
  const connection = (ds.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection;
  if (ds.options.type === 'better-sqlite3' && connection) return groupCommitInsert(connection, INSERT_SQL);
  return preparedInsert(ds, INSERT_SQL);
}

export class CallbackQueue {
  private insert: Insert | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
    /** This process's claim token. */
    readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  /** Records a verified callback; claimed by us when `claim` (we run it now), else left waiting. */
  async record(row: RecordRow, claim: boolean): Promise<'recorded' | 'duplicate'> {
    const now = this.clock();
    try {
      const insert = (this.insert ??= recordInsert(this.ds));
      const params = [
        row.dedupeKey,
        row.fromUser,
        row.kind,
        row.payload,
        claim ? 'handling' : 'received',
        sqlDatetime(now),
        claim ? this.owner : null,
        claim ? sqlDatetime(new Date(now.getTime() + this.leaseMs)) : null,
      ];
      await retryLockConflicts(() => insert(params));
      return 'recorded';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  /** Claims up to `limit` rows, oldest first: waiting ones and ones whose claim expired. */
  async claim(limit: number): Promise<ClaimedRow[]> {
    const now = this.clock();
    const nowSql = sqlDatetime(now);
    // Two index range reads instead of one OR: (status, received_at) serves the waiting rows in
    // order without a sort, and the few 'handling' rows are checked for an expired lease apart.
    // With the OR, each claim sorted every waiting row (12,000 of them mid-burst on MariaDB).
    const n = Math.max(1, Math.floor(limit));
    const waiting = (await this.ds.query(
      `SELECT dedupe_key AS k, received_at AS r FROM inbound_callbacks WHERE status = 'received' ORDER BY received_at LIMIT ${n}`,
    )) as Array<{ k: string; r: Date | string }>;
    const abandoned = (await this.ds.query(
      `SELECT dedupe_key AS k, received_at AS r FROM inbound_callbacks WHERE status = 'handling' AND lease_until < ? ORDER BY received_at LIMIT ${n}`,
      [nowSql],
    )) as Array<{ k: string; r: Date | string }>;
    const time = (r: Date | string) => (r instanceof Date ? r.getTime() : Date.parse(String(r).replace(' ', 'T') + 'Z'));
    const candidates = [...waiting, ...abandoned].sort((a, b) => time(a.r) - time(b.r)).slice(0, n);
    const claimed: string[] = [];
    const leaseUntil = sqlDatetime(new Date(now.getTime() + this.leaseMs));
    for (const { k } of candidates) {
      // Another process may claim the same row at once: the conditional UPDATE lets one win.
      const affected = await this.affected(
        `UPDATE inbound_callbacks SET status = 'handling', claimed_by = ?, lease_until = ?
         WHERE dedupe_key = ? AND (status = 'received' OR (status = 'handling' AND lease_until < ?))`,
        [this.owner, leaseUntil, k, nowSql],
      );
      if (affected === 1) claimed.push(k);
    }
    if (claimed.length === 0) return [];
    const rows = (await this.ds.query(
      `SELECT dedupe_key AS k, payload AS p FROM inbound_callbacks WHERE dedupe_key IN (${claimed.map(() => '?').join(', ')})`,
      claimed,
    )) as Array<{ k: string; p: string }>;
    return rows.map((r) => ({ dedupeKey: r.k, payload: r.p }));
  }

  /** Marks our claim finished; false when the claim was no longer ours (taken over meanwhile). */
  async finish(dedupeKey: string, status: 'done' | 'failed', error: string | null): Promise<boolean> {
    const affected = await this.affected(
      `UPDATE inbound_callbacks SET status = ?, handled_at = ?, error = ?, lease_until = NULL
       WHERE dedupe_key = ? AND status = 'handling' AND claimed_by = ?`,
      [status, sqlDatetime(this.clock()), error, dedupeKey, this.owner],
    );
    return affected === 1;
  }

  /** Extends the lease of every row we are handling (long handlers are not taken over). */
  async renew(): Promise<void> {
    await retryLockConflicts(() =>
      this.ds.query(`UPDATE inbound_callbacks SET lease_until = ? WHERE status = 'handling' AND claimed_by = ?`, [
        sqlDatetime(new Date(this.clock().getTime() + this.leaseMs)),
        this.owner,
      ]),
    );
  }

  /** Rows waiting for a handler (for metrics and tests). */
  async waiting(): Promise<number> {
    const [row] = (await this.ds.query(`SELECT COUNT(*) AS n FROM inbound_callbacks WHERE status = 'received'`)) as Array<{ n: number | string }>;
    return Number(row?.n ?? 0);
  }

  /** Rows a conditional UPDATE changed; a lock conflict is retried (each UPDATE is its own transaction and safe to repeat). */
  private affected(sql: string, params: unknown[]): Promise<number> {
    return retryLockConflicts(async () => {
      const qr = this.ds.createQueryRunner();
      try {
        return (await qr.query(sql, params, true)).affected ?? 0;
      } finally {
        await qr.release();
      }
    });
  }
}
