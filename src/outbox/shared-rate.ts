/**
 * The send rate as the app's budget across all instances, coordinated through the database: the
 * time slots of one series (spaced 60 s / rate apart) are handed out by one shared row
 * (next_slot_ms), claimed with a compare-and-set, a small block at a time; each call waits for
 * its slot. However many instances, together they never exceed the rate, on SQLite and MariaDB
 * alike, and even spacing keeps us under WeCom's per-minute limits at every instant. Slot times are wall-clock milliseconds: instances need synchronised clocks (NTP).
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

/** How much of the budget one claim takes: about this many milliseconds' worth of slots. */
const BLOCK_MS = 250;

export class SharedRateLimiter {
  readonly intervalMs: number;
  private readonly name: string;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly blockSize: number;
  /** Slots this process holds: next, next + interval, … below end. */
  private block = { next: 0, end: 0 };
  private claiming: Promise<void> | null = null;

  constructor(private readonly o: SharedRateOptions) {
    this.intervalMs = 60_000 / o.ratePerMinute;
    this.name = o.name ?? 'wecom_send';
    this.now = o.now ?? Date.now;
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    // A few slots per round trip at high rates (one query per send capped MariaDB near 4,000/min
    // with two instances); one at low rates, so instances interleave slot by slot.
    this.blockSize = Math.max(1, Math.floor(BLOCK_MS / this.intervalMs));
    this.lateMs = Math.max(this.intervalMs, BLOCK_MS);
  }

  private readonly lateMs: number;

  /**
   * Takes the next slot (claiming a block from the shared row when this process holds none) and
   * waits for it; resolves with the slot's instant (ms). A slot a little late (less than a block,
   * 250 ms) is still used, at once; one missed by more is dropped, so a process that fell behind
   * bursts by at most a block's worth of sends, never more. Rejects when the database does.
   */
  async acquire(): Promise<number> {
    for (;;) {
      const now = this.now();
      // A slot missed by more than a block's length is dropped: catching up on it would burst.
      while (this.block.next < this.block.end && this.block.next + this.lateMs < now) this.block.next += this.intervalMs;
      if (this.block.next < this.block.end) {
        const slot = this.block.next;
        this.block.next += this.intervalMs;
        if (slot > now) await this.sleep(slot - now);
        return slot;
      }
      this.claiming ??= this.claimSlots(this.blockSize)
        .then((first) => {
          this.block = { next: first, end: first + this.blockSize * this.intervalMs };
        })
        .finally(() => {
          this.claiming = null;
        });
      await this.claiming;
    }
  }

  /** Claims `count` consecutive slots of the shared series without waiting; resolves with the first. */
  async claimSlots(count = 1): Promise<number> {
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
        .set({ next_slot_ms: Math.round(slot + count * this.intervalMs) })
        .where('name = :name AND next_slot_ms = :current', { name: this.name, current })
        .execute();
      if (res.affected === 1) return slot;
      // Another sender took these slots between our read and write: read again (briefly back off
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
