/**
 * Where the API's time goes, for the report when the target is missed (and as a record when it is
 * not): ingestRecords called directly on the same rows (so HTTP, JSON and auth are the difference),
 * then the 1-client API run again with every statement timed by kind and a CPU profile.
 */
import type { DataSource } from 'typeorm';
import { ingestRecords } from '../src/ingest/records';
import type { Progress } from './common/cli';
import { startCpuProfile, type CpuSummary, type FrameQuery } from './common/cpu-profile';
import { timeSql, type SqlTally } from './common/sql-timer';
import { timeOnce } from './common/timing';
import { postBatches } from './ingest-client';
import type { ProfileStep } from './ingest-report';
import type { IngestBatch } from './ingest-traffic';

const TABLE_KINDS: Record<string, string> = {
  'INSERT metric_records': 'insert into metric_records',
  'SELECT metric_records': 'pre-check: which (source, externalId) exist',
  'SELECT employees': 'validation: do the employees exist',
  'SELECT metric_definitions': 'validation: the active metric inputs',
  'INSERT audit_log': 'audit row',
  'SELECT api_keys': 'auth: API key lookup',
  'UPDATE api_keys': 'auth: lastUsedAt update',
  'SELECT outbox': 'outbox poll (the sender, in the background)',
};

/** The statement kinds ingestRecords and the API's auth run, by verb and table. */
export function classifyStatement(sql: string): string {
  const head = sql.slice(0, 4000).trimStart();
  if (/^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SET TRANSACTION)/i.test(head)) return 'transaction begin/commit';
  const verb = /^(\w+)/.exec(head)?.[1].toUpperCase() ?? '?';
  const table = (verb === 'SELECT' ? /\bFROM\s+[`"]?(\w+)/i : /^\w+\s+(?:IGNORE\s+)?(?:INTO\s+)?[`"]?(\w+)/i).exec(head)?.[1] ?? '?';
  return TABLE_KINDS[`${verb} ${table}`] ?? `other: ${verb} ${table}`;
}

/** Frames whose inclusive CPU time the profile reports: the candidates for the API's cost. */
const FRAMES: FrameQuery[] = [
  // Its synchronous part builds the statement: a named parameter per value, then the rewrite to `?`.
  { label: "TypeORM's insert builder building the INSERTs (InsertQueryBuilder.execute)", match: (f) => f.functionName === 'execute' && f.url.includes('InsertQueryBuilder') },
  { label: 'zod (row validation)', match: (f) => f.url.includes('/node_modules/zod/') },
  { label: 'Koa, raw-body and JSON.parse (HTTP in)', match: (f) => /\/node_modules\/(koa|koa-compose|@koa\/router|raw-body)\//.test(f.url) || f.functionName === 'readJson' },
];

export interface ProfileDeps {
  ds: DataSource;
  url: string;
  apiKey: string;
  batches: IngestBatch[];
  /** The measured 1-client API run. */
  apiMs: number;
  timeZone: string;
  /** Empties metric_records, so each pass starts as the measured runs did. */
  reset: () => Promise<void>;
  progress: Progress;
}

export async function profileIngest(d: ProfileDeps): Promise<ProfileStep[]> {
  const rows = d.batches.length * d.batches[0].tuples.length;
  d.progress('profile: JSON.parse of the bodies, then ingestRecords directly');
  const parsed = await timeOnce(async () => d.batches.map((b) => (JSON.parse(b.body) as { records: unknown[] }).records));
  await d.reset();
  const direct = await timeOnce(async () => {
    for (const records of parsed.result) {
      const r = await ingestRecords(d.ds, records, { actor: 'apikey:bench-ingest', now: new Date(), timeZone: d.timeZone });
      if (!r.ok || r.inserted !== records.length) throw new Error(`direct ingestRecords: ${JSON.stringify(r).slice(0, 300)}`);
    }
  });

  d.progress('profile: the 1-client API run again, statements timed and CPU sampled');
  await d.reset();
  const sql = timeSql(d.ds, classifyStatement);
  const cpu = await startCpuProfile().catch((err: unknown) => {
    sql.stop();
    throw err;
  });
  let profiledMs: number;
  let tallies: SqlTally[];
  let cpuSummary: CpuSummary;
  try {
    profiledMs = await postBatches(d.url, d.apiKey, d.batches, 1);
  } finally {
    tallies = sql.stop();
    cpuSummary = await cpu.stop(FRAMES);
  }
  const sqlMs = tallies.reduce((n, t) => n + t.ms, 0);
  const share = (ms: number) => `${((100 * ms) / profiledMs).toFixed(0)} % of the profiled run`;
  return [
    { step: 'API, 1 client (the measured run)', ms: d.apiMs, note: `${rows} rows` },
    { step: 'ingestRecords called directly on the same rows (no HTTP, JSON or auth)', ms: direct.ms, note: `${(rows / (direct.ms / 1000)).toFixed(0)} rows/s` },
    { step: 'so HTTP + JSON + auth cost', ms: d.apiMs - direct.ms, note: `of which JSON.parse of the bodies ${(parsed.ms / 1000).toFixed(2)} s` },
    { step: 'API, 1 client, profiled (statements timed, CPU sampled)', ms: profiledMs, note: 'profiler overhead included' },
    ...tallies.map((t) => ({ step: `· SQL ${t.kind}`, ms: t.ms, note: `${t.statements} statements; ${share(t.ms)}` })),
    { step: '· outside SQL (JS in the app and the client)', ms: profiledMs - sqlMs, note: share(profiledMs - sqlMs) },
    ...cpuSummary.underFrames.map((b) => ({ step: `·· CPU under ${b.where}`, ms: b.ms, note: 'sampled; awaited I/O not included' })),
    ...cpuSummary.bySource
      .filter((b) => b.where !== '(idle)')
      .slice(0, 8)
      .map((b) => ({ step: `·· CPU self time in ${b.where}`, ms: b.ms, note: 'sampled' })),
  ];
}
