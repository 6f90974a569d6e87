import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, bool, datetime, double, int, text, varchar } from './columns';

/** The performance core: metrics and their records, goals, reviews, tags, claims, appeals, snapshots, keys, audit. */
export class PerformanceCore1764403200000 implements MigrationInterface {
  name = 'PerformanceCore1764403200000';

  async up(q: QueryRunner): Promise<void> {
    const table = (name: string, columns: Table['columns'] | ReturnType<typeof varchar>[], indices: TableIndex[] = []) =>
      q.createTable(new Table({ name, columns: columns as never, indices }));
    const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

    await table('metric_definitions', [
      varchar('code', 64, { isPrimary: true }),
      varchar('name', 64),
      varchar('department', 16),
      varchar('unit', 16),
      varchar('direction', 16),
      text('formula'),
      text('inputs'),
      varchar('source_system', 32),
      text('source_note'),
      double('suggested_target', { isNullable: true }),
      varchar('target_kind', 8),
      text('description'),
      bool('builtin', { default: false }),
      bool('active', { default: true }),
      datetime('updated_at'),
    ]);
    await table(
      'metric_records',
      [
        autoId(),
        varchar('user_id', 64),
        varchar('input', 64),
        double('value'),
        datetime('occurred_at'),
        varchar('source', 32),
        varchar('external_id', 128),
        varchar('ref', 255, { default: "''" }),
        datetime('created_at'),
      ],
      [
        index('uq_metric_records_source', ['source', 'external_id'], true),
        index('idx_metric_records_user_input_time', ['user_id', 'input', 'occurred_at']),
      ],
    );
    await table(
      'metric_assignments',
      [
        autoId(),
        varchar('user_id', 64),
        varchar('metric_code', 64),
        varchar('period_key', 16, { default: "''" }),
        double('target'),
        double('weight'),
        bool('floor', { default: false }),
        datetime('updated_at'),
      ],
      [index('uq_metric_assignments', ['user_id', 'metric_code', 'period_key'], true)],
    );
    await table(
      'goals',
      [
        autoId(),
        varchar('level', 16),
        varchar('title', 255),
        varchar('owner_user_id', 64, { isNullable: true }),
        int('parent_id', { isNullable: true }),
        varchar('period_key', 16),
        double('weight', { default: 0 }),
        double('progress', { default: 0 }),
        datetime('created_at'),
        datetime('updated_at'),
      ],
      [index('idx_goals_owner_period', ['owner_user_id', 'period_key'])],
    );
    await table(
      'goal_checkins',
      [autoId(), int('goal_id'), varchar('user_id', 64), double('progress'), text('note'), datetime('created_at')],
      [index('idx_goal_checkins_goal', ['goal_id'])],
    );
    await table(
      'supervisor_reviews',
      [autoId(), varchar('user_id', 64), varchar('reviewer_id', 64), varchar('period_key', 16), int('stars'), text('comment'), datetime('created_at'), datetime('updated_at')],
      [index('uq_supervisor_reviews', ['user_id', 'period_key'], true)],
    );
    await table(
      'collaboration_ratings',
      [autoId(), varchar('user_id', 64), varchar('rater_id', 64), varchar('period_key', 16), int('stars'), text('note'), datetime('created_at')],
      [index('uq_collaboration_ratings', ['user_id', 'rater_id', 'period_key'], true)],
    );
    await table(
      'behaviour_tags',
      [autoId(), varchar('user_id', 64), varchar('author_id', 64), varchar('polarity', 8), varchar('tag', 64), double('weight'), text('note'), datetime('created_at')],
      [index('idx_behaviour_tags_user_time', ['user_id', 'created_at'])],
    );
    await table(
      'exception_claims',
      [
        autoId(),
        varchar('user_id', 64),
        varchar('kind', 32),
        text('metric_codes'),
        datetime('start_at'),
        datetime('end_at'),
        text('note'),
        text('evidence'),
        varchar('status', 16),
        varchar('approver_id', 64, { isNullable: true }),
        datetime('decided_at', { isNullable: true }),
        datetime('created_at'),
      ],
      [index('idx_exception_claims_user', ['user_id', 'status'])],
    );
    await table(
      'appeals',
      [
        autoId(),
        varchar('user_id', 64),
        varchar('period_key', 16),
        text('reason'),
        text('evidence'),
        varchar('status', 16),
        varchar('handler_id', 64, { isNullable: true }),
        text('decision_note', { isNullable: true }),
        datetime('created_at'),
        datetime('decided_at', { isNullable: true }),
      ],
      [index('idx_appeals_user', ['user_id', 'status'])],
    );
    await table(
      'score_snapshots',
      [autoId(), varchar('user_id', 64), varchar('period_key', 16), double('total', { isNullable: true }), text('scorecard'), datetime('computed_at')],
      [index('uq_score_snapshots', ['user_id', 'period_key'], true)],
    );
    await table(
      'api_keys',
      [
        autoId(),
        varchar('name', 64),
        varchar('prefix', 16),
        varchar('hash', 64),
        text('scopes'),
        datetime('created_at'),
        datetime('last_used_at', { isNullable: true }),
        datetime('revoked_at', { isNullable: true }),
      ],
      [index('uq_api_keys_hash', ['hash'], true)],
    );
    await table(
      'audit_log',
      [
        autoId(),
        datetime('at'),
        varchar('actor', 96),
        varchar('action', 64),
        varchar('entity', 64),
        varchar('entity_id', 128),
        varchar('subject_user_id', 64, { isNullable: true }),
        text('before', { isNullable: true }),
        text('after', { isNullable: true }),
        text('reason'),
      ],
      [index('idx_audit_subject', ['subject_user_id', 'at'])],
    );
    await table('user_roles', [varchar('user_id', 64, { isPrimary: true }), varchar('role', 16, { isPrimary: true }), datetime('granted_at')]);
    await table('department_weights', [int('department_id', { isPrimary: true }), double('automatic'), double('review'), double('collaboration'), datetime('updated_at')]);
    await table(
      'pull_connectors',
      [
        autoId(),
        varchar('name', 64),
        varchar('url', 1024),
        varchar('auth_header', 1024, { default: "''" }),
        varchar('cursor_param', 64, { default: "'cursor'" }),
        varchar('next_cursor_path', 128, { default: "'next_cursor'" }),
        varchar('items_path', 128, { default: "'items'" }),
        varchar('cursor', 512, { default: "''" }),
        text('field_map'),
        varchar('source', 32),
        varchar('schedule', 64, { default: "'*/5 * * * *'" }),
        bool('enabled', { default: true }),
        datetime('last_run_at', { isNullable: true }),
        text('last_error', { isNullable: true }),
      ],
      [index('uq_pull_connectors_name', ['name'], true)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const tables = [
      'pull_connectors', 'department_weights', 'user_roles', 'audit_log', 'api_keys', 'score_snapshots', 'appeals',
      'exception_claims', 'behaviour_tags', 'collaboration_ratings', 'supervisor_reviews', 'goal_checkins', 'goals',
      'metric_assignments', 'metric_records', 'metric_definitions',
    ];
    for (const t of tables) await q.dropTable(t, true);
  }
}
