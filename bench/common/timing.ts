/** Wall-clock timing of repeated runs, summarised by median, min and max. */

export interface Timed {
  runsMs: number[];
  medianMs: number;
  minMs: number;
  maxMs: number;
}

export function summarizeRuns(runsMs: number[]): Timed {
  if (runsMs.length === 0) throw new Error('no runs to summarise');
  const sorted = [...runsMs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { runsMs, medianMs, minMs: sorted[0], maxMs: sorted[sorted.length - 1] };
}

export async function timeOnce<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

/** Runs `run` n times in sequence; `check` sees each result (and may throw) outside the timing. */
export async function timeRuns<T>(n: number, run: () => Promise<T>, check: (result: T, i: number, ms: number) => void): Promise<Timed> {
  const runsMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const { ms, result } = await timeOnce(run);
    runsMs.push(ms);
    check(result, i, ms);
  }
  return summarizeRuns(runsMs);
}

export const seconds = (ms: number, digits = 2): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(digits) : 'n/a');
