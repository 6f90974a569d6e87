import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Maps one item of a pulled JSON page to a record. Values are dotted paths into the item. */
export interface PullFieldMap {
  userid: string;
  input?: string;
  /** When the input is fixed for the whole source. */
  fixedInput?: string;
  value: string;
  occurredAt: string;
  externalId: string;
  ref?: string;
}

/** An ERP/MES that cannot push: an HTTP JSON endpoint polled with a cursor. */
@Entity('pull_connectors')
export class PullConnector {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Index('uq_pull_connectors_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 1024 })
  url!: string;

  /** e.g. 'Authorization: Bearer …'; kept out of logs. */
  @Column({ type: 'varchar', length: 1024, default: '' })
  authHeader!: string;

  /** The query parameter that carries the cursor, and where the next cursor is in the answer. */
  @Column({ type: 'varchar', length: 64, default: 'cursor' })
  cursorParam!: string;

  @Column({ type: 'varchar', length: 128, default: 'next_cursor' })
  nextCursorPath!: string;

  @Column({ type: 'varchar', length: 128, default: 'items' })
  itemsPath!: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  cursor!: string;

  @Column({ type: 'simple-json' })
  fieldMap!: PullFieldMap;

  /** The `source` written on records, for idempotency by (source, externalId). */
  @Column({ type: 'varchar', length: 32 })
  source!: string;

  @Column({ type: 'varchar', length: 64, default: '*/5 * * * *' })
  schedule!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastRunAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;
}
