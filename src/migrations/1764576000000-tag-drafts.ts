import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { autoId, datetime, int, text, varchar } from './columns';

/**
 * Tag drafts: the state behind a 表扬/提醒 card flow (who may be picked, the tag and note typed so
 * far). A button key carries only the draft id, and recording sets recorded_at with a
 * compare-and-set, so one card records at most one tag however often or fast it is tapped.
 */
export class TagDrafts1764576000000 implements MigrationInterface {
  name = 'TagDrafts1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'tag_drafts',
        columns: [
          autoId(),
          varchar('author_id', 64),
          varchar('polarity', 8),
          varchar('tag', 64, { isNullable: true }),
          text('note'),
          text('people'),
          datetime('created_at'),
          datetime('recorded_at', { isNullable: true }),
          int('tag_id', { isNullable: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('tag_drafts', true);
  }
}
