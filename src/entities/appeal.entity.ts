import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 申诉: an employee disputes a period's score, with evidence. */
@Entity('appeals')
@Index('idx_appeals_user', ['userId', 'status'])
export class Appeal {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  periodKey!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'simple-json' })
  evidence!: Array<{ mediaId: string; filename?: string; storedPath?: string }>;

  @Column({ type: 'varchar', length: 16 })
  status!: 'draft' | 'pending' | 'accepted' | 'rejected';

  @Column({ type: 'varchar', length: 64, nullable: true })
  handlerId!: string | null;

  @Column({ type: 'text', nullable: true })
  decisionNote!: string | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;
}
