import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Placement, TalentInput } from '../talent/placement';

/** A person's place in one quarter's nine boxes: as computed, and as calibrated. */
@Entity('talent_placements')
@Index('uq_talent_placements', ['reviewId', 'userId'], { unique: true })
export class TalentPlacement {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  reviewId!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'int', nullable: true })
  departmentId!: number | null;

  @Column({ type: 'varchar', length: 64, default: '' })
  position!: string;

  @Column({ type: 'double', nullable: true })
  performance!: number | null;

  @Column({ type: 'double' })
  potential!: number;

  /** null: 数据不足, not placed. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  computedBox!: string | null;

  /** After calibration; equals computedBox until someone moves the person. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  finalBox!: string | null;

  /** The inputs and every intermediate figure, so the placement can be traced and redone. */
  @Column({ type: 'simple-json' })
  detail!: { input: TalentInput; placement: Placement };
}
