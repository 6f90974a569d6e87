/**
 * The whitelist of functions a formula may call. `if` is evaluated lazily by the evaluator (only
 * the chosen branch runs, so `if(n == 0, 0, x / n)` never divides by zero); the rest take values.
 */
export const FUNCTIONS = {
  min: { min: 1, max: Infinity },
  max: { min: 1, max: Infinity },
  sum: { min: 1, max: Infinity },
  avg: { min: 1, max: Infinity },
  abs: { min: 1, max: 1 },
  round: { min: 1, max: 2 },
  if: { min: 3, max: 3 },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export function isFunctionName(name: string): name is FunctionName {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

/** Every function except `if`, applied to already evaluated arguments. */
export function applyFunction(name: Exclude<FunctionName, 'if'>, args: number[]): number {
  switch (name) {
    case 'min':
      return Math.min(...args);
    case 'max':
      return Math.max(...args);
    case 'sum':
      return args.reduce((a, b) => a + b, 0);
    case 'avg':
      return args.reduce((a, b) => a + b, 0) / args.length;
    case 'abs':
      return Math.abs(args[0]);
    case 'round':
      return roundHalfAwayFromZero(args[0], args[1] ?? 0);
  }
}

/**
 * Rounds like a spreadsheet: half away from zero, on the decimal digits people see (1.005 → 1.01,
 * which `Math.round(1.005 * 100) / 100` gets wrong). `digits` is truncated and clamped to
 * [-10, 10]; negative digits round to tens, hundreds, ….
 */
export function roundHalfAwayFromZero(value: number, digits: number): number {
  const d = Math.max(-10, Math.min(10, Math.trunc(digits)));
  const abs = Math.abs(value);
  const text = String(abs);
  const rounded = text.includes('e')
    ? Math.round(abs * 10 ** d) / 10 ** d
    : Number(`${Math.round(Number(`${text}e${d}`))}e${-d}`);
  return value < 0 ? -rounded : rounded;
}
