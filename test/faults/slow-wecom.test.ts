/**
 * Two instances, WeCom answering after the client's time-out, and a low rate (issue 9, items 12
 * and 13): each recipient gets exactly one copy, every message/send carries the duplicate check
 * from its first attempt, and HR's report counts the time-outs apart ("结果未知") instead of
 * calling them failed or sent. Scaled down ×10: WeCom answers after 600 ms, the client gives up
 * after 500 ms, a claim lasts 1 s, the budget is 300 sends/min shared by both instances.
 */
import { periodOf } from '../../src/domain/periods';
import { OutboxMessage } from '../../src/entities';
import type { JobDefinition } from '../../src/jobs/job';
import type { App } from '../../src/app';
import { startHarness, type Harness } from '../helpers/app';
import { activeIds, reports } from '../jobs/runner-helpers';

jest.setTimeout(120_000);

const TEXT = '本周提醒';

/** One message per active employee: a text, or (every other one) an interactive card with its own task_id. */
function mixedJob(): JobDefinition {
  return {
    name: 'slow_push',
    title: '慢速推送',
    defaultSchedule: '0 17 * * 5',
    periodKeyFor: (firedAt, tz) => periodOf('week', firedAt, tz).key,
    async run(ctx) {
      const users = await activeIds(ctx.ds);
      for (const [i, userId] of users.entries()) {
        if (i % 2 === 0) {
          await ctx.deliver(userId, `${TEXT} ${userId}`, userId);
        } else {
          const card = {
            card_type: 'button_interaction',
            task_id: `slow-${ctx.run.id}-${i}`,
            main_title: { title: '本周评分', desc: userId },
            button_list: [{ text: '知道了', style: 1, key: `noop:${i}` }],
          };
          await ctx.deliver(userId, { card } as never, userId);
        }
      }
    },
  };
}

describe('two instances with WeCom answering after the time-out', () => {
  let h: Harness;
  let second: App;
  beforeAll(async () => {
    h = await startHarness({
      app: { outboxLeaseMs: 1000 },
      env: { OUTBOX_RATE_PER_MIN: '300', WECOM_API_TIMEOUT_MS: '500', OUTBOX_MAX_ATTEMPTS: '3', PERFBOT_HR_USERIDS: 'heping', PERFBOT_JOB_REPORT_WAIT_S: '90' },
    });
    second = await h.restart({ outboxLeaseMs: 1000, syncOrgOnStart: false });
  });
  afterAll(async () => {
    await h.close();
  });

  it('delivers one copy per recipient and reports the time-outs as "result unknown", not failed', async () => {
    const users = await activeIds(h.ds);
    // Every message/send is carried out by WeCom, but answered after 600 ms.
    h.sim.delayNext('message/send', 600, 10_000, { afterHandling: true });

    const outcome = await h.app.jobs.runJob(mixedJob(), new Date());
    expect(outcome.status).toBe('done');
    await Promise.all([h.app.settle(), second.settle()]);

    const perUser = new Map<string, number>();
    for (const m of h.sim.sent) {
      const text = (m.body.text as { content?: string } | undefined)?.content ?? '';
      const isOurs = text.startsWith(TEXT) || String(m.taskId ?? '').startsWith('slow-');
      if (isOurs) for (const r of m.recipients) perUser.set(r, (perUser.get(r) ?? 0) + 1);
    }
    expect([...perUser.keys()].sort()).toEqual([...users].sort());
    expect([...perUser.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    const texts = h.sim.sent.filter((m) => m.msgtype === 'text' || m.msgtype === 'markdown');
    // Every message/send asked WeCom to drop a repeat, the first attempt too.
    expect(texts.every((m) => m.body.enable_duplicate_check === 1 && m.body.duplicate_check_interval === 14400)).toBe(true);
    // The retried texts were dropped by the duplicate check, not delivered twice.
    expect(h.sim.dropped.filter((d) => d.reason === 'duplicate').length).toBeGreaterThan(0);

    const rows = await h.ds.getRepository(OutboxMessage).find();
    const runRows = rows.filter((r) => r.dedupeKey?.startsWith('job:slow_push:'));
    expect(runRows.map((r) => r.status).filter((s) => s !== 'unknown')).toEqual([]);
    expect(runRows.every((r) => r.timeouts >= 1)).toBe(true);

    const [report] = reports(h.sim);
    expect(report.to).toBe('heping');
    expect(report.content).toContain(`应发 ${users.length} 条：已送达 0，失败 0，结果未知 ${users.length}`);
    expect(report.content).toContain(`**可能已送达/结果未知 ${users.length} 条**`);
  });
});
