import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AlertStatus = 'open' | 'recovered';
export type AlertActionKind = 'mentor' | 'course' | 'talk' | 'skip';

/**
 * One alert per person, rule and episode. The episode is named by the first week of the window
 * that first fired; the unique key makes a second instance (or a rerun) insert nothing.
 */
@Entity('alerts')
@Index('uq_alerts_episode', ['ruleId', 'userId', 'episodeKey'], { unique: true })
@Index('idx_alerts_user_status', ['userId', 'status'])
export class Alert {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  ruleId!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  /** e.g. '2026-W46': the first week of the firing window. */
  @Column({ type: 'varchar', length: 16 })
  episodeKey!: string;

  /** The week the rule fired (the last of the window). */
  @Column({ type: 'varchar', length: 16 })
  firedWeekKey!: string;

  @Column({ type: 'double' })
  baseline!: number;

  /** 'own' (their last weeks) or 'peers' (same position). */
  @Column({ type: 'varchar', length: 8 })
  baselineSource!: string;

  /** The weeks shown on the card: [{ week, value }]. */
  @Column({ type: 'simple-json' })
  weekValues!: Array<{ week: string; value: number | null }>;

  @Column({ type: 'text' })
  evidence!: string;

  /** The mentors suggested when it opened (names), so the card reads the same after a tap. */
  @Column({ type: 'simple-json' })
  mentors!: string[];

  @Column({ type: 'varchar', length: 12 })
  status!: AlertStatus;

  /** The latest action taken; null = not handled yet. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  action!: AlertActionKind | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  closedWeekKey!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  openedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;
}
