import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * metric_records' person index becomes (user_id, occurred_at, input, value), replacing
 * (user_id, input, occurred_at). Every read of records by person is "these people, this period"
 * (scorecards, the talent review's months, alerts' drill-down, the API), sometimes narrowed to a few
 * inputs: with the time right after the person the period is one range per person, and with input
 * and value in the index the sums are read from the index alone. The old order could only use the
 * person, so a month's scorecards walked each person's whole history and fetched every row.
 * One index replaced by one, so ingest keeps a single secondary index to maintain.
 */
export class MetricRecordsMonthIndex1766300000000 implements MigrationInterface {
  name = 'MetricRecordsMonthIndex1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createIndex('metric_records', new TableIndex({ name: 'idx_metric_records_user_time_input_value', columnNames: ['user_id', 'occurred_at', 'input', 'value'] }));
    await q.dropIndex('metric_records', 'idx_metric_records_user_input_time');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.createIndex('metric_records', new TableIndex({ name: 'idx_metric_records_user_input_time', columnNames: ['user_id', 'input', 'occurred_at'] }));
    await q.dropIndex('metric_records', 'idx_metric_records_user_time_input_value');
  }
}
