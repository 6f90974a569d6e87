import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('goal_checkins')
@Index('idx_goal_checkins_goal', ['goalId'])
export class GoalCheckin {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'int' })
  goalId!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'double' })
  progress!: number;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
