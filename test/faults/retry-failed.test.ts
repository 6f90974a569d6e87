/**
 * Messages that failed for good can be sent again by HR (issue 9, item 16): a run whose messages
 * all hit 45009 until the outbox gave up reports them failed and offers HR a 重发 button; a
 * member without the HR role is refused; HR's tap sends each failed message once (with the
 * duplicate check) and is audited. `perfbot outbox retry` does the same from the shell.
 */
import { OUTBOX_COMMANDS } from '../../src/cli/outbox-commands';
import type { Config } from '../../src/config';
import { AuditEntry, JobRun, OutboxMessage } from '../../src/entities';
import type { Harness } from '../helpers/app';
import { isMysql } from '../helpers/db';
import { activeIds, FRIDAY_17, fakeJob, fakeTextsPerUser, local, reports, startAt } from '../jobs/runner-helpers';

jest.setTimeout(90_000);

describe('retrying failed messages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startAt(local('2026-11-27 17:05'), { OUTBOX_MAX_ATTEMPTS: '1' });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await h.close();
  });

  /** Runs the fake push with every send refused (45009) until each row has failed for good. */
  async function runFailingPush(): Promise<{ users: string[]; runId: number }> {
    const users = await activeIds(h.ds);
    // Per row: 1 outbox attempt × 3 client attempts; the report after them goes through.
    h.sim.failNext('message/send', 45009, users.length * 3);
    const outcome = await h.app.jobs.runJob(fakeJob(), FRIDAY_17);
    await h.app.settle();
    expect(outcome.status).toBe('done');
    expect(await h.ds.getRepository(OutboxMessage).countBy({ status: 'failed' })).toBe(users.length);
    expect(fakeTextsPerUser(h.sim).size).toBe(0);
    const run = await h.ds.getRepository(JobRun).findOneByOrFail({ job: 'fake_push' });
    return { users, runId: run.id };
  }

  it('offers HR a 重发 button that sends each failed message once, refused to others, audited', async () => {
    const { users, runId } = await runFailingPush();
    const [report] = reports(h.sim);
    expect(report.content).toContain(`失败 ${users.length}`);
    const offer = h.sim.sent.find((m) => m.msgtype === 'template_card' && m.recipients.includes('heping'))!;
    const card = offer.body.template_card as { button_list: Array<{ key: string; text: string }>; task_id: string };
    expect(card.button_list[0]).toMatchObject({ key: `outbox:retry:${runId}`, text: `重发失败的 ${users.length} 条` });

    // Someone without the HR role (a forged tap) is refused and nothing is re-sent.
    await h.sim.tapButton('lihua', { eventKey: card.button_list[0].key, taskId: card.task_id });
    await h.app.settle();
    expect(h.sim.sent.some((m) => m.recipients.includes('lihua') && String((m.body.text as { content?: string })?.content).includes('仅限 HR'))).toBe(true);
    expect(await h.ds.getRepository(OutboxMessage).countBy({ status: 'failed' })).toBe(users.length);

    await h.sim.tapButton('heping', { eventKey: card.button_list[0].key, taskId: card.task_id });
    await h.app.settle();
    const perUser = fakeTextsPerUser(h.sim);
    expect([...perUser.keys()].sort()).toEqual([...users].sort());
    expect([...perUser.values()].every((n) => n === 1)).toBe(true);
    const resent = h.sim.sent.filter((m) => String((m.body.text as { content?: string })?.content).startsWith('本周推送'));
    expect(resent.every((m) => m.body.enable_duplicate_check === 1)).toBe(true);
    expect(await h.ds.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBeGreaterThanOrEqual(users.length);
    expect(h.sim.cardUpdates.at(-1)).toMatchObject({ userids: ['heping'] });

    const audit = await h.ds.getRepository(AuditEntry).findBy({ action: 'outbox.retry' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'user:heping', entity: 'outbox' });

    // A second tap finds nothing left to retry.
    await h.sim.tapButton('heping', { eventKey: card.button_list[0].key, taskId: card.task_id });
    await h.app.settle();
    expect(fakeTextsPerUser(h.sim).get(users[0])).toBe(1);
  });

  it('perfbot outbox retry <job> <period> re-sends the failed rows from the shell', async () => {
    const { users } = await runFailingPush();
    await h.app.stop(); // the service is down: the command delivers by itself
    const out: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    const database: Config['database'] = isMysql() ? { type: 'mysql', url: process.env.DATABASE_URL! } : { type: 'sqlite', file: String(h.ds.options.database) };
    const code = await OUTBOX_COMMANDS['outbox retry'].run(['fake_push', '2026-W48'], { ...h.config, database }, h.app.logger);
    expect(out.at(-1)).toMatch(new RegExp(`^retried ${users.length}: sent ${users.length}, failed 0, unknown 0, still pending 0`));
    expect(code).toBe(0);
    expect([...fakeTextsPerUser(h.sim).values()]).toEqual(users.map(() => 1));
    expect(await h.ds.getRepository(AuditEntry).findOneByOrFail({ action: 'outbox.retry' })).toMatchObject({ actor: 'cli' });
  });
});
