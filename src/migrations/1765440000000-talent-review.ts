import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { autoId, datetime, double, int, text, varchar } from './columns';

/**
 * The talent review: learning-and-growth records, quarterly reviews with placements and calibration
 * moves, development plans with monthly check-ins, reserve-cadre screens with their snapshotted
 * runs, and the hire date a tenure rule needs.
 */
export class TalentReview1765440000000 implements MigrationInterface {
  name = 'TalentReview1765440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'growth_records',
        columns: [autoId(), varchar('user_id', 64), varchar('kind', 32), double('value'), varchar('title', 200), datetime('occurred_at'), varchar('source', 64), varchar('external_id', 128), datetime('created_at')],
        indices: [
          new TableIndex({ name: 'uq_growth_records_source', columnNames: ['source', 'external_id'], isUnique: true }),
          new TableIndex({ name: 'idx_growth_records_user', columnNames: ['user_id', 'occurred_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'talent_reviews',
        columns: [autoId(), varchar('quarter_key', 16), varchar('status', 16), text('settings'), text('boxes'), datetime('computed_at'), datetime('published_at', { isNullable: true }), varchar('published_by', 96, { isNullable: true })],
        indices: [new TableIndex({ name: 'uq_talent_reviews_quarter', columnNames: ['quarter_key'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'talent_placements',
        columns: [
          autoId(), int('review_id'), varchar('user_id', 64), int('department_id', { isNullable: true }), varchar('position', 64, { default: "''" }),
          double('performance', { isNullable: true }), double('potential'), varchar('computed_box', 2, { isNullable: true }), varchar('final_box', 2, { isNullable: true }), text('detail'),
        ],
        indices: [new TableIndex({ name: 'uq_talent_placements', columnNames: ['review_id', 'user_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'talent_moves',
        columns: [autoId(), int('review_id'), varchar('user_id', 64), varchar('from_box', 2, { isNullable: true }), varchar('to_box', 2), varchar('actor', 96), text('reason'), datetime('at')],
        indices: [new TableIndex({ name: 'idx_talent_moves_review', columnNames: ['review_id', 'user_id'] })],
      }),
    );
    await q.createTable(new Table({ name: 'talent_config', columns: [{ ...varchar('name', 32), isPrimary: true }, text('value'), varchar('updated_by', 96), datetime('updated_at')] }));
    await q.createTable(
      new Table({
        name: 'development_plans',
        columns: [
          autoId(), varchar('user_id', 64), varchar('quarter_key', 16), varchar('box', 2), varchar('goal', 200), text('actions'), varchar('owner_user_id', 64, { isNullable: true }),
          varchar('status', 16), datetime('due_at'), datetime('created_at'), datetime('completed_at', { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'uq_development_plans', columnNames: ['user_id', 'quarter_key'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'plan_checkins',
        columns: [autoId(), int('plan_id'), varchar('month_key', 16), varchar('status', 16), text('note'), varchar('by_user_id', 64), datetime('at')],
        indices: [new TableIndex({ name: 'uq_plan_checkins', columnNames: ['plan_id', 'month_key'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cadre_screens',
        columns: [autoId(), varchar('name', 64), text('rules'), varchar('updated_by', 96), datetime('updated_at')],
        indices: [new TableIndex({ name: 'uq_cadre_screens_name', columnNames: ['name'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'cadre_screen_runs',
        columns: [autoId(), varchar('screen_name', 64), varchar('quarter_key', 16), text('rules'), { ...text('facts'), type: q.connection.options.type === 'mysql' ? 'longtext' : 'text' }, text('result'), varchar('ran_by', 96), datetime('ran_at')],
        indices: [new TableIndex({ name: 'idx_cadre_screen_runs', columnNames: ['screen_name', 'ran_at'] })],
      }),
    );
    await q.createTable(
      new Table({ name: 'cadre_adjustments', columns: [autoId(), int('run_id'), varchar('user_id', 64), varchar('action', 8), text('reason'), varchar('actor', 96), datetime('at')] }),
    );
    await q.addColumn('employees', new TableColumn(varchar('hired_on', 10, { isNullable: true })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('employees', 'hired_on');
    for (const t of ['cadre_adjustments', 'cadre_screen_runs', 'cadre_screens', 'plan_checkins', 'development_plans', 'talent_config', 'talent_moves', 'talent_placements', 'talent_reviews', 'growth_records']) {
      await q.dropTable(t, true);
    }
  }
}
