import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The company's scoring rules HR set (`perfbot scoring policy`): one row, id 1; no row means the
 * defaults of docs/scoring.md (minimum basis 70%, key results shown as progress in weeks, 行为分 not
 * in the total).
 */
@Entity('scoring_policy')
export class ScoringPolicyRow {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  /** 0–1: the share of the component weights the parts present must carry (or the automatic data be present). */
  @Column({ type: 'double' })
  minBasisShare!: number;

  @Column({ type: 'varchar', length: 16 })
  keyResultsInWeeks!: 'progress' | 'weighted';

  /** 0–0.5: the 行为分's share of the total. */
  @Column({ type: 'double' })
  behaviourWeight!: number;

  @Column({ type: 'varchar', length: 96 })
  updatedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
