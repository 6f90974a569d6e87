/**
 * The sandbox's controllable clock: real time plus an offset that the page's clock control moves
 * forward (to the next Friday 17:00 or the next 25th 09:00, when the scheduled pushes fire). The
 * app and the simulator share it, so signatures, token expiry and periods all agree. Never backwards:
 * the outbox, leases and job runs assume time only moves on.
 */
import { formatLocal, parseLocal } from '../domain/periods';

export type ClockTarget = 'friday' | '25th';

/** Which scheduled job each target fires (see src/jobs/registry and the default cron expressions). */
export const TARGET_JOB: Record<ClockTarget, string> = { friday: 'weekly_scorecard', '25th': 'review_todo' };

export class SandboxClock {
  private offsetMs: number;

  /** Starts at `start` (tests and screenshots pin a day), else at the real time. */
  constructor(start?: Date) {
    this.offsetMs = start ? start.getTime() - Date.now() : 0;
  }

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  /** Moves to `target` when it is ahead; returns the new time. */
  moveTo(target: Date): Date {
    const ahead = target.getTime() - this.now().getTime();
    if (ahead > 0) this.offsetMs += ahead;
    return this.now();
  }

  /** How far the page has moved the clock (ms); 0 when it shows the real time. */
  get offset(): number {
    return this.offsetMs;
  }
}

/** The next local Friday 17:00 or 25th 09:00 strictly after `now`. */
export function nextFiring(target: ClockTarget, now: Date, timeZone: string): Date {
  const today = formatLocal(now, timeZone).slice(0, 10);
  for (let i = 0; i < 62; i++) {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const hit = target === 'friday' ? weekday === 5 : day.endsWith('-25');
    if (!hit) continue;
    const at = parseLocal(`${day} ${target === 'friday' ? '17:00' : '09:00'}`, timeZone);
    if (at > now) return at;
  }
  throw new Error(`no ${target} within two months of ${now.toISOString()}`);
}
