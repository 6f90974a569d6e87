/**
 * `npm run bench:demo` (add DATABASE_URL=mariadb://… for MariaDB): how long the sandbox's first start
 * takes to generate the demo factory — org sync of ~300 people, then two quarters of records, tags,
 * reviews, ratings, suggestions and exceptions — on a fresh database. Prints the counts and times.
 */
import { startDemoStack } from '../src/sandbox/demo-stack';
import { chooseDatabase, describeDatabase, openFreshDatabase } from './common/database';

async function main(): Promise<void> {
  const db = chooseDatabase(process.argv.includes('--db') ? process.argv[process.argv.indexOf('--db') + 1] : undefined);
  const ds = await openFreshDatabase(db.config);
  const url = db.config.type === 'sqlite' ? `sqlite:${db.config.file}` : db.config.url;
  const started = Date.now();
  const cpu = process.cpuUsage();
  const stack = await startDemoStack({ ds, databaseUrl: url, start: new Date('2026-11-26T02:00:00Z') });
  const total = Date.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  const s = stack.summary!;
  console.log(`database: ${await describeDatabase(ds)}`);
  console.log(`people ${s.people}, assignments ${s.assignments}, records ${s.records}, tags ${s.tags}, reviews ${s.reviews}, ratings ${s.ratings}, suggestions ${s.suggestions}, exceptions ${s.exceptions}`);
  console.log(`demo history generated in ${(s.ms / 1000).toFixed(1)} s; first start (migrate, org sync, history) ${(total / 1000).toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU of this process`);
  console.log(`load average while measuring: ${require('node:os').loadavg().map((l: number) => l.toFixed(1)).join(' ')} on ${require('node:os').cpus().length} cores`);
  await stack.stop();
  db.cleanup();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
