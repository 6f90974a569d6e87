/** The Wilson score interval for a proportion (95% by default): honest for small samples and rates near 0 or 1. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export function wilson(successes: number, n: number, z = Z95): Interval | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
