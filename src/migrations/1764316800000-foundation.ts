import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, bool, datetime, int, text, varchar } from './columns';

/** The transport spine: inbound de-duplication, token cache, outbox and the org mirror. */
export class Foundation1764316800000 implements MigrationInterface {
  name = 'Foundation1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'inbound_callbacks',
        columns: [
          varchar('dedupe_key', 255, { isPrimary: true }),
          varchar('from_user', 64),
          varchar('kind', 64),
          text('payload'),
          varchar('status', 16),
          datetime('received_at'),
          datetime('handled_at', { isNullable: true }),
          text('error', { isNullable: true }),
        ],
        indices: [new TableIndex({ name: 'idx_inbound_status', columnNames: ['status'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'wecom_tokens',
        columns: [varchar('key', 128, { isPrimary: true }), varchar('token', 512), datetime('expires_at'), datetime('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'outbox',
        columns: [
          autoId(),
          varchar('kind', 16),
          varchar('dedupe_key', 191, { isNullable: true }),
          varchar('recipients', 1024),
          text('payload'),
          varchar('status', 16),
          int('attempts', { default: 0 }),
          datetime('next_attempt_at'),
          datetime('locked_until', { isNullable: true }),
          varchar('locked_by', 64, { isNullable: true }),
          int('errcode', { isNullable: true }),
          text('last_error', { isNullable: true }),
          text('result', { isNullable: true }),
          datetime('created_at'),
          datetime('sent_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_outbox_dedupe', columnNames: ['dedupe_key'], isUnique: true }),
          new TableIndex({ name: 'idx_outbox_due', columnNames: ['status', 'next_attempt_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'departments',
        columns: [
          int('id', { isPrimary: true }),
          varchar('name', 128),
          int('parent_id', { isNullable: true }),
          int('sort_order', { default: 0 }),
          text('leader_user_ids'),
          bool('active', { default: true }),
          datetime('synced_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'employees',
        columns: [
          varchar('user_id', 64, { isPrimary: true }),
          varchar('name', 64),
          int('main_department_id', { isNullable: true }),
          text('department_ids'),
          text('leads_department_ids'),
          text('direct_leader_ids'),
          varchar('position', 128, { default: "''" }),
          int('status', { default: 1 }),
          bool('active', { default: true }),
          varchar('source', 16, { default: "'wecom'" }),
          datetime('synced_at'),
        ],
        indices: [new TableIndex({ name: 'idx_employees_main_department', columnNames: ['main_department_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['employees', 'departments', 'outbox', 'wecom_tokens', 'inbound_callbacks']) {
      await q.dropTable(table, true);
    }
  }
}
