/**
 * The send rate as one budget across instances, in real time: two sender processes on one
 * database, each configured at --rate per minute, deliver --messages rows to a transport that
 * records when each call was made (5 ms per call, as a fast WeCom). Reports the combined rate
 * (target: --rate, within 5 %); alone, each instance would send at --rate, so two at 2 × rate is
 * what the bug looked like.
 *
 *   npm run bench:rate -- [--rate 1200] [--messages 600] [--instances 2] [--db sqlite|mariadb]
 *
 * The database is fresh (bench/common/database.ts); use DATABASE_URL for your own MariaDB database.
 */
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { Config } from '../src/config';
import { createDataSource } from '../src/data-source';
import { enqueueOutbox } from '../src/outbox/outbox';
import { OutboxSender } from '../src/outbox/sender';
import { chooseDatabase, openFreshDatabase } from './common/database';

interface SenderJob {
  database: Config['database'];
  rate: number;
}

/** Child: one instance's sender, until no row is due; sends back the instants of its calls. */
async function runSender(job: SenderJob): Promise<void> {
  const ds = await createDataSource(job.database).initialize();
  const calls: number[] = [];
  const transport = {
    async sendMessage() {
      calls.push(Date.now());
      await new Promise((r) => setTimeout(r, 5));
      return { invalidUsers: [] };
    },
    async updateTemplateCard() {
      return { invalidUsers: [] };
    },
  };
  const sender = new OutboxSender({ ds, transport, logger: pino({ level: 'warn' }), ratePerMinute: job.rate, maxAttempts: 3 });
  await sender.drain();
  await ds.destroy();
  process.send!({ calls });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rate: { type: 'string' }, messages: { type: 'string' }, instances: { type: 'string' }, db: { type: 'string' } } });
  const rate = Number(values.rate ?? 1200);
  const messages = Number(values.messages ?? 600);
  const instances = Number(values.instances ?? 2);
  const db = chooseDatabase(values.db);
  const ds = await openFreshDatabase(db.config);
  const now = new Date();
  await ds.transaction(async (tx) => {
    for (let i = 0; i < messages; i++) {
      await enqueueOutbox(tx, { kind: 'message', message: { touser: [`u${i}`], msgtype: 'text', text: { content: `消息 ${i}` } } }, now);
    }
  });
  await ds.destroy();
  const job: SenderJob = { database: db.config, rate };
  const results = await Promise.all(
    Array.from({ length: instances }, () => {
      const child = fork(__filename, ['--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.send(job);
      return new Promise<number[]>((resolve, reject) => {
        child.once('message', (m: { calls: number[] }) => resolve(m.calls));
        child.once('exit', (code) => (code ? reject(new Error(`sender exited ${code}`)) : undefined));
      });
    }),
  );
  const all = results.flat().sort((a, b) => a - b);
  const perMinute = ((all.length - 1) * 60_000) / (all[all.length - 1] - all[0]);
  const deviation = (perMinute - rate) / rate;
  console.log(`| ${db.kind} | ${instances} × ${rate}/min | ${all.length} (${results.map((r) => r.length).join(' + ')}) | ${perMinute.toFixed(0)}/min | ${(deviation * 100).toFixed(2)} % |`);
  db.cleanup();
  if (all.length !== messages || Math.abs(deviation) > 0.05) process.exitCode = 1;
}

if (process.argv.includes('--child')) {
  process.once('message', (job: SenderJob) => void runSender(job).then(() => process.exit(0), (err: unknown) => {
    console.error(err);
    process.exit(1);
  }));
} else {
  void main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
