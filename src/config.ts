/**
 * The environment, parsed and validated once. Nothing else reads process.env.
 * With no WeCom credentials the service runs against the built-in simulator (sandbox mode).
 */
import { createHmac } from 'node:crypto';
import path from 'node:path';
import cron from 'node-cron';
import { parseQuietHours, type AlertDeliveryConfig } from './alerts/delivery';
import { z } from 'zod';

export const DEFAULT_WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const int = (def: number, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A node-cron expression (5 fields, or 6 with seconds first), checked with node-cron itself. */
function cronExpression(def: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return def;
      const check = cron.validateDetailed(v);
      if (!check.valid) {
        const why = check.errors.map((e) => `${e.field}: ${e.message}`).join(', ');
        ctx.addIssue({ code: 'custom', message: `must be a cron expression such as '${def}' (minute hour day month weekday); ${why || 'invalid'}` });
        return z.NEVER;
      }
      return v;
    });
}

const schema = z.object({
  WECOM_CORP_ID: optionalText,
  WECOM_AGENT_ID: optionalText.refine((v) => v === undefined || /^\d+$/.test(v), 'must be a number'),
  WECOM_SECRET: optionalText,
  WECOM_TOKEN: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9]{1,32}$/.test(v),
    'must be 1 to 32 letters or digits',
  ),
  WECOM_ENCODING_AES_KEY: optionalText.refine(
    (v) => v === undefined || /^[A-Za-z0-9]{43}$/.test(v),
    'must be 43 letters or digits',
  ),
  WECOM_API_BASE: optionalText.refine((v) => v === undefined || /^https?:\/\//.test(v), 'must be an http(s) URL'),
  WECOM_CALLBACK_MAX_SKEW_S: int(300, 0, 86400),
  WECOM_API_TIMEOUT_MS: int(5000, 100, 120000),
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^(mysql|mariadb|sqlite):/.test(v),
    'must start with mysql://, mariadb:// or sqlite:',
  ),
  PORT: int(3000, 0, 65535),
  HOST: optionalText.refine((v) => v === undefined || /^[0-9A-Fa-f:.]+$|^localhost$/.test(v), 'must be an IP address such as 127.0.0.1 or 0.0.0.0'),
  PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s]+$/.test(v), 'must be an http(s) URL such as https://perfbot.example.com'),
  PERFBOT_TIMEZONE: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || 'Asia/Shanghai')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Shanghai'),
  OUTBOX_RATE_PER_MIN: int(1200, 1, 100000),
  OUTBOX_MAX_ATTEMPTS: int(8, 1, 100),
  CALLBACK_CONCURRENCY: int(4, 1, 64),
  CALLBACK_MAX_PENDING: int(512, 1, 100000),
  CALLBACK_RECORD_TIMEOUT_MS: int(3000, 100, 4500),
  IMPORT_CONCURRENCY: int(1, 1, 8),
  IMPORT_QUEUE: int(4, 0, 100),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional().default('info'),
  SANDBOX_PORT: int(3001, 0, 65535),
  PERFBOT_LINK_SECRET: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  PERFBOT_HR_USERIDS: optionalText,
  PERFBOT_OAUTH_PER_CLIENT_PER_MIN: int(10, 1, 100000),
  PERFBOT_OAUTH_PER_MIN: int(300, 1, 1000000),
  PERFBOT_METRICS_TOKEN: optionalText.refine((v) => v === undefined || /^[\x21-\x7e]{16,}$/.test(v), 'must be at least 16 printable characters without spaces'),
  PERFBOT_DATA_DIR: optionalText,
  PERFBOT_APPEAL_WINDOW_MIN: int(30, 1, 1440),
  PERFBOT_TAG_REPEAT_WINDOW_MIN: int(1440, 0, 43200),
  PERFBOT_APPEALS_TO_HR: z.enum(['0', '1', 'true', 'false', '']).optional().transform((v) => v === '1' || v === 'true'),
  PERFBOT_JOB_GRACE_H: int(6, 0, 24 * 7),
  PERFBOT_JOB_REPORT_WAIT_S: int(600, 0, 86400),
  PERFBOT_CRON_WEEKLY_SCORECARD: cronExpression('0 17 * * 5'),
  PERFBOT_CRON_REVIEW_TODO: cronExpression('0 9 25 * *'),
  PERFBOT_CRON_REVIEW_REMINDER: cronExpression('0 9 27 * *'),
  PERFBOT_CRON_ORG_SYNC: cronExpression('30 2 * * *'),
  PERFBOT_CRON_TALENT_QUARTERLY: cronExpression('0 9 1 1,4,7,10 *'),
  PERFBOT_CRON_PLAN_CHECKIN: cronExpression('0 10 20 * *'),
  PERFBOT_CRON_ALERTS: cronExpression('0 9 * * 1'),
  PERFBOT_CRON_OUTCOMES_MONTHLY: cronExpression('0 9 2 * *'),
  PERFBOT_ALERT_QUIET_HOURS: optionalText.refine((v) => v === undefined || quietHoursValid(v), 'must look like 22:00-08:00 (local time; may wrap midnight)'),
  PERFBOT_ALERT_DIGEST_MIN_REPORTS: int(0, 0, 1000000),
});

function quietHoursValid(v: string): boolean {
  try {
    parseQuietHours(v);
    return true;
  } catch {
    return false;
  }
}

export interface WeComConfig {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAESKey: string;
  apiBase: string;
  timeoutMs: number;
}

export interface Config {
  /** True when no WeCom credentials are set: `npm start` runs the bundled simulator. */
  sandbox: boolean;
  wecom: WeComConfig;
  callbackMaxSkewS: number;
  database: { type: 'sqlite'; file: string } | { type: 'mysql'; url: string };
  port: number;
  /** Listen address: every interface in production, loopback in sandbox mode (its keys are local). */
  host: string;
  publicUrl?: string;
  timezone: string;
  outbox: { ratePerMinute: number; maxAttempts: number };
  /** Handlers run at most `concurrency` at once; past `maxPending` unrecorded acks, or a record slower than the timeout, the answer is 503. */
  callbacks: { concurrency: number; maxPending: number; recordTimeoutMs: number };
  /** Spreadsheet imports read at most `concurrency` at once; `queue` more wait, the rest get 503. */
  imports: { concurrency: number; queue: number };
  logLevel: string;
  sandboxPort: number;
  /** Signs expiring viewer links to pages and the read API. */
  linkSecret: string;
  /** Detail-page OAuth code exchanges (each a WeCom API call) allowed per minute, per client address and in all. */
  oauthLimits: { perClientPerMinute: number; perMinute: number };
  /** Bearer token a scraper must send for GET /metrics; without one /metrics is not served. */
  metricsToken?: string;
  /** Members who have the HR role from the start (more can be granted with `perfbot role grant`). */
  hrUserIds: string[];
  /** Where files live (evidence downloaded from WeCom); the SQLite default sits here too. */
  dataDir: string;
  /** How long after 发起申诉 the member's next messages count as the appeal's reason and evidence. */
  appealWindowMinutes: number;
  /** Send appeals to HR as well as to the direct leader. */
  appealsToHr: boolean;
  /** The same tag for the same person within this many minutes asks for confirmation (0: never). */
  tagRepeatWindowMinutes: number;
  jobs: JobsConfig;
  /** Alert delivery: quiet hours and the weekly digest (absent: neither). */
  alerts?: AlertDeliveryConfig;
}

export interface JobsConfig {
  /** A firing missed while the service was down is caught up at start when it is at most this old. */
  graceHours: number;
  /** How long a run waits for its messages to be delivered (or fail) before reporting to HR. */
  reportWaitMs: number;
  /** Cron expressions by job name (weekly_scorecard, review_todo, review_reminder, org_sync), in the configured time zone. */
  schedules: Record<string, string>;
}

const REQUIRED_FOR_WECOM = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
] as const;

/**
 * Placeholder sandbox credentials: published, so src/sandbox/sandbox-keys.ts replaces the secret,
 * token and key with per-install ones before the service or the CLI uses them.
 */
export const SANDBOX_WECOM: Omit<WeComConfig, 'apiBase' | 'timeoutMs'> = {
  corpId: 'wwsandbox0000000001',
  agentId: 1000002,
  secret: 'sandbox-secret',
  token: 'perfbotSandboxToken',
  encodingAESKey: 'perfbotSandboxKey00000000000000000000000000'.slice(0, 43),
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0])} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const present = REQUIRED_FOR_WECOM.filter((k) => e[k] !== undefined);
  if (present.length > 0 && present.length < REQUIRED_FOR_WECOM.length) {
    const missing = REQUIRED_FOR_WECOM.filter((k) => e[k] === undefined);
    throw new ConfigError(`invalid configuration: ${missing.join(', ')} must be set too (or none of the WECOM_* credentials, for the sandbox)`);
  }
  const sandbox = present.length === 0;
  const creds = sandbox
    ? SANDBOX_WECOM
    : {
        corpId: e.WECOM_CORP_ID!,
        agentId: Number(e.WECOM_AGENT_ID),
        secret: e.WECOM_SECRET!,
        token: e.WECOM_TOKEN!,
        encodingAESKey: e.WECOM_ENCODING_AES_KEY!,
      };
  return {
    sandbox,
    wecom: {
      ...creds,
      apiBase: (e.WECOM_API_BASE ?? (sandbox ? `http://127.0.0.1:${e.SANDBOX_PORT}` : DEFAULT_WECOM_API_BASE)).replace(/\/+$/, ''),
      timeoutMs: e.WECOM_API_TIMEOUT_MS,
    },
    callbackMaxSkewS: e.WECOM_CALLBACK_MAX_SKEW_S,
    database: parseDatabaseUrl(e.DATABASE_URL),
    port: e.PORT,
    host: e.HOST ?? (sandbox ? '127.0.0.1' : '0.0.0.0'),
    publicUrl: e.PUBLIC_URL,
    timezone: e.PERFBOT_TIMEZONE,
    outbox: { ratePerMinute: e.OUTBOX_RATE_PER_MIN, maxAttempts: e.OUTBOX_MAX_ATTEMPTS },
    callbacks: { concurrency: e.CALLBACK_CONCURRENCY, maxPending: e.CALLBACK_MAX_PENDING, recordTimeoutMs: e.CALLBACK_RECORD_TIMEOUT_MS },
    imports: { concurrency: e.IMPORT_CONCURRENCY, queue: e.IMPORT_QUEUE },
    logLevel: e.LOG_LEVEL,
    sandboxPort: e.SANDBOX_PORT,
    // Without its own secret the link key is derived from the app secret, so links survive restarts.
    linkSecret: e.PERFBOT_LINK_SECRET ?? deriveLinkSecret(creds.secret),
    dataDir: path.resolve(e.PERFBOT_DATA_DIR ?? 'data'),
    metricsToken: e.PERFBOT_METRICS_TOKEN,
    oauthLimits: { perClientPerMinute: e.PERFBOT_OAUTH_PER_CLIENT_PER_MIN, perMinute: e.PERFBOT_OAUTH_PER_MIN },
    appealWindowMinutes: e.PERFBOT_APPEAL_WINDOW_MIN,
    appealsToHr: e.PERFBOT_APPEALS_TO_HR,
    tagRepeatWindowMinutes: e.PERFBOT_TAG_REPEAT_WINDOW_MIN,
    jobs: {
      graceHours: e.PERFBOT_JOB_GRACE_H,
      reportWaitMs: e.PERFBOT_JOB_REPORT_WAIT_S * 1000,
      schedules: {
        weekly_scorecard: e.PERFBOT_CRON_WEEKLY_SCORECARD,
        review_todo: e.PERFBOT_CRON_REVIEW_TODO,
        review_reminder: e.PERFBOT_CRON_REVIEW_REMINDER,
        org_sync: e.PERFBOT_CRON_ORG_SYNC,
        talent_quarterly: e.PERFBOT_CRON_TALENT_QUARTERLY,
        plan_checkin: e.PERFBOT_CRON_PLAN_CHECKIN,
        alerts: e.PERFBOT_CRON_ALERTS,
        outcomes_monthly: e.PERFBOT_CRON_OUTCOMES_MONTHLY,
      },
    },
    hrUserIds: (e.PERFBOT_HR_USERIDS ?? '').split(/[,，\s]+/).filter(Boolean),
    alerts: { quietHours: parseQuietHours(e.PERFBOT_ALERT_QUIET_HOURS ?? ''), digestMinReports: e.PERFBOT_ALERT_DIGEST_MIN_REPORTS },
  };
}

export function deriveLinkSecret(appSecret: string): string {
  return createHmac('sha256', appSecret).update('perfbot-viewer-links').digest('hex');
}

function parseDatabaseUrl(url: string | undefined): Config['database'] {
  if (!url) return { type: 'sqlite', file: path.resolve('data', 'perfbot.sqlite') };
  if (url.startsWith('sqlite:')) {
    const file = url.replace(/^sqlite:(\/\/)?/, '');
    return { type: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  return { type: 'mysql', url };
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
