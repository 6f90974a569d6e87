import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The outcome report's settings HR chooses: the baseline period ('baseline': {from, to} months) and
 * the core positions ('core_positions': string[]). One row per key; every change is audited.
 */
@Entity('outcome_settings')
export class OutcomeSetting {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  key!: string;

  @Column({ type: 'simple-json' })
  value!: unknown;

  @Column({ type: 'varchar', length: 64 })
  updatedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
