import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { BoxDefinition } from '../talent/boxes';
import type { TalentSettings } from '../talent/settings';

/**
 * One quarter's talent review: a draft while HR and department heads calibrate, frozen when
 * published. Keeps the settings and box names it was computed with, so it can be redone later.
 */
@Entity('talent_reviews')
@Index('uq_talent_reviews_quarter', ['quarterKey'], { unique: true })
export class TalentReview {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  quarterKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: 'draft' | 'published';

  @Column({ type: 'simple-json' })
  settings!: TalentSettings;

  @Column({ type: 'simple-json' })
  boxes!: BoxDefinition[];

  @Column({ type: 'datetime', precision: 3 })
  computedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'varchar', length: 96, nullable: true })
  publishedBy!: string | null;
}
