import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type GoalLevel = 'strategy' | 'objective' | 'key_result';

/** The OKR track: annual strategy → quarterly objective → monthly key result. */
@Entity('goals')
@Index('idx_goals_owner_period', ['ownerUserId', 'periodKey'])
export class Goal {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  level!: GoalLevel;

  @Column({ type: 'varchar', length: 255 })
  title!: string;

  /** Null for a company-wide strategy. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ownerUserId!: string | null;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  /** '2026' for a strategy, '2026-Q4' for an objective, '2026-11' for a key result. */
  @Column({ type: 'varchar', length: 16 })
  periodKey!: string;

  @Column({ type: 'double', default: 0 })
  weight!: number;

  /** 0–100, set by check-ins. */
  @Column({ type: 'double', default: 0 })
  progress!: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;

  /** Collaborators (userids) besides the owner; null = none. A collaborator from another department makes it cross-department. */
  @Column({ type: 'simple-json', nullable: true })
  collaboratorUserIds?: string[] | null;

  /** When the item was done (progress reached 100, or as imported); null while open. */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  doneAt?: Date | null;
}
