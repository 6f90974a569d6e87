import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { autoId, datetime, double, int, text, varchar } from './columns';

/**
 * Appeals with outcomes: the decision an approver took (data corrected, a line adjusted, rejected)
 * with its reason and the score before → after; and the line adjustments themselves, which the
 * scorecard applies on top of the computed line score and shows as adjusted.
 */
export class AppealOutcomes1765267200000 implements MigrationInterface {
  name = 'AppealOutcomes1765267200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('appeals', new TableColumn(text('outcome', { isNullable: true })));
    await q.createTable(
      new Table({
        name: 'score_overrides',
        columns: [
          autoId(),
          varchar('user_id', 64),
          varchar('period_key', 16),
          varchar('metric_code', 64),
          double('score'),
          text('reason'),
          int('appeal_id', { isNullable: true }),
          varchar('actor_id', 64),
          datetime('created_at'),
        ],
        indices: [new TableIndex({ name: 'uq_score_overrides_line', columnNames: ['user_id', 'period_key', 'metric_code'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('score_overrides', true);
    await q.dropColumn('appeals', 'outcome');
  }
}
