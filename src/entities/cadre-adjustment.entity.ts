import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person added to or removed from a screen run's list by hand, with the written reason. */
@Entity('cadre_adjustments')
export class CadreAdjustment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  runId!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 8 })
  action!: 'add' | 'remove';

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 96 })
  actor!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
