import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A calibration move: who moved whom from which box to which, and why. */
@Entity('talent_moves')
@Index('idx_talent_moves_review', ['reviewId', 'userId'])
export class TalentMove {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  reviewId!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 2, nullable: true })
  fromBox!: string | null;

  @Column({ type: 'varchar', length: 2 })
  toBox!: string;

  @Column({ type: 'varchar', length: 96 })
  actor!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
