import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A company override of the national calendar, imported by HR: a shutdown ('off'), extra working
 * days ('work') or a department's shift pattern ('shift', e.g. weekdays 1–6 from a date on).
 */
@Entity('work_calendar_rules')
@Index('uq_work_calendar_rules', ['departmentId', 'kind', 'startDate'], { unique: true })
export class WorkCalendarRule {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** 0: the whole company. */
  @Column({ type: 'int', default: 0 })
  departmentId!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'off' | 'work' | 'shift';

  /** 'YYYY-MM-DD', inclusive. */
  @Column({ type: 'varchar', length: 10 })
  startDate!: string;

  /** 'YYYY-MM-DD', inclusive; null for a shift pattern with no end. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  endDate!: string | null;

  /** For 'shift': ISO weekdays worked, '1,2,3,4,5,6'. */
  @Column({ type: 'varchar', length: 16, default: '' })
  weekdays!: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @Column({ type: 'varchar', length: 96 })
  updatedBy!: string;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
