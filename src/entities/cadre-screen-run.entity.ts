import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ScreenFacts, ScreenResult, ScreenRule } from '../talent/screening';

/**
 * One run of a screen, snapshotted whole (rules, the facts of every person, the result), so anyone
 * can later re-run it from the snapshot and verify nobody was added or dropped by hand.
 */
@Entity('cadre_screen_runs')
@Index('idx_cadre_screen_runs', ['screenName', 'ranAt'])
export class CadreScreenRun {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  screenName!: string;

  /** The last quarter the run looked at. */
  @Column({ type: 'varchar', length: 16 })
  quarterKey!: string;

  @Column({ type: 'simple-json' })
  rules!: ScreenRule[];

  @Column({ type: 'simple-json' })
  facts!: ScreenFacts[];

  @Column({ type: 'simple-json' })
  result!: ScreenResult;

  @Column({ type: 'varchar', length: 96 })
  ranBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  ranAt!: Date;
}
