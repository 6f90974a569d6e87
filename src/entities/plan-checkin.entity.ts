import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CheckinStatus = 'done' | 'in_progress' | 'blocked';

/** A monthly check-in on a development plan: 已完成 / 进行中 / 受阻, with a note. */
@Entity('plan_checkins')
@Index('uq_plan_checkins', ['planId', 'monthKey'], { unique: true })
export class PlanCheckin {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  planId!: number;

  @Column({ type: 'varchar', length: 16 })
  monthKey!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: CheckinStatus;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'varchar', length: 64 })
  byUserId!: string;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;
}
