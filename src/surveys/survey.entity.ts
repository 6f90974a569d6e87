import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SurveyScale } from './templates';

/**
 * One round of a pulse survey (匿名调查): one template question sent as a vote card to everyone or
 * a department. Results are read only once it has closed (closedAt set, or closesAt passed), so a
 * reader cannot learn an answer from how the figures moved between two looks.
 */
@Entity('surveys')
@Index('idx_surveys_template', ['templateCode', 'launchedAt'])
export class Survey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  templateCode!: string;

  @Column({ type: 'varchar', length: 200 })
  question!: string;

  @Column({ type: 'varchar', length: 8 })
  scale!: SurveyScale;

  /** e.g. 公平感 2026-11-30 (全体). */
  @Column({ type: 'varchar', length: 128 })
  title!: string;

  /** null: everyone. */
  @Column({ type: 'int', nullable: true })
  audienceDepartmentId!: number | null;

  @Column({ type: 'varchar', length: 128 })
  audienceName!: string;

  /** The vote card's task_id (one card sent to all invitees). */
  @Column({ type: 'varchar', length: 128 })
  taskId!: string;

  @Column({ type: 'varchar', length: 64 })
  launchedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  launchedAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  closesAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'int' })
  invited!: number;
}
