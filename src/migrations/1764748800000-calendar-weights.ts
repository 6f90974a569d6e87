import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, datetime, double, int, varchar } from './columns';

/**
 * The working calendar's company overrides (停工, 加班/补班, 班制 per department), and department
 * weights with an effective date: department_weights is rebuilt with one row per (department,
 * effective_from); the rows it had become effective from 1970-01-01, so scores do not move. And
 * service_endpoints, where the sandbox service records its simulator's URL for the CLI.
 */
export class CalendarWeights1764748800000 implements MigrationInterface {
  name = 'CalendarWeights1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'work_calendar_rules',
        columns: [
          autoId(),
          // 0: the whole company (WeCom department ids start at 1).
          int('department_id', { default: 0 }),
          varchar('kind', 8),
          varchar('start_date', 10),
          varchar('end_date', 10, { isNullable: true }),
          varchar('weekdays', 16, { default: "''" }),
          varchar('note', 255, { default: "''" }),
          varchar('updated_by', 96),
          datetime('updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_work_calendar_rules', columnNames: ['department_id', 'kind', 'start_date'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'department_weights_dated',
        columns: [
          autoId(),
          int('department_id'),
          varchar('effective_from', 10, { default: "'1970-01-01'" }),
          double('automatic'),
          double('review'),
          double('collaboration'),
          varchar('updated_by', 96, { default: "''" }),
          datetime('updated_at'),
        ],
        indices: [new TableIndex({ name: 'uq_department_weights_from', columnNames: ['department_id', 'effective_from'], isUnique: true })],
      }),
    );
    await q.query(
      `INSERT INTO department_weights_dated (department_id, effective_from, automatic, review, collaboration, updated_by, updated_at)
       SELECT department_id, '1970-01-01', automatic, review, collaboration, '', updated_at FROM department_weights`,
    );
    await q.dropTable('department_weights');
    await q.renameTable('department_weights_dated', 'department_weights');
    await q.createTable(new Table({ name: 'service_endpoints', columns: [varchar('name', 32, { isPrimary: true }), varchar('url', 512), datetime('updated_at')] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('service_endpoints', true);
    await q.dropTable('work_calendar_rules', true);
    await q.createTable(
      new Table({
        name: 'department_weights_undated',
        columns: [int('department_id', { isPrimary: true }), double('automatic'), double('review'), double('collaboration'), datetime('updated_at')],
      }),
    );
    // Keep each department's latest row.
    await q.query(
      `INSERT INTO department_weights_undated (department_id, automatic, review, collaboration, updated_at)
       SELECT w.department_id, w.automatic, w.review, w.collaboration, w.updated_at FROM department_weights w
       WHERE w.effective_from = (SELECT MAX(x.effective_from) FROM department_weights x WHERE x.department_id = w.department_id)`,
    );
    await q.dropTable('department_weights');
    await q.renameTable('department_weights_undated', 'department_weights');
  }
}
