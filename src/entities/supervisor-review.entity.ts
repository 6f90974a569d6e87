import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The supervisor's monthly review: 1–5 stars and a comment; one per employee per month. */
@Entity('supervisor_reviews')
@Index('uq_supervisor_reviews', ['userId', 'periodKey'], { unique: true })
export class SupervisorReview {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  reviewerId!: string;

  @Column({ type: 'varchar', length: 16 })
  periodKey!: string;

  @Column({ type: 'int' })
  stars!: number;

  @Column({ type: 'text' })
  comment!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
