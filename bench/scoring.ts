/**
 * Benchmark of computing a week's scorecards for a whole company: computeScorecards over every
 * employee (the batched loads, the pure scoring and the peer ranking, as the API and the jobs call
 * it) against the floor, hand-written SQL for the data any correct implementation must at least
 * read (FLOOR_SQL below). Issue target: under 15 s and within 3× the floor. The records aggregate
 * alone is reported too.
 *
 *   npm run bench:scoring -- [--db sqlite|mariadb] [--employees 10000] [--records 1000000] [--runs 3]
 *   DATABASE_URL=mariadb://root@127.0.0.1:3306/test npm run bench:scoring   (drops that database's tables)
 *
 * The seed (org, assignments, records) is timed but not part of the figure. Prints a markdown table
 * to stdout, progress to stderr, writes bench/results/scoring-<db>.json; exits 1 when the run is
 * not valid (wrong card count, totals missing, scorecard sums that disagree with the floor's).
 */
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { parsePeriod, type Period } from '../src/domain/periods';
import { computeScorecards, type ScorecardView } from '../src/repositories/scorecards';
import { buildBenchEmployees } from './common/bench-org';
import { sqlDateTime } from './common/bulk-insert';
import { createProgress, runBench, wholeNumber } from './common/cli';
import { chooseDatabase, describeDatabase, openFreshDatabase } from './common/database';
import { describeMachine } from './common/machine';
import { writeResults } from './common/results';
import { seedBenchOrg, seedRecords } from './common/seed-org';
import { seconds, summarizeRuns, timeOnce } from './common/timing';
import { measureBreakdown } from './scoring-breakdown';
import { formatMarkdown, judgeTargets, type ScoringBenchReport } from './scoring-report';

const PERIOD = '2026-W48';
const TIME_ZONE = 'Asia/Shanghai';
/** The seed's clock: the Monday after the week, when the weekly push would compute it. */
const SEED_NOW = new Date('2026-11-30T01:00:00.000Z');

/**
 * The floor: hand-written SQL for the data any correct scoring of the week must read, no ORM, no
 * scoring. The records grouped per user and input (with COUNT: every line shows the records it
 * used), the assignments in force, where each person stood at the week's end, their names, and the
 * records split at the dates inside the week where an assignment starts or ends (400 people had a
 * target changed on the Wednesday: their metric is scored in two parts, so its sums are needed per
 * part). The records are grouped 500 people a statement (index ranges); FLOOR_SQL[0] as one
 * statement for the whole company, the records aggregate, is also timed and reported.
 */
export const FLOOR_SQL = [
  'SELECT user_id, input, COUNT(*) AS n, SUM(value) AS total FROM metric_records WHERE occurred_at >= ? AND occurred_at < ? GROUP BY user_id, input',
  'SELECT user_id, metric_code, period_key, target, weight, floor, starts_at, ends_at FROM metric_assignments WHERE (starts_at IS NULL OR starts_at < ?) AND (ends_at IS NULL OR ends_at > ?)',
  'SELECT user_id, main_department_id, position, active FROM employee_org_history WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)',
  'SELECT user_id, name FROM employees',
  'SELECT user_id, input, COUNT(*) AS n, SUM(value) AS total FROM metric_records WHERE user_id IN (…) AND occurred_at >= ? AND occurred_at < ? GROUP BY user_id, input -- once per part of the week an assignment covers',
];

const progress = createProgress('scoring');

function readSettings(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      employees: { type: 'string', default: '10000' },
      records: { type: 'string', default: '1000000' },
      runs: { type: 'string', default: '3' },
      'no-breakdown': { type: 'boolean', default: false },
    },
  });
  return {
    db: values.db,
    employees: wholeNumber('employees', values.employees, 1, 1_000_000),
    records: wholeNumber('records', values.records, 0, 100_000_000),
    runs: wholeNumber('runs', values.runs, 1, 99),
    breakdown: !values['no-breakdown'],
  };
}

type FloorSums = Map<string, number>;
const key = (userId: string, input: string) => `${userId}\u0000${input}`;

async function runRecordsFloor(ds: DataSource, period: Period): Promise<FloorSums> {
  const rows = (await ds.query(FLOOR_SQL[0], [sqlDateTime(period.start), sqlDateTime(period.end)])) as Array<{ user_id: string; input: string; total: number | string }>;
  const sums: FloorSums = new Map();
  for (const r of rows) sums.set(key(r.user_id, r.input), Number(r.total));
  return sums;
}

/**
 * The same aggregate by ranges of the records' (user_id, occurred_at, …) index, 500 people a
 * statement: faster than the one statement on both databases (MariaDB scans the whole index for it,
 * with a temporary table), so the floor takes this way.
 */
async function runRecordsFloorByUser(ds: DataSource, period: Period, userIds: string[]): Promise<FloorSums> {
  const sums: FloorSums = new Map();
  const sql = FLOOR_SQL[0].replace('WHERE ', 'WHERE user_id IN (#) AND ');
  for (let i = 0; i < userIds.length; i += 500) {
    const chunk = userIds.slice(i, i + 500);
    const rows = (await ds.query(sql.replace('#', chunk.map(() => '?').join(',')), [...chunk, sqlDateTime(period.start), sqlDateTime(period.end)])) as Array<{ user_id: string; input: string; total: number | string }>;
    for (const r of rows) sums.set(key(r.user_id, r.input), Number(r.total));
  }
  return sums;
}

const toTime = (v: unknown): number | null => (v === null ? null : v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`));

async function runFloor(ds: DataSource, period: Period): Promise<FloorSums> {
  const start = sqlDateTime(period.start);
  const end = sqlDateTime(period.end);
  const names = (await ds.query(FLOOR_SQL[3])) as Array<{ user_id: string }>;
  const sums = await runRecordsFloorByUser(ds, period, names.map((n) => n.user_id));
  const assignments = (await ds.query(FLOOR_SQL[1], [end, start])) as Array<{ user_id: string; starts_at: unknown; ends_at: unknown }>;
  const lastInstant = sqlDateTime(new Date(period.end.getTime() - 1));
  await ds.query(FLOOR_SQL[2], [lastInstant, lastInstant]);
  // The parts of the week that assignments starting or ending inside it cover, and whose they are.
  const [p0, p1] = [period.start.getTime(), period.end.getTime()];
  const parts = new Map<string, Set<string>>();
  for (const a of assignments) {
    const from = Math.max(p0, toTime(a.starts_at) ?? p0);
    const to = Math.min(p1, toTime(a.ends_at) ?? p1);
    if ((from === p0 && to === p1) || from >= to) continue;
    const k = `${from}-${to}`;
    parts.set(k, (parts.get(k) ?? new Set()).add(a.user_id));
  }
  for (const [k, users] of parts) {
    const [from, to] = k.split('-').map(Number);
    const ids = [...users];
    for (let i = 0; i < ids.length; i += 5000) {
      const chunk = ids.slice(i, i + 5000);
      const sql = FLOOR_SQL[4].replace('(…)', `(${chunk.map(() => '?').join(',')})`).replace(/ --.*$/, '');
      await ds.query(sql, [...chunk, sqlDateTime(new Date(from)), sqlDateTime(new Date(to))]);
    }
  }
  return sums;
}

/**
 * Every metric's aggregated inputs must equal the floor's sums (inputs here are all 'sum'); a
 * metric whose target changed mid-week is two lines, each over its part of the week, which add up.
 */
function checkAgainstFloor(views: Map<string, ScorecardView>, userIds: string[], floor: FloorSums): { withData: number; withTotal: number } {
  const problems: string[] = [];
  if (views.size !== userIds.length) problems.push(`${views.size} scorecards for ${userIds.length} employees`);
  const withData = new Set([...floor.keys()].map((k) => k.split('\u0000')[0]));
  const covered = new Set<string>();
  let withTotal = 0;
  for (const id of userIds) {
    const v = views.get(id);
    if (!v) continue;
    if (v.total !== null) withTotal++;
    else if (withData.has(id)) problems.push(`${id} has records but a null total (${v.missing.join('、')})`);
    const byMetric = new Map<string, number>();
    for (const line of v.lines) {
      for (const [input, value] of Object.entries(line.inputs ?? {})) {
        const k = `${line.code}\u0000${input}`;
        byMetric.set(k, (byMetric.get(k) ?? 0) + value);
      }
    }
    for (const [k, value] of byMetric) {
      const [code, input] = k.split('\u0000');
      const expected = floor.get(key(id, input)) ?? 0;
      covered.add(key(id, input));
      if (Math.abs(value - expected) > 1e-6 * Math.max(1, Math.abs(expected))) {
        problems.push(`${id} ${code} ${input}: scorecard ${value}, floor ${expected}`);
      }
    }
  }
  const unread = [...floor.keys()].filter((k) => !covered.has(k));
  if (unread.length > 0) problems.push(`${unread.length} (user, input) sums of the floor appear on no scorecard, e.g. ${unread[0].replace('\u0000', ' ')}`);
  if (problems.length > 0) throw new Error(`scorecards disagree with the records:\n  ${problems.slice(0, 10).join('\n  ')}`);
  return { withData: withData.size, withTotal };
}

async function main(): Promise<void> {
  const s = readSettings(process.argv.slice(2));
  const db = chooseDatabase(s.db);
  const period = parsePeriod(PERIOD, TIME_ZONE);
  progress(`${db.kind}: opening a fresh database`);
  const ds = await openFreshDatabase(db.config);
  try {
    const employees = buildBenchEmployees(s.employees);
    const userIds = employees.map((e) => e.userId);
    progress(`seeding ${s.employees} employees and ${s.records} records of ${PERIOD}`);
    const seed = await timeOnce(async () => {
      const org = await seedBenchOrg(ds, employees, SEED_NOW);
      const records = await seedRecords(ds, { employees, period, count: s.records }, SEED_NOW);
      return { org, records };
    });
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM metric_records')) as Array<{ n: number | string }>;
    if (Number(n) !== s.records) throw new Error(`seeded ${n} records, expected ${s.records}`);
    progress(`seeded in ${seconds(seed.ms, 1)} s`);

    let floor: FloorSums = new Map();
    let checked = { withData: 0, withTotal: 0 };
    // One untimed pass first (the pages just written are cold), then each run times the floor, the
    // records aggregate alone and the scorecards back to back, so the three share the same load.
    progress('warm-up: one floor pass, untimed');
    await runFloor(ds, period);
    const runs = { floor: [] as number[], records: [] as number[], scoring: [] as number[] };
    for (let i = 0; i < s.runs; i++) {
      const f = await timeOnce(() => runFloor(ds, period));
      floor = f.result;
      runs.floor.push(f.ms);
      runs.records.push((await timeOnce(() => runRecordsFloor(ds, period))).ms);
      const c = await timeOnce(() => computeScorecards(ds, userIds, period, TIME_ZONE));
      runs.scoring.push(c.ms);
      checked = checkAgainstFloor(c.result, userIds, floor);
      progress(`run ${i + 1}: floor ${seconds(f.ms)} s, records aggregate ${seconds(runs.records[i])} s, computeScorecards ${seconds(c.ms)} s (${c.result.size} cards, ${checked.withTotal} with a total)`);
    }
    const floorTimed = summarizeRuns(runs.floor);
    const recordsTimed = summarizeRuns(runs.records);
    const scoringTimed = summarizeRuns(runs.scoring);
    progress(`computeScorecards median ${seconds(scoringTimed.medianMs)} s`);

    const breakdown = s.breakdown ? await measureBreakdown(ds, userIds, period, TIME_ZONE, progress) : [];
    const ratio = scoringTimed.medianMs / floorTimed.medianMs;
    const recordsRatio = scoringTimed.medianMs / recordsTimed.medianMs;
    const report: ScoringBenchReport = {
      when: new Date().toISOString(),
      machine: describeMachine(await describeDatabase(ds)),
      settings: { db: db.kind, employees: s.employees, records: s.records, runs: s.runs, period: PERIOD, timeZone: TIME_ZONE },
      seed: { ms: seed.ms, org: { ...seed.result.org }, records: seed.result.records },
      scoring: { ...scoringTimed, cards: userIds.length, ...checked },
      floor: { ...floorTimed, groups: floor.size, sql: FLOOR_SQL },
      recordsFloor: { ...recordsTimed, sql: FLOOR_SQL[0] },
      ratio,
      recordsRatio,
      targets: judgeTargets(scoringTimed.medianMs, ratio),
      breakdown,
    };
    const file = writeResults(`scoring-${db.kind}.json`, report);
    process.stdout.write(formatMarkdown(report) + '\n');
    progress(`wrote ${file}`);
    if (!report.targets.underMaxMs || !report.targets.withinRatio) progress('a target was missed: see the table (the run itself is valid)');
  } finally {
    await ds.destroy();
    db.cleanup();
  }
}

runBench(progress, main);
