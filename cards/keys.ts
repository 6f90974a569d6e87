/**
 * Button keys are `feature:action:arg…`, built and parsed only here. WeCom allows 1024 bytes; we
 * keep keys far shorter, and task ids within WeCom's 128-byte charset [A-Za-z0-9_-@].
 */
export const KEY_MAX_BYTES = 1024;
const PART = /^[^:]+$/;

export function buildKey(feature: string, action: string, ...args: Array<string | number>): string {
  const parts = [feature, action, ...args.map(String)];
  for (const p of parts) if (!PART.test(p)) throw new Error(`button key part must be non-empty and have no ':': ${JSON.stringify(p)}`);
  const key = parts.join(':');
  if (Buffer.byteLength(key, 'utf8') > KEY_MAX_BYTES) throw new Error('button key over 1024 bytes');
  return key;
}

export function parseKey(key: string): { feature: string; action: string; args: string[] } | null {
  const [feature, action, ...args] = key.split(':');
  if (!feature || !action) return null;
  return { feature, action, args };
}

/** A task id unique per card: WeCom requires uniqueness per app and a restricted charset. */
export function buildTaskId(feature: string, unique: string): string {
  return `${feature}-${unique}`.replace(/[^A-Za-z0-9_\-@]/g, '_').slice(0, 128);
}
