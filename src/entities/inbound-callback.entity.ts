import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type InboundStatus = 'received' | 'done' | 'failed';

/**
 * One accepted WeCom callback, keyed by its de-duplication key. Written before the 200 answer, so
 * WeCom's retries are recognised across restarts and instances, and a callback whose handler did
 * not finish (crash) is dispatched again on start.
 */
@Entity('inbound_callbacks')
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
}
