/** A JobContext as the runner would give it (deliver → outbox with the (job, period, key) dedupe key), without the runner. */
import { toOutboundBody } from '../../src/bot/context';
import type { JobContext, JobDefinition, JobRunInfo } from '../../src/jobs/job';
import type { OutboundMessage } from '../../src/wecom/api-types';
import type { Harness } from '../helpers/app';

export function jobRun(h: Harness, job: JobDefinition, firedAt: Date, id = 1): { ctx: JobContext; skipped: Array<{ userId: string; reason: string }> } {
  const run: JobRunInfo = { id, job: job.name, periodKey: job.periodKeyFor(firedAt, h.config.timezone), firedAt, dryRun: false };
  const skipped: Array<{ userId: string; reason: string }> = [];
  return {
    skipped,
    ctx: {
      ds: h.ds,
      services: h.app.services,
      log: h.app.logger,
      run,
      async deliver(userId, content, key) {
        const message = { touser: [userId], ...toOutboundBody(content) } as OutboundMessage;
        return (await h.app.outbox.enqueue({ kind: 'message', message, dedupeKey: `${run.job}:${run.periodKey}:${key}` })) === null ? 'duplicate' : 'queued';
      },
      skip: (userId, reason) => void skipped.push({ userId, reason }),
    },
  };
}
