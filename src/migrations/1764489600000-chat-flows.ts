import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, bool, datetime, double, int, text, varchar } from './columns';

/** Chat flows: the tag catalogue (with its defaults), conversations in progress, suggestions. */
export class ChatFlows1764489600000 implements MigrationInterface {
  name = 'ChatFlows1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'tag_types',
        columns: [varchar('label', 64, { isPrimary: true }), varchar('polarity', 8), double('weight'), int('sort_order', { default: 0 }), bool('active', { default: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'conversations',
        columns: [varchar('user_id', 64, { isPrimary: true }), varchar('kind', 32), text('state'), datetime('expires_at'), datetime('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'suggestions',
        columns: [autoId(), varchar('user_id', 64), text('content'), varchar('status', 16, { default: "'open'" }), datetime('created_at')],
        indices: [new TableIndex({ name: 'idx_suggestions_time', columnNames: ['created_at'] })],
      }),
    );
    const defaults: Array<[string, 'praise' | 'remind', number]> = [
      ['主动加班支援', 'praise', 3],
      ['提出工艺优化建议', 'praise', 4],
      ['跨部门协作', 'praise', 3],
      ['带教新人', 'praise', 3],
      ['质量问题提醒', 'remind', -2],
      ['安全规范提醒', 'remind', -3],
    ];
    for (const [i, [label, polarity, weight]] of defaults.entries()) {
      await q.query('INSERT INTO tag_types (label, polarity, weight, sort_order, active) VALUES (?, ?, ?, ?, ?)', [label, polarity, weight, i, true]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['suggestions', 'conversations', 'tag_types']) await q.dropTable(t, true);
  }
}
