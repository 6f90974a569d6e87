import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A cross-department collaboration rating: once per rater, person and month. */
@Entity('collaboration_ratings')
@Index('uq_collaboration_ratings', ['userId', 'raterId', 'periodKey'], { unique: true })
export class CollaborationRating {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 64 })
  raterId!: string;

  @Column({ type: 'varchar', length: 16 })
  periodKey!: string;

  @Column({ type: 'int' })
  stars!: number;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
