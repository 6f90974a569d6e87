import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { InputAggregate, MetricInputSpec } from '../domain/kpi-library';

export type { InputAggregate, MetricInputSpec };
export type MetricDirection = 'higher_better' | 'lower_better';

/** A metric with its published formula and source: what every card line points back to. */
@Entity('metric_definitions')
export class MetricDefinition {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  department!: string;

  @Column({ type: 'varchar', length: 16 })
  unit!: string;

  @Column({ type: 'varchar', length: 16 })
  direction!: MetricDirection;

  @Column({ type: 'text' })
  formula!: string;

  @Column({ type: 'simple-json' })
  inputs!: MetricInputSpec[];

  @Column({ type: 'varchar', length: 32 })
  sourceSystem!: string;

  @Column({ type: 'text' })
  sourceNote!: string;

  @Column({ type: 'double', nullable: true })
  suggestedTarget!: number | null;

  @Column({ type: 'varchar', length: 8 })
  targetKind!: 'level' | 'count';

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'boolean', default: false })
  builtin!: boolean;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
