import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A metric line's score set by an approver deciding an appeal (调整得分), with the reason. One per
 * person, period and line; the scorecard shows the line as adjusted, and the audit log holds who,
 * when and the score before.
 */
@Entity('score_overrides')
@Index('uq_score_overrides_line', ['userId', 'periodKey', 'metricCode'], { unique: true })
export class ScoreOverride {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  periodKey!: string;

  @Column({ type: 'varchar', length: 64 })
  metricCode!: string;

  @Column({ type: 'double' })
  score!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'int', nullable: true })
  appealId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  actorId!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
