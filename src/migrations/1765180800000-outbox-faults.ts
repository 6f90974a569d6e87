import { MigrationInterface, QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, int, varchar } from './columns';

/**
 * Outbox faults: one rate row per budget (the configured send rate is the app's budget across all
 * instances: each send claims the next time slot with a compare-and-set on next_slot_ms), and a
 * count of attempts that got no answer (a time-out may hide a delivery: such a row is re-sent
 * only under WeCom's duplicate check, or counted as "result unknown").
 */
export class OutboxFaults1765180800000 implements MigrationInterface {
  name = 'OutboxFaults1765180800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'outbox_rate',
        columns: [varchar('name', 32, { isPrimary: true }), bigint('next_slot_ms', { default: 0 })],
      }),
    );
    await q.addColumn('outbox', new TableColumn(int('timeouts', { default: 0 })));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('outbox', 'timeouts');
    await q.dropTable('outbox_rate', true);
  }
}
