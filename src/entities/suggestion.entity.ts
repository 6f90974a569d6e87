import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 建议: an employee's improvement suggestion, counted in the outcome figures. */
@Entity('suggestions')
@Index('idx_suggestions_time', ['createdAt'])
export class Suggestion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status!: 'open' | 'adopted' | 'closed';

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
