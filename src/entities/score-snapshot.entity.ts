import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A peer rank as a card states it: 第 rank 名 / of 人. */
export interface PublishedRank {
  rank: number;
  of: number;
}

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

  /** What the employee was shown: set when a push sends the period's card, kept apart from later recomputes. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'double', nullable: true })
  publishedTotal!: number | null;

  @Column({ type: 'simple-json', nullable: true })
  publishedRank!: PublishedRank | null;

  /** The last recomputed total and rank an audit row was written for (starts as the published ones). */
  @Column({ type: 'double', nullable: true })
  checkedTotal!: number | null;

  @Column({ type: 'simple-json', nullable: true })
  checkedRank!: PublishedRank | null;

  /** Bumped with every recorded change, so two instances recomputing at once audit a change once. */
  @Column({ type: 'int', default: 0 })
  revision!: number;
}
