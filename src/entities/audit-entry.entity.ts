import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who changed what, before and after, and why: written for every change that moves a score. */
@Entity('audit_log')
@Index('idx_audit_subject', ['subjectUserId', 'at'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'datetime', precision: 3 })
  at!: Date;

  /** 'user:<userid>', 'apikey:<name>', 'cli', 'system'. */
  @Column({ type: 'varchar', length: 96 })
  actor!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 64 })
  entity!: string;

  @Column({ type: 'varchar', length: 128 })
  entityId!: string;

  /** Whose score the change touches, if anyone's. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  subjectUserId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  before!: unknown;

  @Column({ type: 'simple-json', nullable: true })
  after!: unknown;

  @Column({ type: 'text' })
  reason!: string;
}
