import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A metric assigned to an employee with a target and weight. periodKey '' is the standing
 * assignment; a row for a specific period (e.g. '2026-11') overrides it in the days of that period.
 * startsAt/endsAt bound when it is in force ([startsAt, endsAt), null = open); a changed target
 * closes the old row and starts a new one, so past periods keep the target they had.
 */
@Entity('metric_assignments')
@Index('uq_metric_assignments_dated', ['userId', 'metricCode', 'periodKey', 'startsAt'], { unique: true })
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

  /** When it takes effect: the import's 开始日期, else when it was made. Null only for rows older than dating. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  startsAt!: Date | null;

  /** When it stops (exclusive); null = until further notice. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  endsAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
