import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HR's catalogue of suggested actions: a course (培训) or a check-in talk (沟通), optionally for one metric. */
@Entity('alert_suggestions')
export class AlertSuggestion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 8 })
  kind!: 'course' | 'talk';

  /** null = every metric. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  metricCode!: string | null;

  @Column({ type: 'varchar', length: 200 })
  text!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
