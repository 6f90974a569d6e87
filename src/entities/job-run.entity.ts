import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type JobRunState = 'running' | 'done' | 'failed';

/** What a run did: messages queued now, found already queued (an earlier attempt), skipped; delivery outcome once known. */
export interface JobRunCounts {
  queued: number;
  duplicates: number;
  skipped: number;
  sent?: number;
  failed?: number;
  /** No answer from WeCom in time and not safely repeatable: maybe delivered. */
  unknown?: number;
  pending?: number;
}

/**
 * One run of a scheduled job for one period. The unique (job, period_key) makes a firing happen
 * once across instances; the lease (locked_by, locked_until, renewed while running) lets another
 * process take over a run whose process died, and resume it. Dry runs are never stored.
 */
@Entity('job_runs')
@Index('uq_job_runs_job_period', ['job', 'periodKey'], { unique: true })
@Index('idx_job_runs_state', ['state', 'lockedUntil'])
export class JobRun {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  job!: string;

  @Column({ type: 'varchar', length: 32 })
  periodKey!: string;

  /** The scheduled instant the run stands for. */
  @Column({ type: 'datetime', precision: 3 })
  firedAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  state!: JobRunState;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lockedBy!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lockedUntil!: Date | null;

  /** 1 for the first start; +1 for each take-over (resume after a crash, retry after a failure). */
  @Column({ type: 'int', default: 1 })
  attempts!: number;

  @Column({ type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'simple-json' })
  counts!: JobRunCounts;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  reportSentAt!: Date | null;
}
