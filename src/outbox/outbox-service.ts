/** What producers call: write to the outbox (optionally inside their transaction), then wake the sender. */
import type { DataSource, EntityManager } from 'typeorm';
import { enqueueOutbox, OutboxItem } from './outbox';

export class Outbox {
  private listeners: Array<() => void> = [];

  constructor(
    private readonly ds: DataSource,
    private readonly clock: () => Date,
  ) {}

  /** Called by the sender so that a new row is delivered at once rather than at the next poll. */
  onEnqueue(listener: () => void): void {
    this.listeners.push(listener);
  }

  async enqueue(item: OutboxItem, manager?: EntityManager): Promise<number | null> {
    const id = await enqueueOutbox(manager ?? this.ds.manager, item, this.clock());
    // Inside a caller's transaction the row is not visible until commit; the sender's poll picks it up then.
    if (!manager || !manager.queryRunner?.isTransactionActive) this.listeners.forEach((l) => l());
    return id;
  }
}
