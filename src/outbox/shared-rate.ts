/**
 * The send rate as the app's budget across all instances, coordinated through the database: each
 * call claims the next free time slot of one shared row (next_slot_ms) with a compare-and-set,
 * then waits for it. Slots are spaced 60 s / rate apart whatever the number of instances, on
 * SQLite and MariaDB alike, and even spacing keeps us under WeCom's per-minute limits at every
 * instant. Slot times are wall-clock milliseconds: instances need synchronised clocks (NTP).
 */
import type { DataSource } from 'typeorm';

const TABLE = 'outbox_rate';

export interface SharedRateOptions {
  ds: DataSource;
  ratePerMinute: number;
  /** Which budget (one row per name); the outbox uses 'wecom_send'. */
  name?: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class SharedRateLimiter {
  readonly intervalMs: number;
  private readonly name: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: SharedRateOptions) {
    this.intervalMs = 60_000 / o.ratePerMinute;
    this.name = o.name ?? 'wecom_send';
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Claims a slot and waits for it; resolves with the slot's instant (ms). Rejects when the database does. */
  async acquire(): Promise<number> {
    const slot = await this.claimSlot();
    const wait = slot - this.now();
    if (wait > 0) await this.sleep(wait);
    return slot;
  }

  /** Claims the next slot without waiting for it. */
  async claimSlot(): Promise<number> {
    for (let tries = 0; ; tries++) {
      const current = await this.read();
      if (current === null) {
        await this.create();
        continue;
      }
      const slot = Math.max(this.now(), current);
      const res = await this.o.ds
        .createQueryBuilder()
        .update(TABLE)
        .set({ next_slot_ms: Math.round(slot + this.intervalMs) })
        .where('name = :name AND next_slot_ms = :current', { name: this.name, current })
        .execute();
      if (res.affected === 1) return slot;
      // Another sender took this slot between our read and write: read again (briefly back off
      // after a few losses so a crowd of senders does not spin on the row).
      if (tries >= 3) await new Promise((r) => setTimeout(r, Math.random() * 5));
    }
  }

  private async read(): Promise<number | null> {
    const row = await this.o.ds
      .createQueryBuilder()
      .select('r.next_slot_ms', 'next')
      .from(TABLE, 'r')
      .where('r.name = :name', { name: this.name })
      .getRawOne<{ next: string | number }>();
    return row ? Number(row.next) : null;
  }

  private async create(): Promise<void> {
    // Two senders may create it at once: the loser's insert is ignored.
    await this.o.ds.createQueryBuilder().insert().into(TABLE).values({ name: this.name, next_slot_ms: 0 }).orIgnore().execute();
  }
}
