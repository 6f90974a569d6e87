/**
 * A process that dies leaves work in the database; the next one (or another instance) finishes
 * it: outbox rows are delivered once, and a callback whose handler never ran is handled once.
 */
import { InboundCallback, OutboxMessage } from '../../src/entities';
import { enqueueOutbox } from '../../src/outbox/outbox';
import { buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';

describe('restart after a crash', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    await h.app.stop(); // the "dead" process: from here on only the database remembers it
  });
  afterEach(async () => {
    await h.close();
  });

  it('delivers what the dead process had committed to the outbox, each message once', async () => {
    const now = new Date();
    await h.ds.transaction(async (tx) => {
      for (const user of ['zhaolei', 'sunli', 'wuhao']) {
        await enqueueOutbox(tx, { kind: 'message', message: { touser: [user], msgtype: 'text', text: { content: `你好 ${user}` } } }, now);
      }
    });
    // One row was mid-send when the process died: claimed, lease since run out, outcome unknown.
    const midSend = await enqueueOutbox(h.ds.manager, { kind: 'message', message: { touser: ['fengxue'], msgtype: 'text', text: { content: '你好 fengxue' } } }, now);
    await h.ds.getRepository(OutboxMessage).update({ id: midSend! }, { lockedBy: 'sender-dead', lockedUntil: new Date(now.getTime() - 1000), attempts: 1 });

    const next = await h.restart({ syncOrgOnStart: false });
    await next.settle();

    expect(h.sim.sent.map((m) => m.recipients[0]).sort()).toEqual(['fengxue', 'sunli', 'wuhao', 'zhaolei']);
    expect(await h.ds.getRepository(OutboxMessage).countBy({ status: 'sent' })).toBe(4);
    // The taken-over row asks WeCom to drop it if the dead process's send had landed after all;
    // a first attempt of a message that is not a push does not (see src/outbox/failure-policy.ts).
    const resent = h.sim.sent.find((m) => m.recipients[0] === 'fengxue')!;
    expect(resent.body.enable_duplicate_check).toBe(1);
    const fresh = h.sim.sent.find((m) => m.recipients[0] === 'zhaolei')!;
    expect(fresh.body.enable_duplicate_check).toBeUndefined();
    // The taken-over row counts its lost attempt as unanswered.
    expect((await h.ds.getRepository(OutboxMessage).findOneByOrFail({ recipients: 'fengxue' })).timeouts).toBe(1);
  });

  it('handles a callback that was acknowledged but whose handler never finished, once', async () => {
    const xml = buildInboundXml({
      kind: 'text',
      toUser: TEST_WECOM.corpId,
      fromUser: 'lihua',
      createTime: Math.floor(Date.now() / 1000) - 120,
      msgId: '7300000000000000777',
      content: '帮助',
    });
    await h.ds.getRepository(InboundCallback).insert({
      dedupeKey: 'msg:7300000000000000777',
      fromUser: 'lihua',
      kind: 'text',
      payload: xml,
      status: 'received',
      receivedAt: new Date(Date.now() - 120_000),
      handledAt: null,
      error: null,
    });

    const next = await h.restart({ syncOrgOnStart: false });
    await next.settle();
    expect(h.sim.sent).toHaveLength(1);
    expect(h.sim.sent[0].recipients).toEqual(['lihua']);
    expect((await h.ds.getRepository(InboundCallback).findOneByOrFail({ dedupeKey: 'msg:7300000000000000777' })).status).toBe('done');

    // WeCom's retry of the same message, arriving now, is still a duplicate.
    await h.sim.deliverCallback(xml);
    await next.settle();
    expect(h.sim.sent).toHaveLength(1);
  });

  it('answers 503 while shutting down, so WeCom retries the callback later', async () => {
    const next = await h.restart({ syncOrgOnStart: false });
    next.dispatcher.stopIntake();
    const res = await h.sim.sendText('lihua', '帮助');
    expect(res.status).toBe(503);
    expect(await h.ds.getRepository(InboundCallback).count()).toBe(0);
  });
});
