import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { datetime, text, varchar } from './columns';

/**
 * The outcome report (效果验证): HR's settings (baseline, core positions); the day a member left
 * (org sync, change_contact delete or a 离职 import); an OKR item's collaborators and when it was done.
 */
export class Outcomes1766000000000 implements MigrationInterface {
  name = 'Outcomes1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'outcome_settings', columns: [varchar('key', 32, { isPrimary: true }), text('value'), varchar('updated_by', 64), datetime('updated_at')] }));
    await q.addColumn('employees', new TableColumn(varchar('left_on', 10, { isNullable: true })));
    await q.addColumns('goals', [new TableColumn(text('collaborator_user_ids', { isNullable: true })), new TableColumn(datetime('done_at', { isNullable: true }))]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('goals', 'done_at');
    await q.dropColumn('goals', 'collaborator_user_ids');
    await q.dropColumn('employees', 'left_on');
    await q.dropTable('outcome_settings', true);
  }
}
