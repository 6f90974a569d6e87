import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A metric assigned to an employee with a target and weight. periodKey '' is the standing
 * assignment; a row for a specific period (e.g. '2026-11') overrides it for that period.
 */
@Entity('metric_assignments')
@Index('uq_metric_assignments', ['userId', 'metricCode', 'periodKey'], { unique: true })
export class MetricAssignment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  metricCode!: string;

  @Column({ type: 'varchar', length: 16, default: '' })
  periodKey!: string;

  /** For a count metric: per month; weeks and quarters are scaled by working days. */
  @Column({ type: 'double' })
  target!: number;

  @Column({ type: 'double' })
  weight!: number;

  /** A KPI floor (底线), e.g. sampling error rate ≤ 0.5%. */
  @Column({ type: 'boolean', default: false })
  floor!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
