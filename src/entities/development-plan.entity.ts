import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface PlanAction {
  kind: 'mentor' | 'course' | 'certification' | 'rotation' | 'improvement' | 'talk';
  title: string;
  /** YYYY-MM-DD in the configured zone. */
  due: string;
}

export type PlanStatus = 'open' | 'done';

/** An individual development plan (IDP), created from the person's box when a quarter is published. */
@Entity('development_plans')
@Index('uq_development_plans', ['userId', 'quarterKey'], { unique: true })
export class DevelopmentPlan {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  /** The quarter whose review created it. */
  @Column({ type: 'varchar', length: 16 })
  quarterKey!: string;

  @Column({ type: 'varchar', length: 2 })
  box!: string;

  @Column({ type: 'varchar', length: 200 })
  goal!: string;

  @Column({ type: 'simple-json' })
  actions!: PlanAction[];

  /** Who is responsible for it (the direct leader). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ownerUserId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: PlanStatus;

  @Column({ type: 'datetime', precision: 3 })
  dueAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  completedAt!: Date | null;
}
