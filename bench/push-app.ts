/**
 * bench/push's set-up: a fresh database with the bench org (employees, metric assignments, a
 * week's records) and the real app (startApp: WeCom client, outbox sender, job runner) pointed at
 * the simulator process, with OUTBOX_RATE_PER_MIN as asked. No cron, no org sync (the seed is the
 * org), logs at 'warn' on stderr (stdout is the table) so that log lines do not weigh on the figures.
 */
import type { DataSource } from 'typeorm';
import { App, startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { periodOf, type Period } from '../src/domain/periods';
import { Employee } from '../src/entities';
import type { JobDefinition } from '../src/jobs/job';
import { createLogger } from '../src/logger';
import { BENCH_WECOM } from './callback-traffic';
import type { BenchEmployee } from './common/bench-org';
import type { BenchDatabase } from './common/database';
import { seedBenchOrg, seedRecords } from './common/seed-org';

export async function seedPushDatabase(ds: DataSource, employees: BenchEmployee[], week: Period, records: number, now: Date): Promise<void> {
  await seedBenchOrg(ds, employees, now);
  if (records > 0) await seedRecords(ds, { employees, period: week, count: records }, now);
}

export async function startPushApp(ds: DataSource, db: BenchDatabase, simUrl: string, ratePerMinute: number): Promise<App> {
  const config = loadConfig({
    WECOM_CORP_ID: BENCH_WECOM.corpId,
    WECOM_AGENT_ID: String(BENCH_WECOM.agentId),
    WECOM_SECRET: BENCH_WECOM.secret,
    WECOM_TOKEN: BENCH_WECOM.token,
    WECOM_ENCODING_AES_KEY: BENCH_WECOM.encodingAESKey,
    WECOM_API_BASE: simUrl,
    OUTBOX_RATE_PER_MIN: String(ratePerMinute),
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...(db.mysqlUrl ? { DATABASE_URL: db.mysqlUrl } : {}),
  });
  return startApp(config, { ds, logger: createLogger('warn', process.stderr), schedule: false, syncOrgOnStart: false, recoverOnStart: false });
}

/**
 * `--job simple`: one small text_notice card per active employee and nothing else, to measure the
 * outbox path without the scoring (and the fallback the bench was written with before the weekly job existed).
 */
export const simplePushJob: JobDefinition = {
  name: 'bench_simple_push',
  title: '压测推送',
  defaultSchedule: '0 17 * * 5',
  periodKeyFor: (firedAt, timeZone) => periodOf('week', firedAt, timeZone).key,
  async run(ctx) {
    const employees = await ctx.ds.getRepository(Employee).find({ where: { active: true }, select: { userId: true, name: true }, order: { userId: 'ASC' } });
    for (const e of employees) {
      const card = {
        card_type: 'text_notice' as const,
        source: { desc: '绩效助手 · 压测' },
        main_title: { title: `${e.name}，本周绩效看板`, desc: ctx.run.periodKey },
        sub_title_text: '压测消息，无需处理。',
        card_action: { type: 1 as const, url: 'https://example.com/h5/scorecard' },
      };
      await ctx.deliver(e.userId, { card }, `card:${e.userId}`);
    }
  },
};
