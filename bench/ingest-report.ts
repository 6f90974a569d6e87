/**
 * bench/ingest's verdict: the markdown table (pasted into the README as printed) and the JSON
 * written to bench/results/ingest.json. Pure: no I/O.
 */
import { formatMachine, type MachineFacts } from './common/machine';
import { seconds } from './common/timing';

/** The target: the API takes records at least half as fast as a raw multi-row INSERT. */
export const TARGET_MIN_RATIO = 0.5;

export interface IngestRun {
  path: 'api' | 'mysql2';
  clients: number;
  rows: number;
  ms: number;
  rowsPerSec: number;
}

export interface IngestPairing {
  clients: number;
  /** API rows/s ÷ mysql2 rows/s. */
  ratio: number;
  pass: boolean;
}

export interface ProfileStep {
  step: string;
  ms: number;
  note: string;
}

export interface IngestBenchReport {
  when: string;
  machine: MachineFacts;
  settings: { batches: number; rowsPerBatch: number; employees: number; clients: number[] };
  runs: IngestRun[];
  pairings: IngestPairing[];
  /** Where the API's time goes, from one sequential pass of ingestRecords and the HTTP run. */
  profile: ProfileStep[];
}

export function toRun(path: IngestRun['path'], clients: number, rows: number, ms: number): IngestRun {
  return { path, clients, rows, ms, rowsPerSec: rows / (ms / 1000) };
}

export function pairRuns(runs: IngestRun[]): IngestPairing[] {
  const clients = [...new Set(runs.map((r) => r.clients))];
  return clients.map((c) => {
    const api = runs.find((r) => r.path === 'api' && r.clients === c);
    const raw = runs.find((r) => r.path === 'mysql2' && r.clients === c);
    const ratio = api && raw ? api.rowsPerSec / raw.rowsPerSec : NaN;
    return { clients: c, ratio, pass: ratio >= TARGET_MIN_RATIO };
  });
}

const LABELS: Record<IngestRun['path'], string> = {
  api: 'API: POST /api/v1/records (HTTP, auth, validation, pre-check, insert, audit)',
  mysql2: 'mysql2: raw multi-row INSERT, one statement a batch',
};

const rate = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US').replace(/,/g, ' ') : 'n/a');

export function formatMarkdown(r: IngestBenchReport): string {
  const s = r.settings;
  const lines = [
    `Records into MariaDB: ${s.batches} batches × ${s.rowsPerBatch} rows (${s.batches * s.rowsPerBatch} rows) per run, each run on an` +
      ` emptied metric_records, ${s.employees} employees; ${formatMachine(r.machine)}`,
    '',
    '| path | clients | s | rows/s |',
    '|---|--:|--:|--:|',
    ...r.runs.map((run) => `| ${LABELS[run.path]} | ${run.clients} | ${seconds(run.ms)} | ${rate(run.rowsPerSec)} |`),
    ...r.pairings.map(
      (p) => `| API / mysql2 | ${p.clients} | | ${Number.isFinite(p.ratio) ? p.ratio.toFixed(2) : 'n/a'}× **${p.pass ? 'PASS' : 'FAIL'}** (target ≥ ${TARGET_MIN_RATIO}×) |`,
    ),
  ];
  if (r.profile.length > 0) {
    lines.push('', '| where the API time goes (1 client) | s | |', '|---|--:|---|');
    for (const p of r.profile) lines.push(`| ${p.step} | ${seconds(p.ms)} | ${p.note} |`);
  }
  return lines.join('\n');
}
