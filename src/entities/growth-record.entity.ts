import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type GrowthKind = 'training_hours' | 'certification' | 'skill';

/**
 * Learning and growth (学习成长): training hours, a certification passed, a new skill signed off.
 * Comes in by API and Excel like metric records, idempotent by (source, externalId).
 */
@Entity('growth_records')
@Index('uq_growth_records_source', ['source', 'externalId'], { unique: true })
@Index('idx_growth_records_user', ['userId', 'occurredAt'])
export class GrowthRecord {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: GrowthKind;

  /** Hours for training_hours; 1 for a certification or a skill. */
  @Column({ type: 'double' })
  value!: number;

  /** The course, certificate or skill, as people call it. */
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'datetime', precision: 3 })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 64 })
  source!: string;

  @Column({ type: 'varchar', length: 128 })
  externalId!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
