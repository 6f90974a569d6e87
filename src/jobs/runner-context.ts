/**
 * The JobContext a run gets: deliver() writes one outbox row per (job, period, key) so a resumed run
 * or a second instance sends nothing twice; a dry run records what would be sent instead.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { BotServices, ReplyContent, toOutboundBody } from '../bot/context';
import type { Logger } from '../logger';
import type { OutboundMessage } from '../wecom/api-types';
import type { JobContext, JobRunInfo } from './job';

const DEDUPE_KEY_MAX = 191;

/** The outbox rows of one run share this prefix (the delivery wait and the report look them up by it). */
export function runKeyPrefix(job: string, periodKey: string): string {
  return `job:${job}:${periodKey}:`;
}

/** `job:<job>:<period>:<key>`, with the key hashed when the whole would pass the column's 191 characters. */
export function jobDedupeKey(job: string, periodKey: string, key: string): string {
  const full = runKeyPrefix(job, periodKey) + key;
  if (full.length <= DEDUPE_KEY_MAX) return full;
  return runKeyPrefix(job, periodKey) + '#' + createHash('sha256').update(key).digest('hex');
}

export interface DryRunMessage {
  userId: string;
  key: string;
  summary: string;
}

export interface SkippedEntry {
  userId: string;
  reason: string;
}

/** What one attempt of a run did, for the counts and the report. */
export interface RunTally {
  queued: number;
  duplicates: number;
  skipped: SkippedEntry[];
  messages: DryRunMessage[];
}

/** Thrown from deliver() once the run must stop: shut down, or taken over by another instance. */
export class RunInterrupted extends Error {
  constructor(readonly reason: 'aborted' | 'lease-lost') {
    super(`job run interrupted: ${reason}`);
  }
}

export function createJobContext(o: {
  ds: DataSource;
  services: BotServices;
  log: Logger;
  run: JobRunInfo;
  tally: RunTally;
  /** Throws RunInterrupted when the run must not go on. */
  checkpoint: () => void;
}): JobContext {
  const { run, tally } = o;
  return {
    ds: o.ds,
    services: o.services,
    log: o.log,
    run,
    async deliver(userId, content, key, opts) {
      o.checkpoint();
      if (run.dryRun) {
        tally.messages.push({ userId, key, summary: summarizeContent(content) });
        return 'dry-run';
      }
      const message = { touser: [userId], ...toOutboundBody(content) } as OutboundMessage;
      const id = await o.services.outbox.enqueue({ kind: 'message', message, dedupeKey: jobDedupeKey(run.job, run.periodKey, key), notBefore: opts?.notBefore });
      if (id === null) tally.duplicates++;
      else tally.queued++;
      return id === null ? 'duplicate' : 'queued';
    },
    skip(userId, reason) {
      tally.skipped.push({ userId, reason });
    },
  };
}

/** One line saying what a message is: its type and title, for dry runs and logs. */
export function summarizeContent(content: ReplyContent): string {
  const clip = (s: string, n = 60) => {
    const flat = s.replace(/\s+/g, ' ').trim();
    return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
  };
  if (typeof content === 'string') return `文本：${clip(content)}`;
  if ('markdown' in content) return `Markdown：${clip(content.markdown.replace(/[*#>`]/g, ''))}`;
  if ('image' in content) return '图片';
  const card = content.card as unknown as {
    card_type?: string;
    main_title?: { title?: string; desc?: string };
    sub_title_text?: string;
    button_list?: Array<{ text?: string }>;
  };
  const parts = [card.main_title?.title, card.main_title?.desc ?? card.sub_title_text].filter(Boolean).join(' · ');
  const buttons = card.button_list?.map((b) => b.text).filter(Boolean) ?? [];
  return `卡片(${card.card_type ?? '?'})：${clip(parts || '无标题')}${buttons.length ? `［${buttons.join('｜')}］` : ''}`;
}
