/**
 * The real app for bench/ingest: startApp on loopback over the bench's DataSource, wired to the
 * WeCom simulator as the tests wire it (no org sync, no cron), with an API key for records:write.
 */
import type { DataSource } from 'typeorm';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createApiKey } from '../src/http/auth';
import { createLogger } from '../src/logger';
import { DEMO_ORG } from '../src/sandbox/demo-org';
import { startSimulator } from '../src/sandbox/simulator';
import { BENCH_WECOM } from './callback-traffic';

export interface IngestApp {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

export async function startIngestApp(ds: DataSource, databaseUrl: string): Promise<IngestApp> {
  const sim = await startSimulator({ ...BENCH_WECOM, org: DEMO_ORG });
  try {
    const config = loadConfig({
      WECOM_CORP_ID: BENCH_WECOM.corpId,
      WECOM_AGENT_ID: String(BENCH_WECOM.agentId),
      WECOM_SECRET: BENCH_WECOM.secret,
      WECOM_TOKEN: BENCH_WECOM.token,
      WECOM_ENCODING_AES_KEY: BENCH_WECOM.encodingAESKey,
      WECOM_API_BASE: sim.url,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      LOG_LEVEL: 'warn',
    });
    // 'warn' so that per-request log lines do not weigh on the figures.
    const app = await startApp(config, { ds, logger: createLogger('warn'), schedule: false, syncOrgOnStart: false });
    const { key } = await createApiKey(ds, 'bench-ingest', ['records:write'], new Date());
    return {
      url: app.url,
      apiKey: key,
      async stop() {
        try {
          await app.stop();
        } finally {
          await sim.close();
        }
      },
    };
  } catch (err) {
    await sim.close();
    throw err;
  }
}
