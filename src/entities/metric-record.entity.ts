import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One source value from the ERP/MES (or Excel): an input of one or more metrics, e.g. 'good' = 120
 * for a work order. Unique by (source, externalId) so a resent batch changes nothing.
 */
@Entity('metric_records')
@Index('uq_metric_records_source', ['source', 'externalId'], { unique: true })
/** A person's period is one index range, and the sums come from the index alone (migration 1766300000000). */
@Index('idx_metric_records_user_time_input_value', ['userId', 'occurredAt', 'input', 'value'])
export class MetricRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  input!: string;

  @Column({ type: 'double' })
  value!: number;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt!: Date;

  /** The system it came from: 'MES', 'ERP', 'excel', … */
  @Column({ type: 'varchar', length: 32 })
  source!: string;

  @Column({ type: 'varchar', length: 128 })
  externalId!: string;

  /** A human reference to the source record, e.g. the work-order number. */
  @Column({ type: 'varchar', length: 255, default: '' })
  ref!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
