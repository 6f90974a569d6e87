import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, datetime, int, text, varchar } from './columns';

/**
 * Job runs: one row per (job, period). The unique key is what makes a scheduled push happen once
 * across instances; the lease columns let a restarted or second instance resume a run whose
 * process died.
 */
export class JobRuns1764662400000 implements MigrationInterface {
  name = 'JobRuns1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'job_runs',
        columns: [
          autoId(),
          varchar('job', 64),
          varchar('period_key', 32),
          datetime('fired_at'),
          varchar('state', 16),
          varchar('locked_by', 64, { isNullable: true }),
          datetime('locked_until', { isNullable: true }),
          int('attempts', { default: 1 }),
          datetime('started_at'),
          datetime('finished_at', { isNullable: true }),
          text('counts'),
          text('error', { isNullable: true }),
          datetime('report_sent_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_job_runs_job_period', columnNames: ['job', 'period_key'], isUnique: true }),
          new TableIndex({ name: 'idx_job_runs_state', columnNames: ['state', 'locked_until'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('job_runs', true);
  }
}
