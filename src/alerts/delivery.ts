/**
 * How alerts reach supervisors: quiet hours (an alert generated then waits in the outbox until they
 * end, it is not dropped) and the weekly digest (a supervisor with many reports gets one card
 * listing the week's new alerts instead of one card each). Pure functions; the job applies them.
 */
import { localDay, localToUtc, wallClock } from '../domain/periods-calendar';

export interface QuietHours {
  /** Minutes after local midnight; the window may wrap midnight (22:00–08:00). */
  start: number;
  end: number;
}

export interface AlertDeliveryConfig {
  quietHours: QuietHours | null;
  /** Supervisors with at least this many people below them get the digest; 0 = never. */
  digestMinReports: number;
}

export const DEFAULT_ALERT_DELIVERY: AlertDeliveryConfig = { quietHours: null, digestMinReports: 0 };

const HHMM = /^([01]?\d|2[0-3])[:：]([0-5]\d)$/;

/** '22:00-08:00' → { start: 1320, end: 480 }; '' → null. Throws a readable error otherwise. */
export function parseQuietHours(text: string): QuietHours | null {
  const t = text.trim();
  if (!t) return null;
  const [a, b, ...rest] = t.split(/\s*[-–~至]\s*/);
  const ma = HHMM.exec(a ?? ''), mb = HHMM.exec(b ?? '');
  if (!ma || !mb || rest.length) throw new Error(`quiet hours must look like 22:00-08:00, not ${JSON.stringify(text)}`);
  const start = Number(ma[1]) * 60 + Number(ma[2]);
  const end = Number(mb[1]) * 60 + Number(mb[2]);
  if (start === end) throw new Error('quiet hours must not start and end at the same time');
  return { start, end };
}

export const formatQuietHours = (q: QuietHours): string =>
  [q.start, q.end].map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`).join('–');

/** When `now` falls in the quiet hours (local time of `tz`), the instant they end; otherwise null. */
export function quietUntil(now: Date, quiet: QuietHours | null, tz: string): Date | null {
  if (!quiet) return null;
  const w = wallClock(now.getTime(), tz);
  const minute = w.hour * 60 + w.minute;
  const wraps = quiet.start > quiet.end;
  const inside = wraps ? minute >= quiet.start || minute < quiet.end : minute >= quiet.start && minute < quiet.end;
  if (!inside) return null;
  const day = localDay(now.getTime(), tz);
  // Before midnight in a window that wraps: it ends tomorrow morning.
  const endDay = wraps && minute >= quiet.start ? day + 1 : day;
  return new Date(localToUtc(endDay, quiet.end, tz));
}

/** Whether a supervisor with `reports` people below them gets the digest. */
export function usesDigest(config: AlertDeliveryConfig, reports: number): boolean {
  return config.digestMinReports > 0 && reports >= config.digestMinReports;
}
