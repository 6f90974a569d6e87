/**
 * The reference for bench/ingest: the same rows straight into MariaDB with mysql2, one raw
 * multi-row `INSERT INTO metric_records (…) VALUES (…),(…)` per batch, no validation, no
 * duplicate check, no audit: the most a client of this table can get from this database.
 */
import mysql from 'mysql2/promise';
import type { IngestBatch } from './ingest-traffic';
import { runWorkers } from './common/parallel';
import { RECORD_COLUMNS } from './common/seed-org';

const INSERT_SQL = `INSERT INTO metric_records (${RECORD_COLUMNS.join(', ')}) VALUES ?`;

/** Inserts every batch with `clients` connections; returns the wall time in ms. */
export async function insertWithMysql2(url: string, batches: IngestBatch[], clients: number): Promise<number> {
  // timezone 'Z': Dates are written as UTC, as the app's DataSource writes them.
  const pool = mysql.createPool({ uri: url, connectionLimit: clients, timezone: 'Z' });
  try {
    // Open every connection before the clock starts, as the app's pool already is.
    const warm = await Promise.all(Array.from({ length: clients }, () => pool.getConnection()));
    warm.forEach((c) => c.release());
    const started = performance.now();
    await runWorkers(batches, clients, async (batch) => {
      const [result] = await pool.query<mysql.ResultSetHeader>(INSERT_SQL, [batch.tuples]);
      if (result.affectedRows !== batch.tuples.length) throw new Error(`mysql2 inserted ${result.affectedRows} of ${batch.tuples.length} rows`);
    });
    return performance.now() - started;
  } finally {
    await pool.end();
  }
}
