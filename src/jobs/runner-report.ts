/**
 * The end of a run: wait until its outbox rows are delivered or failed (bounded), read what
 * happened to them, and send HR one report, once per run (its own dedupe key per HR member).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { In, type DataSource } from 'typeorm';
import { buildRunRetryCard } from '../../cards/run-retry-card';
import type { BotServices } from '../bot/context';
import { formatLocal } from '../domain/periods';
import { Employee, OutboxMessage } from '../entities';
import { hrRecipients } from '../repositories/access';
import type { JobRunInfo } from './job';
import { runKeyPrefix, type RunTally } from './runner-context';
import { buildRunReport, describeFailure, type DeliveryOutcome, type FailureGroup } from './runner-report-text';

/** `LIKE 'prefix%'` with the prefix's own % and _ taken literally (ESCAPE '!' works on SQLite and MySQL). */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[!%_]/g, '!$&')}%`;
}

function runRows(ds: DataSource, job: string, periodKey: string) {
  return ds
    .getRepository(OutboxMessage)
    .createQueryBuilder('o')
    .where("o.dedupeKey LIKE :p ESCAPE '!'", { p: likePrefix(runKeyPrefix(job, periodKey)) });
}

/**
 * Polls until none of the run's rows is pending, or `waitMs` (real time) has passed; `checkpoint`
 * throws when the run must stop (shutdown, lost lease).
 */
export async function waitForDelivery(
  ds: DataSource,
  run: Pick<JobRunInfo, 'job' | 'periodKey'>,
  o: { waitMs: number; pollMs: number; checkpoint: () => void },
): Promise<void> {
  const deadline = Date.now() + o.waitMs;
  for (;;) {
    o.checkpoint();
    const pending = await runRows(ds, run.job, run.periodKey).andWhere("o.status = 'pending'").getCount();
    if (pending === 0 || Date.now() >= deadline) return;
    await sleep(Math.min(o.pollMs, Math.max(1, deadline - Date.now())));
  }
}

export async function collectDelivery(ds: DataSource, run: Pick<JobRunInfo, 'job' | 'periodKey'>): Promise<DeliveryOutcome> {
  const counts: Array<{ status: string; n: string | number }> = await runRows(ds, run.job, run.periodKey)
    .select('o.status', 'status')
    .addSelect('COUNT(*)', 'n')
    .groupBy('o.status')
    .getRawMany();
  const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
  const failedRows = await runRows(ds, run.job, run.periodKey)
    .andWhere("o.status = 'failed'")
    .select(['o.id', 'o.recipients', 'o.errcode', 'o.lastError'])
    .orderBy('o.id', 'ASC')
    .getMany();
  const groups = new Map<string, FailureGroup>();
  for (const row of failedRows) {
    const reason = describeFailure(row.errcode, row.lastError);
    const key = `${row.errcode ?? ''}|${reason}`;
    const group = groups.get(key) ?? { errcode: row.errcode, reason, userIds: [] };
    group.userIds.push(...row.recipients.split('|').filter(Boolean));
    groups.set(key, group);
  }
  const unknownRows = await runRows(ds, run.job, run.periodKey)
    .andWhere("o.status = 'unknown'")
    .select(['o.id', 'o.recipients'])
    .orderBy('o.id', 'ASC')
    .getMany();
  return {
    sent: count('sent'),
    failed: count('failed'),
    pending: count('pending'),
    failures: [...groups.values()].sort((a, b) => b.userIds.length - a.userIds.length),
    unknown: count('unknown'),
    sentAfterTimeout: await runRows(ds, run.job, run.periodKey).andWhere("o.status = 'sent' AND o.timeouts > 0").getCount(),
    unknownUserIds: unknownRows.flatMap((r) => r.recipients.split('|').filter(Boolean)),
  };
}


/** Builds the report and queues it to every HR member; returns the recipients (none when nobody has the role). */
export async function sendRunReport(
  services: BotServices,
  o: { title: string; run: JobRunInfo; tally: RunTally; delivery: DeliveryOutcome },
): Promise<string[]> {
  const { config, outbox, ds } = services;
  const ids = [...new Set([...o.delivery.failures.flatMap((f) => f.userIds), ...o.tally.skipped.map((s) => s.userId)])];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const e of await ds.getRepository(Employee).findBy({ userId: In(ids.slice(i, i + 500)) })) names.set(e.userId, e.name);
  }
  const markdown = buildRunReport({
    names,
    title: o.title,
    periodKey: o.run.periodKey,
    firedAtLocal: formatLocal(o.run.firedAt, config.timezone),
    queued: o.tally.queued,
    duplicates: o.tally.duplicates,
    delivery: o.delivery,
    skipped: o.tally.skipped,
  });
  const recipients = await hrRecipients(ds, config.hrUserIds);
  for (const userId of recipients) {
    // Not under the run's prefix: the report is not one of the run's messages.
    const dedupeKey = `jobreport:${o.run.job}:${o.run.periodKey}:${userId}`.slice(0, 191);
    await outbox.enqueue({ kind: 'message', message: { touser: [userId], msgtype: 'markdown', markdown: { content: markdown } }, dedupeKey });
    if (o.delivery.failed > 0) {
      // Markdown cannot carry a button: the retry offer is a card of its own, right after the report.
      const card = buildRunRetryCard({ runId: o.run.id, title: o.title, periodKey: o.run.periodKey, failed: o.delivery.failed, unknown: o.delivery.unknown ?? 0 }, userId);
      await outbox.enqueue({
        kind: 'message',
        message: { touser: [userId], msgtype: 'template_card', template_card: card },
        dedupeKey: `jobretry:${o.run.job}:${o.run.periodKey}:${userId}`.slice(0, 191),
      });
    }
  }
  return recipients;
}
