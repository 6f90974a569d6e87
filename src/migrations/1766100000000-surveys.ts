import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, bool, datetime, int, varchar } from './columns';

/**
 * Pulse surveys: rounds, their reporting groups, who was invited/answered (no answers), and the
 * answer tallies (no people). See src/surveys/ for why the two cannot be joined.
 */
export class Surveys1766100000000 implements MigrationInterface {
  name = 'Surveys1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'surveys',
        columns: [
          autoId(), varchar('template_code', 32), varchar('question', 200), varchar('scale', 8), varchar('title', 128),
          int('audience_department_id', { isNullable: true }), varchar('audience_name', 128), varchar('task_id', 128), varchar('launched_by', 64),
          datetime('launched_at'), datetime('closes_at'), datetime('closed_at', { isNullable: true }), int('invited'),
        ],
        indices: [new TableIndex({ name: 'idx_surveys_template', columnNames: ['template_code', 'launched_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_groups',
        columns: [int('survey_id', { isPrimary: true }), varchar('group_key', 16, { isPrimary: true }), varchar('name', 128), int('invited')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_participants',
        columns: [int('survey_id', { isPrimary: true }), varchar('user_id', 64, { isPrimary: true }), varchar('group_key', 16), bool('answered', { default: false })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'survey_tallies',
        columns: [int('survey_id', { isPrimary: true }), varchar('group_key', 16, { isPrimary: true }), int('value', { isPrimary: true }), int('n', { default: 0 })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['survey_tallies', 'survey_participants', 'survey_groups', 'surveys']) await q.dropTable(t);
  }
}
