import { Writable } from 'node:stream';
import pino from 'pino';
import type { ButtonInteractionCard, OutboundMessage, TemplateCard } from '../../src/wecom/api-types';
import { WeComApiError } from '../../src/wecom/errors';
import { MemoryTokenStore } from '../../src/wecom/token-store';
import { manualClock, startTestSimulator, TEST_WECOM, type TestSimulator } from '../helpers/simulator';

const text = (touser: string[], content = '你好'): OutboundMessage => ({ touser, msgtype: 'text', text: { content } });
const calls = (t: TestSimulator, method: string) => t.sim.apiCalls.filter((c) => c.method === method);

function buttonCard(taskId: string, overrides: Partial<ButtonInteractionCard> = {}): ButtonInteractionCard {
  return {
    card_type: 'button_interaction',
    task_id: taskId,
    main_title: { title: '本周质检评分', desc: '吴昊 · 92 分' },
    button_list: [
      { text: '表扬', style: 1, key: 'praise:wuhao' },
      { text: '提醒', style: 2, key: 'remind:wuhao' },
    ],
    ...overrides,
  };
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function rejection(p: Promise<unknown>): Promise<WeComApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WeComApiError);
  return err as WeComApiError;
}

describe('WeComClient against the simulator', () => {
  let t: TestSimulator;
  const clock = manualClock();

  beforeEach(async () => {
    t = await startTestSimulator({ clock });
  });
  afterEach(() => t.close());

  describe('access_token', () => {
    it('is fetched once and cached across calls', async () => {
      const client = t.createClient();
      await client.sendMessage(text(['lihua']));
      await client.sendMessage(text(['zhaolei']));
      await client.listDepartments();
      expect(calls(t, 'gettoken')).toHaveLength(1);
      expect(t.sim.sent).toHaveLength(2);
    });

    it('is fetched once for concurrent callers (single flight)', async () => {
      const client = t.createClient();
      await Promise.all(['lihua', 'zhaolei', 'sunli', 'wuhao', 'fengxue'].map((u) => client.sendMessage(text([u]))));
      expect(calls(t, 'gettoken')).toHaveLength(1);
      expect(t.sim.sent).toHaveLength(5);
    });

    it('is refreshed once after expireTokens() and the message is delivered exactly once', async () => {
      const client = t.createClient();
      await client.listDepartments();
      t.sim.expireTokens();
      await client.sendMessage(text(['lihua']));
      expect(calls(t, 'gettoken')).toHaveLength(2);
      expect(calls(t, 'message/send').map((c) => c.errcode)).toEqual([42001, 0]);
      expect(t.sim.sent).toHaveLength(1);
    });

    it('replaces a token the API does not know (40014) and invalidates only that token', async () => {
      const store = new MemoryTokenStore();
      await store.set(`${TEST_WECOM.corpId}:${TEST_WECOM.agentId}`, 'stale-token', new Date(clock().getTime() + 3_600_000));
      const client = t.createClient({ tokenStore: store });
      await client.sendMessage(text(['lihua']));
      expect(calls(t, 'message/send').map((c) => c.errcode)).toEqual([40014, 0]);
      expect((await store.get(`${TEST_WECOM.corpId}:${TEST_WECOM.agentId}`))?.token).not.toBe('stale-token');
    });

    it('is refetched when it would expire within 5 minutes', async () => {
      const client = t.createClient();
      await client.listDepartments();
      clock.advance((7200 - 299) * 1000);
      await client.listDepartments();
      expect(calls(t, 'gettoken')).toHaveLength(2);
    });

    it('turns a wrong secret into a configuration error, without retrying', async () => {
      const client = t.createClient({ secret: 'wrong' });
      const err = await rejection(client.sendMessage(text(['lihua'])));
      expect(err).toMatchObject({ method: 'gettoken', errcode: 40001 });
      expect(err.message).toContain('WECOM_SECRET');
      expect(calls(t, 'gettoken')).toHaveLength(1);
      expect(calls(t, 'message/send')).toHaveLength(0);
    });

    it('names WECOM_CORP_ID for a wrong corp id', async () => {
      const err = await rejection(t.createClient({ corpId: 'wwnope' }).listDepartments());
      expect(err).toMatchObject({ method: 'gettoken', errcode: 40013 });
      expect(err.message).toContain('WECOM_CORP_ID');
    });

    it('never logs the access_token or the secret', async () => {
      const lines: string[] = [];
      const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
      const client = t.createClient({ logger: pino({ level: 'trace' }, sink) });
      t.sim.failNext('message/send', 45009);
      await client.sendMessage(text(['lihua']));
      t.sim.expireTokens();
      await client.sendMessage(text(['lihua']));
      const token = await client.getAccessToken();
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.join('\n')).not.toContain(token);
      expect(lines.join('\n')).not.toContain(TEST_WECOM.secret);
    });
  });

  describe('retries', () => {
    it('retries a rate-limit errcode (45009) and delivers exactly once', async () => {
      const errors: Array<[string, number]> = [];
      const client = t.createClient({ onApiError: (m, e) => errors.push([m, e]) });
      t.sim.failNext('message/send', 45009);
      await client.sendMessage(text(['lihua']));
      expect(t.sim.sent).toHaveLength(1);
      expect(errors).toEqual([['message/send', 45009]]);
    });

    it('retries HTTP 5xx (errcode -3) and system busy (-1)', async () => {
      const client = t.createClient();
      t.sim.failNext('message/send', -3);
      t.sim.failNext('message/send', -1);
      await client.sendMessage(text(['lihua']));
      expect(calls(t, 'message/send').map((c) => [c.errcode, c.httpStatus])).toEqual([
        [-3, 500],
        [-1, 200],
        [0, 200],
      ]);
      expect(t.sim.sent).toHaveLength(1);
    });

    it('retries a read that hangs past timeoutMs (safe to repeat)', async () => {
      const client = t.createClient({ timeoutMs: 150 });
      t.sim.delayNext('department/list', 1000);
      expect((await client.listDepartments()).length).toBeGreaterThan(0);
      await until(() => calls(t, 'department/list').length === 2);
      expect(calls(t, 'department/list').map((c) => c.errcode).sort((a, b) => a - b)).toEqual([-2, 0]);
    });

    it('never repeats a message/send that timed out: it may have been delivered (outcome unknown)', async () => {
      const client = t.createClient({ timeoutMs: 150 });
      t.sim.delayNext('message/send', 1000, 1, { afterHandling: true });
      const err = await rejection(client.sendMessage(text(['lihua'])));
      expect(err).toMatchObject({ method: 'message/send', errcode: -4, outcomeUnknown: true });
      // WeCom acted before the time-out: one copy, and the client did not send a second one.
      expect(t.sim.sent).toHaveLength(1);
      await until(() => calls(t, 'message/send').length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(calls(t, 'message/send')).toHaveLength(1);
    });

    it('gives up after maxAttempts with a typed error naming the method', async () => {
      const client = t.createClient({ maxAttempts: 3 });
      t.sim.failNext('message/send', 45009, 5);
      const err = await rejection(client.sendMessage(text(['lihua'])));
      expect(err).toMatchObject({ method: 'message/send', errcode: 45009, retryable: true });
      expect(calls(t, 'message/send')).toHaveLength(3);
      expect(t.sim.sent).toHaveLength(0);
    });

    it('throws a permanent errcode at once (81013: every recipient invalid)', async () => {
      const client = t.createClient();
      const err = await rejection(client.sendMessage(text(['ghost', 'nobody'])));
      expect(err).toMatchObject({ method: 'message/send', errcode: 81013, retryable: false });
      expect(calls(t, 'message/send')).toHaveLength(1);
    });

    it('reports a refused connection as a network error after retrying', async () => {
      const errors: number[] = [];
      const client = t.createClient({ apiBase: 'http://127.0.0.1:1', onApiError: (_m, e) => errors.push(e) });
      const err = await rejection(client.listDepartments());
      expect(err).toMatchObject({ method: 'gettoken', errcode: -2 });
      expect(errors).toEqual([-2, -2, -2]);
    });
  });

  describe('messages', () => {
    it('reports invalid users (lowercased) and still delivers to the valid ones', async () => {
      const res = await t.createClient().sendMessage(text(['chenjing', 'ghost', 'Nobody']));
      expect(res.invalidUsers).toEqual(['ghost', 'nobody']);
      expect(res.msgId).toBeTruthy();
      expect(t.sim.sent[0]).toMatchObject({ recipients: ['chenjing'], msgtype: 'text', body: { agentid: TEST_WECOM.agentId, touser: 'chenjing|ghost|Nobody' } });
    });

    it('rejects malformed template cards with a non-retryable errcode', async () => {
      const client = t.createClient();
      const bad: Array<[string, TemplateCard]> = [
        ['no task_id', { ...buttonCard('x'), task_id: undefined } as unknown as TemplateCard],
        ['seven buttons', buttonCard('t7', { button_list: Array.from({ length: 7 }, (_, i) => ({ text: `b${i}`, key: `k${i}` })) })],
        ['a key over 1024 bytes', buttonCard('tk', { button_list: [{ text: '长', key: '键'.repeat(342) }] })],
        ['a bad task_id', buttonCard('task id with spaces')],
        ['text_notice without card_action', { card_type: 'text_notice', main_title: { title: 'hi' } } as unknown as TemplateCard],
      ];
      for (const [label, card] of bad) {
        const err = await rejection(client.sendMessage({ touser: ['wuhao'], msgtype: 'template_card', template_card: card }));
        expect({ label, errcode: err.errcode, retryable: err.retryable }).toEqual({ label, errcode: 40058, retryable: false });
      }
      expect(t.sim.sent).toHaveLength(0);
    });

    it('returns a response_code for interactive cards, usable exactly once', async () => {
      const client = t.createClient();
      const sent = await client.sendMessage({ touser: ['zhoumin'], msgtype: 'template_card', template_card: buttonCard('score-42-1') });
      expect(sent.responseCode).toBeTruthy();
      const code = sent.responseCode as string;
      await expect(client.updateTemplateCard({ userids: ['zhoumin'], responseCode: code, button: { replaceName: '已表扬' } })).resolves.toEqual({ invalidUsers: [] });
      const err = await rejection(client.updateTemplateCard({ userids: ['zhoumin'], responseCode: code, button: { replaceName: '已表扬' } }));
      expect(err).toMatchObject({ method: 'message/update_template_card', errcode: 40058 });
      expect(t.sim.cardUpdates).toEqual([expect.objectContaining({ responseCode: code, mode: 'button', replaceName: '已表扬', userids: ['zhoumin'] })]);
    });

    it('expires a response_code after 72 hours by the clock', async () => {
      const client = t.createClient();
      const { responseCode } = await client.sendMessage({ touser: ['zhoumin'], msgtype: 'template_card', template_card: buttonCard('score-43-1') });
      clock.advance(72 * 3_600_000 + 1000);
      const card = buttonCard('score-43-2', { replace_text: '已处理' });
      const err = await rejection(client.updateTemplateCard({ userids: ['zhoumin'], responseCode: responseCode as string, templateCard: card }));
      expect(err.errcode).toBe(40058);
    });

    it('lets the client see success while the per-member limit silently drops', async () => {
      await t.close();
      t = await startTestSimulator({ clock, limits: { perUserPerMinute: 3 } });
      const client = t.createClient();
      const results = [];
      for (let i = 0; i < 5; i++) results.push(await client.sendMessage(text(['lihua'], `#${i}`)));
      expect(results.every((r) => r.msgId)).toBe(true);
      expect(t.sim.sent).toHaveLength(3);
      expect(t.sim.dropped.map((d) => [d.userid, d.reason])).toEqual([
        ['lihua', 'per_member_minute'],
        ['lihua', 'per_member_minute'],
      ]);
      clock.advance(61_000);
      await client.sendMessage(text(['lihua'], 'later'));
      expect(t.sim.sent).toHaveLength(4);
      expect(t.sim.apiCalls.some((c) => c.errcode === 45009)).toBe(false);
    });
  });

  describe('media', () => {
    it('round-trips an upload through media/get', async () => {
      const client = t.createClient();
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 255, 0]);
      const up = await client.uploadMedia('image', '质检报告.png', bytes, 'image/png');
      expect(up.mediaId).toBeTruthy();
      expect(up.createdAt.getTime()).toBe(Math.floor(clock().getTime() / 1000) * 1000);
      const down = await client.getMedia(up.mediaId);
      expect(Buffer.compare(down.data, bytes)).toBe(0);
      expect(down).toMatchObject({ contentType: 'image/png', filename: '质检报告.png' });
      expect(t.sim.media[0]).toMatchObject({ type: 'image', filename: '质检报告.png' });
    });

    it('answers 40007 for an unknown or expired media_id', async () => {
      const client = t.createClient();
      await expect(client.getMedia('nope')).rejects.toMatchObject({ method: 'media/get', errcode: 40007 });
      const up = await client.uploadMedia('file', 'scores.csv', Buffer.from('a,b,c\n1,2,3\n'), 'text/csv');
      clock.advance(3 * 24 * 3_600_000 + 1000);
      await expect(client.getMedia(up.mediaId)).rejects.toMatchObject({ errcode: 40007 });
    });

    it('sends an uploaded file by media_id', async () => {
      const client = t.createClient();
      const up = await client.uploadMedia('file', 'scores.csv', Buffer.from('a,b,c\n1,2,3\n'), 'text/csv');
      await client.sendMessage({ touser: ['heping'], msgtype: 'file', file: { media_id: up.mediaId } });
      expect(t.sim.sent[0]).toMatchObject({ msgtype: 'file', recipients: ['heping'] });
    });
  });

  describe('contacts and OAuth', () => {
    it('lists departments and users with leaders', async () => {
      const client = t.createClient();
      const departments = await client.listDepartments();
      expect(departments.map((d) => d.name)).toEqual(['总公司', '研发部', '生产部', '质量部', '仓储部']);
      expect(departments.find((d) => d.name === '生产部')?.department_leader).toEqual(['wangqiang']);
      const users = await client.listUsers(3);
      expect(users.map((u) => u.userid)).toEqual(['wangqiang', 'lihua', 'zhaolei', 'sunli']);
      expect(users.find((u) => u.userid === 'zhaolei')).toMatchObject({ position: '操作工', direct_leader: ['lihua'], status: 1 });
    });

    it('exchanges an OAuth code once', async () => {
      const client = t.createClient();
      const code = t.sim.mintOAuthCode('wuhao');
      await expect(client.getUserInfoByCode(code)).resolves.toEqual({ userId: 'wuhao', openId: undefined });
      await expect(client.getUserInfoByCode(code)).rejects.toMatchObject({ method: 'auth/getuserinfo', errcode: 40029 });
    });
  });
});
