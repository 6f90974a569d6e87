import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { autoId, bool, datetime, double, int, text, varchar } from './columns';

const col = (options: ConstructorParameters<typeof TableColumn>[0]) => new TableColumn(options);

/** The start of recorded org history: before the migration, today's org is all that is known. */
export const HISTORY_BEGINNING = '1970-01-01 00:00:00.000';

/**
 * Effective dating: the org history table (backfilled from today's employees), start/end dates
 * on metric assignments, and the published total and rank of a scorecard kept apart from later
 * recomputes.
 */
export class EffectiveDating1764835200000 implements MigrationInterface {
  name = 'EffectiveDating1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'employee_org_history',
        columns: [
          autoId(),
          varchar('user_id', 64),
          datetime('valid_from'),
          datetime('valid_to', { isNullable: true }),
          int('main_department_id', { isNullable: true }),
          text('department_ids'),
          text('leads_department_ids'),
          text('direct_leader_ids'),
          varchar('position', 128, { default: "''" }),
          bool('active', { default: true }),
        ],
        indices: [
          new TableIndex({ name: 'idx_org_history_user', columnNames: ['user_id', 'valid_from'] }),
          new TableIndex({ name: 'idx_org_history_department', columnNames: ['main_department_id', 'valid_from'] }),
        ],
      }),
    );
    const columns = 'user_id, valid_from, valid_to, main_department_id, department_ids, leads_department_ids, direct_leader_ids, position, active';
    const copy = 'main_department_id, department_ids, leads_department_ids, direct_leader_ids, position';
    // Active members: today's row since the beginning. Members who left: in post until their last
    // sync (when they were marked as left), inactive after it.
    await q.query(`INSERT INTO employee_org_history (${columns}) SELECT user_id, '${HISTORY_BEGINNING}', NULL, ${copy}, active FROM employees WHERE active = 1`);
    await q.query(`INSERT INTO employee_org_history (${columns}) SELECT user_id, '${HISTORY_BEGINNING}', synced_at, ${copy}, 1 FROM employees WHERE active = 0`);
    await q.query(`INSERT INTO employee_org_history (${columns}) SELECT user_id, synced_at, NULL, ${copy}, 0 FROM employees WHERE active = 0`);

    await q.addColumns('metric_assignments', [col(datetime('starts_at', { isNullable: true })), col(datetime('ends_at', { isNullable: true }))]);
    await q.dropIndex('metric_assignments', 'uq_metric_assignments');
    await q.createIndex(
      'metric_assignments',
      new TableIndex({ name: 'uq_metric_assignments_dated', columnNames: ['user_id', 'metric_code', 'period_key', 'starts_at'], isUnique: true }),
    );

    await q.addColumns('score_snapshots', [
      col(datetime('published_at', { isNullable: true })),
      col(double('published_total', { isNullable: true })),
      col(text('published_rank', { isNullable: true })),
      col(double('checked_total', { isNullable: true })),
      col(text('checked_rank', { isNullable: true })),
      col(int('revision', { default: 0 })),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const c of ['revision', 'checked_rank', 'checked_total', 'published_rank', 'published_total', 'published_at']) await q.dropColumn('score_snapshots', c);
    await q.dropIndex('metric_assignments', 'uq_metric_assignments_dated');
    await q.createIndex('metric_assignments', new TableIndex({ name: 'uq_metric_assignments', columnNames: ['user_id', 'metric_code', 'period_key'], isUnique: true }));
    await q.dropColumns('metric_assignments', ['starts_at', 'ends_at']);
    await q.dropTable('employee_org_history', true);
  }
}
