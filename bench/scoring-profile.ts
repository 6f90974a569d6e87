/**
 * Developer aid (not a figure): seeds the scoring bench's data once into a kept database, then
 * times computeScorecards with its SQL by statement kind and a CPU profile by source.
 *   node dist/bench/scoring-profile.js [--db sqlite|mariadb] [--file /tmp/x.sqlite] [--runs 2]
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createDataSource } from '../src/data-source';
import { parsePeriod } from '../src/domain/periods';
import { computeScorecards } from '../src/repositories/scorecards';
import { buildBenchEmployees } from './common/bench-org';
import { chooseDatabase } from './common/database';
import { seedBenchOrg, seedRecords } from './common/seed-org';
import { startCpuProfile } from './common/cpu-profile';

/** CPU time per statement kind (SQLite runs in this process, so that is the statement's work). */
function timeSqlCpu(ds: import('typeorm').DataSource) {
  const tallies = new Map<string, { n: number; ms: number; rows: number }>();
  const runner = ds.driver.createQueryRunner('master');
  const original = runner.query;
  runner.query = (async (sql: string, params?: unknown[], structured?: boolean) => {
    const c0 = process.cpuUsage();
    const res = await (original as (...a: unknown[]) => Promise<unknown>).call(runner, sql, params, structured);
    const c = process.cpuUsage(c0);
    const kind = sql.replace(/\s+/g, ' ').slice(0, 80);
    const t = tallies.get(kind) ?? { n: 0, ms: 0, rows: 0 };
    t.n++; t.ms += (c.user + c.system) / 1000; t.rows += Array.isArray(res) ? res.length : 0;
    tallies.set(kind, t);
    return res;
  }) as typeof original;
  return { stop() { runner.query = original; return [...tallies].sort((a, b) => b[1].ms - a[1].ms); } };
}
const FLOOR_SQL = 'SELECT user_id, input, SUM(value) AS total FROM metric_records WHERE occurred_at >= ? AND occurred_at < ? GROUP BY user_id, input';
import { sqlDateTime } from './common/bulk-insert';

async function main() {
  const { values } = parseArgs({ options: { db: { type: 'string' }, file: { type: 'string', default: '/tmp/scoring-prof/perfbot.sqlite' }, runs: { type: 'string', default: '2' } } });
  const db = chooseDatabase(values.db);
  const config = db.kind === 'sqlite' ? { type: 'sqlite' as const, file: values.file! } : db.config;
  const fresh = db.kind === 'sqlite' ? !fs.existsSync(values.file!) : true;
  const ds = createDataSource(config);
  await ds.initialize();
  let seeded = false;
  if (!fresh || db.kind === 'mariadb') {
    try {
      const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM metric_records');
      seeded = Number(n) === 1_000_000;
    } catch { seeded = false; }
  }
  const period = parsePeriod('2026-W48', 'Asia/Shanghai');
  const employees = buildBenchEmployees(10000);
  if (!seeded) {
    if (db.kind === 'mariadb') await ds.dropDatabase();
    await ds.runMigrations();
    const now = new Date('2026-11-30T01:00:00.000Z');
    await seedBenchOrg(ds, employees, now);
    await seedRecords(ds, { employees, period, count: 1_000_000 }, now);
    console.error('seeded');
  }
  const ids = employees.map((e) => e.userId);
  for (let i = 0; i < Number(values.runs); i++) {
    let t = performance.now();
    const f0 = process.cpuUsage();
    await ds.query(FLOOR_SQL, [sqlDateTime(period.start), sqlDateTime(period.end)]);
    const floorMs = performance.now() - t;
    const fu = process.cpuUsage(f0);
    const floorCpu = (fu.user + fu.system) / 1000;
    const timer = timeSqlCpu(ds);
    const prof = await startCpuProfile();
    t = performance.now();
    const cpu0 = process.cpuUsage();
    await computeScorecards(ds, ids, period, 'Asia/Shanghai');
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu0);
    const cpu = await prof.stop();
    const sql = timer.stop();
    console.log(`run ${i + 1}: scoring ${ms.toFixed(0)} ms, floor ${floorMs.toFixed(0)} ms, ratio ${(ms / floorMs).toFixed(2)}, process cpu ${((used.user + used.system) / 1000).toFixed(0)} ms vs floor cpu ${floorCpu.toFixed(0)} ms: cpu ratio ${((used.user + used.system) / 1000 / floorCpu).toFixed(2)}`);
    for (const [k, s] of sql.slice(0, 8)) console.log(`  sql cpu ${s.ms.toFixed(0).padStart(6)} ms ×${s.n} ${s.rows} rows ${k}`);
    for (const c of cpu.bySource.slice(0, 16)) console.log(`  cpu ${c.ms.toFixed(0).padStart(6)} ms ${c.where}`);
  }
  // Phases by CPU time: the loads alone, then the pure scoring of what they loaded.
  const { loadScoringInputs } = await import('../src/repositories/scorecard-data');
  const { computeScorecard, rankPeers } = await import('../src/domain/scoring');
  for (let i = 0; i < 2; i++) {
    const c0 = process.cpuUsage();
    const bundle = await loadScoringInputs(ds, ids, period, 'Asia/Shanghai');
    const c1 = process.cpuUsage(c0);
    const c2 = process.cpuUsage();
    const cards = new Map(bundle.employees.map((e) => [e.userId, computeScorecard(bundle.inputs.get(e.userId)!)]));
    rankPeers(bundle.employees.map((e) => ({ userId: e.userId, departmentId: e.mainDepartmentId, position: e.position, total: cards.get(e.userId)!.total })));
    const c3 = process.cpuUsage(c2);
    console.log(`phases: loads cpu ${((c1.user + c1.system) / 1000).toFixed(0)} ms, pure scoring cpu ${((c3.user + c3.system) / 1000).toFixed(0)} ms`);
  }
  await ds.destroy();
}
main().catch((e) => { console.error(e); process.exit(1); });
