/** Writes a bench's JSON next to bench/callback's, in bench/results/ (git-ignored). */
import fs from 'node:fs';
import path from 'node:path';

/** Compiled to dist/bench/common, so the sources' bench/ is three levels up. */
export const RESULTS_DIR = path.resolve(__dirname, '..', '..', '..', 'bench', 'results');

export function writeResults(fileName: string, report: unknown): string {
  const file = path.join(RESULTS_DIR, fileName);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  return path.relative(process.cwd(), file);
}
