/**
 * Reading an upload off the event loop: each file is inflated and scanned in a worker thread of
 * its own (a capped heap, a time limit), so /healthz, callbacks and cron keep running meanwhile.
 * ImportGate bounds how many imports run at once; past its queue a caller is told "busy" at once.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PerfbotError } from '../wecom/errors';
import { ImportFailure } from './import-failure';
import type { SheetJob, SheetJobResult, WireSheet } from './sheet-worker';
import type { CellValue, Sheet } from './types';

export const READ_TIMEOUT_MS = 60_000;
/** The worker's heap: far above what 5,000 rows need, far below what would hurt the service. */
export const WORKER_HEAP_MB = 192;

/**
 * Under ts-jest/swc the source is TypeScript, which a worker cannot load by itself: the bootstrap
 * compiles it on the fly with @swc/core (a dev dependency). Built code loads the .js directly.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.entry.endsWith('.ts')) {
  const fs = require('node:fs');
  const swc = require(require('node:module').createRequire(workerData.entry).resolve('@swc/core'));
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
      filename, module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true } },
    });
    module._compile(code, filename);
  };
}
require(workerData.entry);
`;

export async function readSheetOffThread(buffer: Buffer, filename: string): Promise<Sheet> {
  const entry = path.join(__dirname, `sheet-worker${path.extname(__filename)}`);
  const bytes = new Uint8Array(buffer); // a copy we can hand over
  const job: SheetJob = { buffer: bytes, filename };
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { entry, job },
    transferList: [bytes.buffer],
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
  });
  try {
    const result = await new Promise<SheetJobResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ImportFailure('读取文件超时，文件可能过大或过于复杂，请精简后再导入')), READ_TIMEOUT_MS);
      worker.once('message', (m: SheetJobResult) => {
        clearTimeout(timer);
        resolve(m);
      });
      worker.once('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        reject(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new ImportFailure('文件过大或过于复杂，读取时超出内存限制，请精简后再导入') : err);
      });
      worker.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sheet reader exited (code ${code}) without an answer`));
      });
    });
    if (result.ok) return fromWire(result.sheet);
    if ('failure' in result) throw new ImportFailure(result.failure.message, result.failure.row, result.failure.column);
    throw new Error(`sheet reader failed: ${result.error}`);
  } finally {
    await worker.terminate();
  }
}

function fromWire(sheet: WireSheet): Sheet {
  return {
    headers: sheet.headers,
    rows: sheet.rows.map((r) => ({
      row: r.row,
      values: Object.fromEntries(
        Object.entries(r.values).map(([k, v]): [string, CellValue] => [k, v !== null && typeof v === 'object' ? new Date(v.date) : v]),
      ),
    })),
  };
}

/** Too many imports at once: the caller answers 503 with this message and a Retry-After. */
export class ImportBusyError extends PerfbotError {
  constructor() {
    super('import_busy', '当前导入任务较多，请稍后（约 1 分钟后）重试');
  }
}

/** At most `concurrency` imports run; `queue` more wait their turn; any more are refused at once. */
export class ImportGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly queue: number,
  ) {}

  /** Resolves with the release function once the import may run; throws ImportBusyError when full. */
  async acquire(): Promise<() => void> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new ImportBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }
}
