/**
 * The worker thread side of readSheetOffThread: reads one upload and posts the sheet back, or the
 * reason it was refused. Runs with a capped heap, so even a file that gets past every limit cannot
 * take the service's memory with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ImportFailure } from './import-failure';
import { readSheet } from './read-sheet';

export interface SheetJob {
  buffer: Uint8Array;
  filename: string;
}

/** A Date crosses the thread boundary as its time: cloned Dates belong to another realm under jest. */
export type WireCell = string | number | boolean | null | { date: number };

export interface WireSheet {
  headers: string[];
  rows: Array<{ row: number; values: Record<string, WireCell> }>;
}

export type SheetJobResult =
  | { ok: true; sheet: WireSheet; heapUsedBytes: number }
  | { ok: false; failure: { message: string; row: number; column: string } }
  | { ok: false; error: string };

const job = (workerData as { job: SheetJob }).job;
readSheet(Buffer.from(job.buffer.buffer, job.buffer.byteOffset, job.buffer.byteLength), job.filename)
  .then((sheet): SheetJobResult => ({
    ok: true,
    sheet: {
      headers: sheet.headers,
      rows: sheet.rows.map((r) => ({
        row: r.row,
        values: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, v instanceof Date ? { date: v.getTime() } : v])),
      })),
    },
    heapUsedBytes: process.memoryUsage().heapUsed,
  }))
  .catch((err: unknown): SheetJobResult =>
    err instanceof ImportFailure
      ? { ok: false, failure: { message: err.message, row: err.row, column: err.column } }
      : { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) },
  )
  .then((result) => parentPort?.postMessage(result));
