import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ClaimStatus = 'pending' | 'approved' | 'rejected';

/** 异常申报: a non-personal cause (equipment failure, material delay) that, once approved, corrects a score. */
@Entity('exception_claims')
@Index('idx_exception_claims_user', ['userId', 'status'])
export class ExceptionClaim {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  userId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Column({ type: 'simple-json' })
  metricCodes!: string[];

  @Column({ type: 'datetime', precision: 3 })
  startAt!: Date;

  @Column({ type: 'datetime', precision: 3 })
  endAt!: Date;

  @Column({ type: 'text' })
  note!: string;

  @Column({ type: 'simple-json' })
  evidence!: Array<{ mediaId: string; filename?: string }>;

  @Column({ type: 'varchar', length: 16 })
  status!: ClaimStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  approverId!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt!: Date;
}
