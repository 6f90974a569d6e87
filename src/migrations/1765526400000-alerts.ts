import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { autoId, bool, datetime, double, int, text, varchar } from './columns';

/** A snapshot of src/alerts/default-rules.ts as it shipped: a migration never changes after it lands. */
const DEFAULT_RULES: Array<[string, 'below' | 'above', number, number]> = [
  ['work_orders_completed', 'below', 15, 2],
  ['yield_rate', 'below', 2, 2],
  ['first_pass_yield', 'below', 3, 2],
  ['on_time_delivery', 'below', 10, 2],
  ['scrap_rate', 'above', 30, 2],
  ['equipment_downtime', 'above', 50, 2],
  ['sampling_error_rate', 'above', 50, 2],
  ['inspections_completed', 'below', 15, 2],
  ['picking_error_rate', 'above', 50, 2],
  ['outbound_orders_completed', 'below', 15, 2],
];

const DEFAULT_SUGGESTIONS: Array<['course' | 'talk', string]> = [
  ['course', '岗位技能复训（班组内训）'],
  ['talk', '一对一沟通：了解近两周的困难（设备、物料、排班、个人情况）'],
];

/** Early warnings: rules (with the shipped defaults), one alert per person/rule/episode, actions, HR's suggestion catalogue. */
export class Alerts1765526400000 implements MigrationInterface {
  name = 'Alerts1765526400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'alert_rules',
        columns: [
          autoId(), varchar('metric_code', 64), varchar('outcome_metric_code', 64, { isNullable: true }), varchar('direction', 8),
          double('threshold_pct'), int('weeks'), varchar('audience', 24), bool('active', { default: true }), datetime('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alerts',
        columns: [
          autoId(), int('rule_id'), varchar('user_id', 64), varchar('episode_key', 16), varchar('fired_week_key', 16), double('baseline'),
          varchar('baseline_source', 8), text('week_values'), text('evidence'), text('mentors'), varchar('status', 12), varchar('action', 12, { isNullable: true }),
          varchar('closed_week_key', 16, { isNullable: true }), datetime('opened_at'), datetime('closed_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'uq_alerts_episode', columnNames: ['rule_id', 'user_id', 'episode_key'], isUnique: true }),
          new TableIndex({ name: 'idx_alerts_user_status', columnNames: ['user_id', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_actions',
        columns: [autoId(), int('alert_id'), varchar('actor_id', 64), varchar('action', 12), text('note'), datetime('at')],
        indices: [new TableIndex({ name: 'idx_alert_actions_alert', columnNames: ['alert_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'alert_suggestions',
        columns: [autoId(), varchar('kind', 8), varchar('metric_code', 64, { isNullable: true }), varchar('text', 200), bool('active', { default: true })],
      }),
    );
    const now = new Date().toISOString().replace('T', ' ').slice(0, 23);
    for (const [code, direction, pct, weeks] of DEFAULT_RULES) {
      await q.query(
        'INSERT INTO alert_rules (metric_code, outcome_metric_code, direction, threshold_pct, weeks, audience, active, updated_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?)',
        [code, direction, pct, weeks, 'supervisor', true, now],
      );
    }
    for (const [kind, t] of DEFAULT_SUGGESTIONS) await q.query('INSERT INTO alert_suggestions (kind, metric_code, text, active) VALUES (?, NULL, ?, ?)', [kind, t, true]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alert_suggestions', 'alert_actions', 'alerts', 'alert_rules']) await q.dropTable(t, true);
  }
}
