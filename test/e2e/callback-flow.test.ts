/**
 * The spine end to end: the simulator seals callbacks (AES + signature) and posts them over
 * loopback; the app acknowledges, dispatches, and answers through the outbox and the WeCom API.
 */
import { InboundCallback, OutboxMessage } from '../../src/entities';
import { buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';

describe('callback → bot → outbox → WeCom', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('answers 帮助 with the reader\'s help, acknowledging with an empty 200', async () => {
    const res = await h.sim.sendText('lihua', '帮助');
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await h.app.settle();

    expect(h.sim.sent).toHaveLength(1);
    const [msg] = h.sim.sent;
    expect(msg.recipients).toEqual(['lihua']);
    expect(msg.msgtype).toBe('markdown');
    expect((msg.body.markdown as { content: string }).content).toContain('李华，您可以这样用绩效助手');
    const row = await h.ds.getRepository(OutboxMessage).findOneByOrFail({ recipients: 'lihua' });
    expect(row.status).toBe('sent');
  });

  it('handles a tap on an old help card: greys its button in place and sends the help', async () => {
    const taskId = `help-old-${Date.now()}`;
    await h.app.wecom.sendMessage({
      touser: ['lihua'], msgtype: 'template_card',
      template_card: { card_type: 'button_interaction', task_id: taskId, main_title: { title: '绩效助手 · 可用命令' }, button_list: [{ text: '查看使用示例', key: 'help:examples' }] },
    });
    const tap = await h.sim.tapButton('lihua', { eventKey: 'help:examples', taskId });
    expect(tap.status).toBe(200);
    await h.app.settle();

    expect(h.sim.cardUpdates).toHaveLength(1);
    expect(h.sim.cardUpdates[0]).toMatchObject({ userids: ['lihua'], replaceName: '已发送示例' });
    const help = h.sim.sent.filter((m) => m.msgtype === 'markdown');
    expect(help).toHaveLength(1);
    expect((help[0].body.markdown as { content: string }).content).toContain('`表扬 @');
  });

  it('dispatches a callback once when WeCom delivers it three times', async () => {
    const xml = helpFromLihua('7300000000000000123');
    const results = await Promise.all([h.sim.deliverCallback(xml), h.sim.deliverCallback(xml), h.sim.deliverCallback(xml)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.app.settle();
    expect(h.sim.sent).toHaveLength(1);
    expect(await h.ds.getRepository(InboundCallback).count()).toBe(1);
  });

  it('still refuses the retry after a restart (dedupe lives in the database)', async () => {
    const xml = helpFromLihua('7300000000000000999');
    await h.sim.deliverCallback(xml);
    await h.app.settle();
    await h.app.stop();
    const second = await h.restart({ syncOrgOnStart: false });
    await h.sim.deliverCallback(xml);
    await second.settle();
    expect(h.sim.sent).toHaveLength(1);
  });

  it('refreshes an expired access_token once and delivers exactly once', async () => {
    await h.sim.sendText('lihua', '帮助');
    await h.app.settle();
    const tokensBefore = h.sim.apiCalls.filter((c) => c.method === 'gettoken').length;
    h.sim.expireTokens();

    await h.sim.sendText('lihua', '帮助');
    await h.app.settle();

    expect(h.sim.sent).toHaveLength(2);
    expect(h.sim.apiCalls.filter((c) => c.method === 'gettoken').length).toBe(tokensBefore + 1);
    expect(h.sim.apiCalls.some((c) => c.method === 'message/send' && c.errcode === 42001)).toBe(true);
  });

  it('delays but does not lose a message when WeCom answers with a frequency limit', async () => {
    h.sim.failNext('message/send', 45009, 4);
    await h.sim.sendText('lihua', '帮助');
    await h.app.settle();
    // The client retries in place, the outbox retries later: either way it arrives, once.
    // Wait for the row's outcome, not only the simulator's copy: the sender records 'sent' after
    // WeCom's answer, which a loaded machine can deliver after the simulator has logged the message.
    await waitUntil(async () => (await h.ds.getRepository(OutboxMessage).findOneBy({ recipients: 'lihua' }))?.status === 'sent');
    expect(h.sim.sent).toHaveLength(1);
    expect(h.sim.apiCalls.filter((c) => c.errcode === 45009)).toHaveLength(4);
    const row = await h.ds.getRepository(OutboxMessage).findOneByOrFail({ recipients: 'lihua' });
    expect(row.status).toBe('sent');
    expect(row.attempts).toBeGreaterThanOrEqual(2);
  });

  it('records a permanent WeCom error instead of retrying it for ever', async () => {
    await h.app.outbox.enqueue({ kind: 'message', message: { touser: ['nobody_here'], msgtype: 'text', text: { content: '测试' } } });
    await h.app.settle();
    const row = await h.ds.getRepository(OutboxMessage).findOneByOrFail({ recipients: 'nobody_here' });
    expect(row.status).toBe('failed');
    expect(row.errcode).toBe(81013);
    expect(h.sim.apiCalls.filter((c) => c.method === 'message/send')).toHaveLength(1);
  });

  it('answers a member who is not in the org with a clear message, and nothing else', async () => {
    await h.sim.sendText('stranger', '表扬 张三');
    await h.app.settle();
    expect(h.sim.sent).toHaveLength(0); // WeCom cannot deliver to a non-member…
    const row = await h.ds.getRepository(OutboxMessage).findOneByOrFail({ recipients: 'stranger' });
    expect((row.payload as { text: { content: string } }).text.content).toContain('未在通讯录中找到您的账号'); // …but we tried, and say so
  });

  it('falls back to a list of commands for text it does not understand', async () => {
    await h.sim.sendText('zhaolei', '今天天气怎么样');
    await h.app.settle();
    expect((h.sim.sent[0].body.text as { content: string }).content).toContain('帮助');
  });

  it('passes WeCom URL verification', async () => {
    const res = await h.sim.verifyUrl();
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
  });

  it('never writes the secret, the token, the AES key or an access_token to the log', async () => {
    await h.sim.sendText('lihua', '帮助');
    await h.app.settle();
    h.sim.failNext('message/send', 40014, 1);
    await h.sim.sendText('lihua', '帮助');
    await h.app.settle();
    const all = h.rawLogs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [h.config.wecom.secret, h.config.wecom.encodingAESKey, h.config.wecom.token]) {
      expect(all).not.toContain(secret);
    }
    expect(all).not.toMatch(/access_token=(?!\[redacted\])[A-Za-z0-9_-]{8,}/);
  });
});

/** A 帮助 text from lihua with a fixed MsgId, as WeCom would deliver (and retry) it. */
function helpFromLihua(msgId: string): string {
  return buildInboundXml({
    kind: 'text',
    toUser: TEST_WECOM.corpId,
    fromUser: 'lihua',
    createTime: Math.floor(Date.now() / 1000),
    agentId: TEST_WECOM.agentId,
    msgId,
    content: '帮助',
  });
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
