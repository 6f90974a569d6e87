import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AlertAudience, RuleDirection } from './types';

/** An early-warning rule HR configures (预警规则): data, edited by chat or CLI, every change audited. */
@Entity('alert_rules')
export class AlertRule {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The leading metric watched. */
  @Column({ type: 'varchar', length: 64 })
  metricCode!: string;

  /** The month's line the back-test checks; null = the same metric. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  outcomeMetricCode!: string | null;

  @Column({ type: 'varchar', length: 8 })
  direction!: RuleDirection;

  @Column({ type: 'double' })
  thresholdPct!: number;

  @Column({ type: 'int' })
  weeks!: number;

  @Column({ type: 'varchar', length: 24 })
  audience!: AlertAudience;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
