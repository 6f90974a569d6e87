/**
 * Benchmark of computing a week's scorecards for a whole company: computeScorecards over every
 * employee (the batched loads, the pure scoring and the peer ranking, as the API and the jobs call
 * it) against the floor, one hand-written SQL aggregate over the same records that any correct
 * implementation must at least read. Issue target: under 15 s and within 3× the floor.
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
import { seconds, timeOnce, timeRuns } from './common/timing';
import { measureBreakdown } from './scoring-breakdown';
import { formatMarkdown, judgeTargets, type ScoringBenchReport } from './scoring-report';

const PERIOD = '2026-W48';
const TIME_ZONE = 'Asia/Shanghai';
/** The seed's clock: the Monday after the week, when the weekly push would compute it. */
const SEED_NOW = new Date('2026-11-30T01:00:00.000Z');

export const FLOOR_SQL =
  'SELECT user_id, input, SUM(value) AS total FROM metric_records WHERE occurred_at >= ? AND occurred_at < ? GROUP BY user_id, input';

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

async function runFloor(ds: DataSource, period: Period): Promise<FloorSums> {
  const rows = (await ds.query(FLOOR_SQL, [sqlDateTime(period.start), sqlDateTime(period.end)])) as Array<{ user_id: string; input: string; total: number | string }>;
  const sums: FloorSums = new Map();
  for (const r of rows) sums.set(key(r.user_id, r.input), Number(r.total));
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
    progress(`floor: ${s.runs} runs`);
    const floorTimed = await timeRuns(s.runs, () => runFloor(ds, period), (sums) => (floor = sums));
    progress(`floor median ${seconds(floorTimed.medianMs)} s (${floor.size} groups)`);
    progress(`computeScorecards: ${s.runs} runs`);
    const scoringTimed = await timeRuns(
      s.runs,
      () => computeScorecards(ds, userIds, period, TIME_ZONE),
      (views, i, ms) => {
        checked = checkAgainstFloor(views, userIds, floor);
        progress(`run ${i + 1}: ${seconds(ms)} s, ${views.size} cards, ${checked.withTotal} with a total`);
      },
    );
    progress(`computeScorecards median ${seconds(scoringTimed.medianMs)} s`);

    const breakdown = s.breakdown ? await measureBreakdown(ds, userIds, period, TIME_ZONE, progress) : [];
    const ratio = scoringTimed.medianMs / floorTimed.medianMs;
    const report: ScoringBenchReport = {
      when: new Date().toISOString(),
      machine: describeMachine(await describeDatabase(ds)),
      settings: { db: db.kind, employees: s.employees, records: s.records, runs: s.runs, period: PERIOD, timeZone: TIME_ZONE },
      seed: { ms: seed.ms, org: { ...seed.result.org }, records: seed.result.records },
      scoring: { ...scoringTimed, cards: userIds.length, ...checked },
      floor: { ...floorTimed, groups: floor.size, sql: FLOOR_SQL },
      ratio,
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
