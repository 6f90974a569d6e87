import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { datetime, double, int, varchar } from './columns';

/** The company's scoring rules (minimum basis, key results in weeks, 行为分 weight): one row, id 1. */
export class ScoringPolicy1764921600000 implements MigrationInterface {
  name = 'ScoringPolicy1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'scoring_policy',
        columns: [
          int('id', { isPrimary: true }),
          double('min_basis_share'),
          varchar('key_results_in_weeks', 16),
          double('behaviour_weight'),
          varchar('updated_by', 96),
          datetime('updated_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('scoring_policy', true);
  }
}
