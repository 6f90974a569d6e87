import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A 表扬/提醒 tag a manager gave; archived in the employee's record, feeds the behaviour score. */
@Entity('behaviour_tags')
@Index('idx_behaviour_tags_user_time', ['userId', 'createdAt'])
export class BehaviourTag {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  authorId!: string;

  @Column({ type: 'varchar', length: 8 })
  polarity!: 'praise' | 'remind';

  @Column({ type: 'varchar', length: 64 })
  tag!: string;

  @Column({ type: 'double' })
  weight!: number;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
