/**
 * Percentile rank within a group, in the form an HR person can redo by hand:
 *   rank = (people below + half of the others with the same value) ÷ (group size − 1) × 100
 * The lowest value of a group scores 0, the highest 100, a lone person 50.
 */
export function percentileRanks(values: readonly number[]): number[] {
  const n = values.length;
  if (n === 1) return [50];
  const sorted = [...values].sort((a, b) => a - b);
  return values.map((v) => {
    const below = lowerBound(sorted, v);
    const same = upperBound(sorted, v) - below - 1;
    return round2(((below + same / 2) / (n - 1)) * 100);
  });
}

/** Index of the first element ≥ v in an ascending array. */
export function lowerBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > v in an ascending array. */
export function upperBound(sorted: number[], v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
