import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxKind = 'message' | 'card_update';
/** 'unknown': an attempt got no answer (time-out) and repeating it could deliver a second copy. */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'unknown';

/**
 * An outbound WeCom call, written in the same transaction as the change that caused it and
 * delivered by the outbox sender. `dedupeKey` (optional, unique) lets a producer enqueue a
 * message at most once, e.g. one scorecard per employee per week.
 */
@Entity('outbox')
@Index('idx_outbox_due', ['status', 'nextAttemptAt'])
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: OutboxKind;

  @Index('uq_outbox_dedupe', { unique: true })
  @Column({ type: 'varchar', length: 191, nullable: true })
  dedupeKey!: string | null;

  /** Recipients joined with '|', for listing and logs. */
  @Column({ type: 'varchar', length: 1024 })
  recipients!: string;

  /** The request body without agentid, as JSON. */
  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'datetime', precision: 3 })
  nextAttemptAt!: Date;

  /** A claim by one sender; another may take the message once it has passed. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy!: string | null;

  /** Attempts that got no answer in time: WeCom may have delivered them. */
  @Column({ type: 'int', default: 0 })
  timeouts!: number;

  @Column({ type: 'int', nullable: true })
  errcode!: number | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  /** What WeCom answered: msgid, response_code, invalid users. */
  @Column({ type: 'simple-json', nullable: true })
  result!: { msgId?: string; responseCode?: string; invalidUsers?: string[] } | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;
}
