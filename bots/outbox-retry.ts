/** The 重发 button on a run's failure card: HR sends the run's failed messages once more. */
import { RUN_RETRY_PREFIX } from '../cards/run-retry-card';
import type { ButtonContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { JobRun } from '../src/entities';
import { retryFailedRows } from '../src/outbox/retry';
import { hasRole } from '../src/repositories/access';

async function retryRun(ctx: ButtonContext): Promise<void> {
  const { ds, config, clock } = ctx.services;
  if (!(await hasRole(ds, ctx.userId, 'hr', config.hrUserIds))) {
    await ctx.reply('重发推送仅限 HR 使用。');
    return;
  }
  const runId = Number(ctx.args[0]);
  const run = Number.isInteger(runId) ? await ds.getRepository(JobRun).findOneBy({ id: runId }) : null;
  if (!run) {
    await ctx.reply('找不到这次推送的记录，无法重发。');
    return;
  }
  const retried = await retryFailedRows(ds, { job: run.job, periodKey: run.periodKey }, {
    actor: `user:${ctx.userId}`,
    now: clock(),
    maxAttempts: config.outbox.maxAttempts,
    reason: `run report retry button (run #${run.id})`,
  });
  ctx.log.info({ runId: run.id, ids: retried.ids }, 'failed outbox rows retried from the run report card');
  const n = retried.ids.length;
  await ctx.replaceButton(n > 0 ? `已重发 ${n} 条` : '无可重发消息');
  if (n === 0) await ctx.reply('这次推送已没有失败的消息需要重发。');
}

export function outboxRetryBot(bot: Bot): void {
  bot.button(RUN_RETRY_PREFIX, retryRun);
}
