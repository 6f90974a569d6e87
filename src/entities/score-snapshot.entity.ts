import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The last computed scorecard of an employee for a period: what cards and rankings read. */
@Entity('score_snapshots')
@Index('uq_score_snapshots', ['userId', 'periodKey'], { unique: true })
export class ScoreSnapshot {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  periodKey!: string;

  @Column({ type: 'double', nullable: true })
  total!: number | null;

  @Column({ type: 'simple-json' })
  scorecard!: Record<string, unknown>;

  @Column({ type: 'datetime', precision: 3 })
  computedAt!: Date;
}
