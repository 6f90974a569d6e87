/** What a card shows instead of a number when there is none. */
export const NO_SCORE_DISPLAY = '—';

/** A total withheld by the minimum-basis rule (docs/scoring.md §4a). */
export const INSUFFICIENT_DISPLAY = '数据不足';

/**
 * Rounds half up (away from zero) to `digits` decimals, the way a person does by hand: 87.35 →
 * 87.4. Binary floating point stores 87.35 as 87.3499999…, and sums like 45.35 + 24 + 18 may land
 * just below the half, so the value is first cleaned to 9 decimals, then shifted in its decimal
 * string form.
 */
export function roundTo(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const text = String(Number(Math.abs(value).toFixed(9)));
  // Exponent notation (1e-10, 1e21) cannot take the string shift; no halfway case arises there.
  if (text.includes('e')) return sign * (Math.round(Math.abs(value) * 10 ** digits) / 10 ** digits);
  const shifted = Math.round(Number(`${text}e${digits}`));
  return sign * Number(`${shifted}e-${digits}`);
}

/** A score for presentation: one decimal ('87.5', '100.0'), or '—' when there is none. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined || !Number.isFinite(score)) return NO_SCORE_DISPLAY;
  const rounded = roundTo(score, 1);
  return (rounded === 0 ? 0 : rounded).toFixed(1);
}
