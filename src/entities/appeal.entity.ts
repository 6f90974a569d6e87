import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface AppealOutcome {
  kind: 'corrected' | 'adjusted' | 'rejected';
  /** The approver's reason or note, as written in chat. */
  reason: string;
  totalBefore: string;
  totalAfter: string;
  /** corrected: the record and its value before → after. */
  record?: { id: number; label: string; before: number; after: number | null };
  /** adjusted: the line and its score before → after. */
  line?: { code: string; name: string; before: string; after: string };
}

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
  evidence!: Array<{ mediaId: string; filename?: string; storedPath?: string; text?: string }>;

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

  /** What the decision changed: see AppealOutcome (null while pending, and for appeals decided before outcomes existed). */
  @Column({ type: 'simple-json', nullable: true })
  outcome!: AppealOutcome | null;
}
