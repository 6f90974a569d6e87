/**
 * `perfbot outbox status` and `perfbot outbox retry`: HR's way (besides the button on the run
 * report) to send again what failed for good. The retry delivers the rows itself, so it works
 * whether or not the service is running (if it is, the two senders share the rows and the rate).
 */
import { In } from 'typeorm';
import { OutboxMessage } from '../entities';
import { OutboxSender, countOutbox } from '../outbox/sender';
import { retryFailedRows, type RetryTarget } from '../outbox/retry';
import { WeComClient } from '../wecom/client';
import { DbTokenStore } from '../wecom/db-token-store';
import { Command, parseOptions, withDatabase } from './command';

function parseRetryArgs(args: string[]): { target: RetryTarget; reason: string } | string {
  const { positional, options } = parseOptions(args);
  const reason = typeof options.reason === 'string' ? options.reason : 'retry requested from the command line';
  if (typeof options.id === 'string') {
    const ids = options.id.split(',').map((s) => Number(s.trim()));
    if (ids.some((n) => !Number.isInteger(n) || n <= 0)) return `--id takes outbox ids separated by commas, e.g. --id 12,13 (got ${options.id})`;
    return { target: { ids }, reason };
  }
  const [job, periodKey] = positional;
  if (!job || !periodKey) return 'name the run (job and period, as `perfbot job list` shows them) or the rows (--id)';
  return { target: { job, periodKey }, reason };
}

export const OUTBOX_COMMANDS: Record<string, Command> = {
  'outbox status': {
    usage: 'perfbot outbox status',
    help: 'count outbound messages by status (pending, sent, failed, unknown = no answer from WeCom)',
    async run(_args, config) {
      const counts = await withDatabase(config, countOutbox);
      console.log(`pending ${counts.pending ?? 0}, sent ${counts.sent ?? 0}, failed ${counts.failed ?? 0}, unknown ${counts.unknown ?? 0}`);
      return 0;
    },
  },
  'outbox retry': {
    usage: 'perfbot outbox retry <job> <period> | --id 12,13 [--reason …]',
    help: "send a run's failed messages (or the rows named) once more, with WeCom's duplicate check; audited",
    async run(args, config, log) {
      const req = parseRetryArgs(args);
      if (typeof req === 'string') {
        console.error(`${req}\nusage: ${this.usage}`);
        return 2;
      }
      return withDatabase(config, async (ds) => {
        const now = new Date();
        const retried = await retryFailedRows(ds, req.target, { actor: 'cli', now, maxAttempts: config.outbox.maxAttempts, reason: req.reason });
        if (retried.ids.length === 0) {
          console.log('no failed messages to retry (messages with an unknown result are never re-sent: they may have been delivered)');
          return 0;
        }
        log.info({ ids: retried.ids }, 'outbox rows retried by hand');
        const wecom = new WeComClient({ ...config.wecom, tokenStore: new DbTokenStore(ds), logger: log });
        const sender = new OutboxSender({ ds, transport: wecom, logger: log, ...config.outbox });
        try {
          await sender.drain();
        } finally {
          await sender.stop();
        }
        const rows = await ds.getRepository(OutboxMessage).findBy({ id: In(retried.ids) });
        const by = (s: string) => rows.filter((r) => r.status === s).length;
        console.log(
          `retried ${retried.ids.length}: sent ${by('sent')}, failed ${by('failed')}, unknown ${by('unknown')}, still pending ${by('pending')} (ids ${retried.ids.join(',')})`,
        );
        return by('failed') > 0 ? 1 : 0;
      });
    },
  },
};
