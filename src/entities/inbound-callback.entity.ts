import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** received: waiting in the queue; handling: claimed by one process until leaseUntil. */
export type InboundStatus = 'received' | 'handling' | 'done' | 'failed';

/**
 * One accepted WeCom callback, keyed by its de-duplication key. Written before the 200 answer, so
 * WeCom's retries are recognised across restarts and instances. It is also the handler queue:
 * waiting rows are claimed with bounded concurrency, and a claim whose process died is taken over.
 */
@Entity('inbound_callbacks')
@Index('idx_inbound_queue', ['status', 'receivedAt'])
export class InboundCallback {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  dedupeKey!: string;

  @Column({ type: 'varchar', length: 64 })
  fromUser!: string;

  @Column({ type: 'varchar', length: 64 })
  kind!: string;

  /** The decrypted plaintext XML: enough to dispatch it again after a crash. */
  @Column({ type: 'text' })
  payload!: string;

  @Index('idx_inbound_status')
  @Column({ type: 'varchar', length: 16 })
  status!: InboundStatus;

  @Column({ type: 'datetime', precision: 3 })
  receivedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  handledAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** The claim of the process handling it; a claim whose lease ran out may be taken over. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  claimedBy?: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  leaseUntil?: Date | null;
}
