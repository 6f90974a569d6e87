import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { datetime, varchar } from './columns';

/**
 * The inbound table becomes the handler queue: a row is 'received' (waiting), 'handling' (claimed
 * by one process until lease_until) or finished. The claim columns let any instance take waiting
 * rows and take over a claim whose process died, so every recorded callback is handled once.
 */
export class CallbackQueue1765094400000 implements MigrationInterface {
  name = 'CallbackQueue1765094400000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('inbound_callbacks', [
      new TableColumn(varchar('claimed_by', 64, { isNullable: true })),
      new TableColumn(datetime('lease_until', { isNullable: true })),
    ]);
    await q.createIndex('inbound_callbacks', new TableIndex({ name: 'idx_inbound_queue', columnNames: ['status', 'received_at'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('inbound_callbacks', 'idx_inbound_queue');
    await q.dropColumns('inbound_callbacks', [new TableColumn(varchar('claimed_by', 64)), new TableColumn(datetime('lease_until'))]);
  }
}
