/**
 * Benchmark of taking records in through the API: POST /api/v1/records of the real app (startApp
 * on loopback: HTTP, API-key auth, validation, the duplicate pre-check, the insert, the audit row)
 * into MariaDB, in rows per second, against the same rows inserted with mysql2 as raw multi-row
 * INSERTs. Both run with 1 client and with --clients concurrent clients, each run on an emptied
 * metric_records. Issue target: the API at least half the reference's rows/s.
 *
 *   npm run bench:ingest -- [--batches 40] [--rows 5000] [--employees 1000] [--clients 4] [--no-profile]
 *   DATABASE_URL=mariadb://… npm run bench:ingest     (default mariadb://root@127.0.0.1:3306/test; drops its tables)
 *
 * Prints a markdown table to stdout, progress to stderr, writes bench/results/ingest.json; exits 1
 * when a request fails or a run does not leave exactly the rows it sent.
 */
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { parsePeriod } from '../src/domain/periods';
import { MAX_BATCH_ROWS } from '../src/ingest/records';
import { buildBenchEmployees } from './common/bench-org';
import { createProgress, runBench, wholeNumber } from './common/cli';
import { chooseDatabase, describeDatabase, openFreshDatabase } from './common/database';
import { describeMachine } from './common/machine';
import { writeResults } from './common/results';
import { seedBenchOrg } from './common/seed-org';
import { seconds } from './common/timing';
import { startIngestApp, type IngestApp } from './ingest-app';
import { postBatches } from './ingest-client';
import { profileIngest } from './ingest-profile';
import { insertWithMysql2 } from './ingest-reference';
import { formatMarkdown, pairRuns, toRun, type IngestBenchReport, type IngestRun } from './ingest-report';
import { buildBatches } from './ingest-traffic';

const PERIOD = '2026-W48';
const TIME_ZONE = 'Asia/Shanghai';

const progress = createProgress('ingest');

function readSettings(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string', default: 'mariadb' },
      batches: { type: 'string', default: '40' },
      rows: { type: 'string', default: String(MAX_BATCH_ROWS) },
      employees: { type: 'string', default: '1000' },
      clients: { type: 'string', default: '4' },
      'no-profile': { type: 'boolean', default: false },
    },
  });
  return {
    db: values.db,
    batches: wholeNumber('batches', values.batches, 1, 10_000),
    rows: wholeNumber('rows', values.rows, 1, MAX_BATCH_ROWS),
    employees: wholeNumber('employees', values.employees, 1, 100_000),
    clients: wholeNumber('clients', values.clients, 2, 64),
    profile: !values['no-profile'],
  };
}

async function countRecords(ds: DataSource): Promise<number> {
  const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM metric_records')) as Array<{ n: number | string }>;
  return Number(n);
}

async function main(): Promise<void> {
  const s = readSettings(process.argv.slice(2));
  const db = chooseDatabase(s.db);
  if (db.kind !== 'mariadb' || !db.mysqlUrl || db.config.type !== 'mysql') {
    db.cleanup();
    throw new Error('bench:ingest runs on MariaDB/MySQL only (--db mariadb)');
  }
  const mysqlUrl = db.mysqlUrl;
  progress(`opening a fresh ${db.config.url}`);
  const ds = await openFreshDatabase(db.config);
  let app: IngestApp | null = null;
  try {
    const employees = buildBenchEmployees(s.employees);
    await seedBenchOrg(ds, employees, new Date());
    app = await startIngestApp(ds, db.config.url);
    const running = app;
    const now = new Date();
    const period = parsePeriod(PERIOD, TIME_ZONE);
    progress(`building ${s.batches} batches of ${s.rows} rows`);
    const batches = buildBatches(employees, period, { batches: s.batches, rowsPerBatch: s.rows, now, prefix: 'ingest-' });
    const warmup = buildBatches(employees, period, { batches: 1, rowsPerBatch: s.rows, now, prefix: 'warmup-' });
    const reset = async () => {
      await ds.query('TRUNCATE TABLE metric_records');
    };
    const expectRows = async (label: string, n: number) => {
      const found = await countRecords(ds);
      if (found !== n) throw new Error(`${label}: metric_records holds ${found} rows, expected ${n}`);
    };

    // One batch through each path first (JIT, zod, prepared pools), then an empty table again.
    progress('warm-up: one batch through each path');
    await reset();
    await insertWithMysql2(mysqlUrl, warmup, 1);
    await reset();
    await postBatches(running.url, running.apiKey, warmup, 1);

    const total = s.batches * s.rows;
    const runs: IngestRun[] = [];
    for (const clients of [1, s.clients]) {
      await reset();
      const rawMs = await insertWithMysql2(mysqlUrl, batches, clients);
      await expectRows(`mysql2 × ${clients}`, total);
      runs.push(toRun('mysql2', clients, total, rawMs));
      progress(`mysql2, ${clients} client(s): ${seconds(rawMs)} s, ${Math.round(total / (rawMs / 1000))} rows/s`);
      await reset();
      const apiMs = await postBatches(running.url, running.apiKey, batches, clients);
      await expectRows(`API × ${clients}`, total);
      runs.push(toRun('api', clients, total, apiMs));
      progress(`API, ${clients} client(s): ${seconds(apiMs)} s, ${Math.round(total / (apiMs / 1000))} rows/s`);
    }
    const sequentialApi = runs.find((r) => r.path === 'api' && r.clients === 1)!;
    const profile = s.profile
      ? await profileIngest({ ds, url: running.url, apiKey: running.apiKey, batches, apiMs: sequentialApi.ms, timeZone: TIME_ZONE, reset, progress })
      : [];
    const report: IngestBenchReport = {
      when: new Date().toISOString(),
      machine: describeMachine(await describeDatabase(ds)),
      settings: { batches: s.batches, rowsPerBatch: s.rows, employees: s.employees, clients: [1, s.clients] },
      runs: [...runs].sort((a, b) => a.clients - b.clients || (a.path === 'api' ? -1 : 1)),
      pairings: pairRuns(runs),
      profile,
    };
    const file = writeResults('ingest.json', report);
    process.stdout.write(formatMarkdown(report) + '\n');
    progress(`wrote ${file}`);
    if (report.pairings.some((p) => !p.pass)) progress('the target was missed: see the table (the run itself is valid)');
  } finally {
    if (app) await app.stop();
    await ds.destroy();
    db.cleanup();
  }
}

runBench(progress, main);
