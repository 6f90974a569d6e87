/**
 * Benchmark of the early warnings: (1) evaluating every active rule for one week (the records of the
 * baseline look-back read, weekly values, baselines, firings) and (2) the back-test of every rule over
 * a year of weekly data, each against the floor of reading the same records with one plain SELECT.
 * Issue target: under 10 s and within 3× the floor, for 10,000 employees. The alerts read the same
 * records as the floor, but as one row per person (the database concatenates their inputs, values
 * and times: src/alerts/history-data.ts), so the time includes all the work after the read too.
 *
 *   npm run bench:alerts -- [--db sqlite|mariadb] [--employees 10000] [--runs 3]
 *
 * Seeds per employee a weekly record of 完成工单, 合格/报废 and 停机分钟 for 52 weeks plus monthly
 * 准时交付 records (the shipped rules watch these metrics). Prints a markdown table; exits 1 when a
 * run is not valid (no firings, no back-test samples).
 */
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { activeRules } from '../src/alerts/alert-store';
import { backtest } from '../src/alerts/backtest';
import { BASELINE_LOOKBACK_WEEKS } from '../src/alerts/baseline';
import { firingsAt } from '../src/alerts/evaluate';
import { loadHistoryInputs, monthOfWeek, ruleHistory } from '../src/alerts/history-data';
import { parsePeriod, recentWeeks, type Period } from '../src/domain/periods';
import { seedKpiLibrary } from '../src/repositories/metric-library';
import { insertRows, sqlDateTime, type SqlValue } from './common/bulk-insert';
import { createProgress, runBench, wholeNumber } from './common/cli';
import { chooseDatabase, describeDatabase, openFreshDatabase } from './common/database';
import os from 'node:os';
import { describeMachine, formatMachine } from './common/machine';
import { createRng } from './common/records';
import { writeResults } from './common/results';
import { seconds, timeOnce, timeRuns } from './common/timing';

const TZ = 'Asia/Shanghai';
const WEEK = '2026-W48';
const NOW = new Date('2026-11-30T01:00:00.000Z');
const progress = createProgress('alerts');
const FLOOR_SQL = 'SELECT user_id, input, value, occurred_at FROM metric_records WHERE input IN (?, ?, ?, ?, ?, ?) AND occurred_at >= ? AND occurred_at < ?';
const INPUTS = ['completed', 'good', 'scrap', 'downtime_minutes', 'on_time_orders', 'due_orders'];

async function seed(ds: DataSource, employees: number, weeks: Period[]): Promise<number> {
  await seedKpiLibrary(ds, NOW);
  const rand = createRng(20261130);
  const ids = Array.from({ length: employees }, (_, i) => `e${String(i).padStart(6, '0')}`);
  const at = sqlDateTime(NOW);
  return ds.transaction(async (m) => {
    await insertRows(m, 'employees', ['user_id', 'name', 'main_department_id', 'department_ids', 'leads_department_ids', 'direct_leader_ids', 'position', 'status', 'active', 'source', 'synced_at'],
      ids.map((id, i) => [id, `员工${i}`, 3, '[3]', '[]', JSON.stringify([`e${String(Math.floor(i / 20) * 20).padStart(6, '0')}`]), `岗位${i % 10}`, 1, 1, 'wecom', at]));
    const assignments: SqlValue[][] = [];
    for (const id of ids) for (const [code, target] of [['work_orders_completed', 170], ['yield_rate', 98], ['equipment_downtime', 10], ['on_time_delivery', 95]] as const) {
      assignments.push([id, code, '', target, 25, 0, null, null, at]);
    }
    await insertRows(m, 'metric_assignments', ['user_id', 'metric_code', 'period_key', 'target', 'weight', 'floor', 'starts_at', 'ends_at', 'updated_at'], assignments);
    let n = 0;
    function* records(): Generator<SqlValue[]> {
      for (const id of ids) {
        for (const w of weeks) {
          const t = sqlDateTime(new Date(w.start.getTime() + 3 * 86_400_000 + 3600_000));
          const slump = rand() < 0.05 ? 0.7 : 1;
          for (const [input, v] of [['completed', Math.round((36 + rand() * 8) * slump)], ['good', 950 + Math.round(rand() * 40)], ['scrap', Math.round(rand() * 30)], ['downtime_minutes', Math.round(rand() * 120)]] as const) {
            yield [id, input, v, t, 'MES', `${id}-${w.key}-${input}`, '', at];
          }
        }
        for (const month of new Set(weeks.map((w) => monthOfWeek(w, TZ).key))) {
          const t = sqlDateTime(new Date(`${month}-15T04:00:00Z`));
          yield [id, 'on_time_orders', 85 + Math.round(rand() * 15), t, 'ERP', `${id}-${month}-ot`, '', at];
          yield [id, 'due_orders', 100, t, 'ERP', `${id}-${month}-due`, '', at];
        }
      }
    }
    n = await insertRows(m, 'metric_records', ['user_id', 'input', 'value', 'occurred_at', 'source', 'external_id', 'ref', 'created_at'], records());
    return n;
  });
}

async function floor(ds: DataSource, weeks: Period[]): Promise<number> {
  const from = monthOfWeek(weeks[0], TZ).start < weeks[0].start ? monthOfWeek(weeks[0], TZ).start : weeks[0].start;
  const last = weeks[weeks.length - 1];
  const to = monthOfWeek(last, TZ).end > last.end ? monthOfWeek(last, TZ).end : last.end;
  const rows = (await ds.query(FLOOR_SQL, [...INPUTS, sqlDateTime(from), sqlDateTime(to)])) as unknown[];
  return rows.length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { db: { type: 'string' }, employees: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' } } });
  const employees = wholeNumber('employees', values.employees!, 1, 1_000_000);
  const runs = wholeNumber('runs', values.runs!, 1, 99);
  const db = chooseDatabase(values.db);
  const ds = await openFreshDatabase(db.config);
  try {
    const year = recentWeeks(parsePeriod(WEEK, TZ).start, 52, TZ);
    progress(`${db.kind}: seeding ${employees} employees × 52 weeks`);
    const seeded = await timeOnce(() => seed(ds, employees, year));
    progress(`seeded ${seeded.result} records in ${seconds(seeded.ms, 1)} s`);
    const rules = await activeRules(ds);
    const evalWeeks = year.slice(-(BASELINE_LOOKBACK_WEEKS + Math.max(...rules.map((r) => r.weeks))));

    let fired = 0;
    const evaluate = await timeRuns(runs, async () => {
      const data = await loadHistoryInputs(ds, rules, evalWeeks, TZ);
      return rules.reduce((n, r) => n + firingsAt(r, ruleHistory(data, r, evalWeeks, TZ, NOW, { outcomes: false }).people, evalWeeks.length - 1).length, 0);
    }, (n, i, ms) => { fired = n; progress(`evaluate run ${i + 1}: ${seconds(ms)} s, ${n} firings`); });
    const evaluateFloor = await timeRuns(runs, () => floor(ds, evalWeeks), (n, i, ms) => progress(`evaluate floor run ${i + 1}: ${seconds(ms)} s, ${n} rows`));

    let samples = 0;
    const back = await timeRuns(runs, async () => {
      const data = await loadHistoryInputs(ds, rules, year, TZ);
      return rules.reduce((n, r) => {
        const e = backtest(r, ruleHistory(data, r, year, TZ, NOW).people);
        return n + e.fired.n + e.quiet.n;
      }, 0);
    }, (n, i, ms) => { samples = n; progress(`back-test run ${i + 1}: ${seconds(ms)} s, ${n} person-weeks judged`); });
    const backFloor = await timeRuns(runs, () => floor(ds, year), (n, i, ms) => progress(`back-test floor run ${i + 1}: ${seconds(ms)} s, ${n} rows`));

    const report = {
      when: new Date().toISOString(),
      machine: describeMachine(await describeDatabase(ds)),
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(1))),
      settings: { db: db.kind, employees, runs, week: WEEK, rules: rules.length, records: seeded.result },
      evaluate: { ...evaluate, firings: fired, floor: evaluateFloor, ratio: evaluate.medianMs / evaluateFloor.medianMs, weeks: evalWeeks.length },
      backtest: { ...back, samples, floor: backFloor, ratio: back.medianMs / backFloor.medianMs, weeks: year.length },
    };
    const file = writeResults(`alerts-${db.kind}.json`, report);
    const row = (name: string, t: typeof report.evaluate | typeof report.backtest) =>
      `| ${name} | ${t.weeks} | ${seconds(t.medianMs)} | ${seconds(t.floor.medianMs)} | ${t.ratio.toFixed(1)}× |`;
    process.stdout.write(
      [`alerts bench, ${db.kind}, ${employees} employees, ${seeded.result} records, ${rules.length} rules, ${formatMachine(report.machine)}, load average ${report.loadAverage.join(' ')}`,
        '| step | weeks read | median s | floor s | ratio |', '|---|---|---|---|---|', row('evaluate a week', report.evaluate), row('back-test a year', report.backtest), ''].join('\n'),
    );
    progress(`wrote ${file}`);
    if (fired === 0 || samples === 0) throw new Error('invalid run: no firings or no back-test samples');
  } finally {
    await ds.destroy();
    db.cleanup();
  }
}

runBench(progress, main);
