/**
 * What every bench script shares at its edges: whole-number options, progress lines on stderr
 * (stdout is kept for the markdown table), and a main wrapper that turns any failure into exit 1.
 */

export type Progress = (line: string) => void;

export function createProgress(bench: string): Progress {
  return (line) => process.stderr.write(`[bench:${bench}] ${line}\n`);
}

/** Parses an option that must be a whole number in [min, max]; `1_000_000` and `1e6` are accepted. */
export function wholeNumber(name: string, value: string, min: number, max: number): number {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return n;
}

/** Runs a bench's main: a thrown error (an invalid run, a failed request) is printed with its stack and sets exit code 1. */
export function runBench(progress: Progress, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    progress(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  });
}
