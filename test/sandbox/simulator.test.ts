import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptMessage, sealMessage, verifySignature } from '../../src/wecom/crypto';
import { DecryptError, SignatureError } from '../../src/wecom/errors';
import { manualClock, startTestSimulator, TEST_WECOM, type TestSimulator } from '../helpers/simulator';

/** A WeCom JSON answer. */
interface WireAnswer {
  errcode: number;
  [field: string]: unknown;
}

const keys = { token: TEST_WECOM.token, encodingAESKey: TEST_WECOM.encodingAESKey, receiveId: TEST_WECOM.corpId };

interface Received {
  method: string;
  query: URLSearchParams;
  body: string;
  contentType?: string;
}

/** A bare receiver standing in for the bot: records requests, answers with `respond`. */
async function startReceiver(respond: (r: Received) => { status?: number; body?: string } = () => ({})) {
  const received: Received[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://x');
    const r = { method: req.method ?? '', query: url.searchParams, body: Buffer.concat(chunks).toString('utf8'), contentType: req.headers['content-type'] };
    received.push(r);
    const out = respond(r);
    res.statusCode = out.status ?? 200;
    res.end(out.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const envelopeField = (xml: string, name: string) => new RegExp(`<${name}><!\\[CDATA\\[(.*?)\\]\\]></${name}>`, 's').exec(xml)?.[1];

/** What a receiver does: verify the signature, decrypt, check the receive id. */
function openCallback(r: Received): string {
  const encrypted = envelopeField(r.body, 'Encrypt') ?? '';
  verifySignature(keys.token, r.query.get('timestamp') ?? '', r.query.get('nonce') ?? '', encrypted, r.query.get('msg_signature') ?? undefined);
  return decryptMessage(keys, encrypted);
}

describe('WeCom simulator', () => {
  let t: TestSimulator;
  const clock = manualClock();
  const api = async (path: string, init?: RequestInit) => (await (await fetch(`${t.sim.url}/cgi-bin/${path}`, init)).json()) as WireAnswer;
  const post = (path: string, body: unknown) =>
    api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const token = async () => (await api(`gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=${TEST_WECOM.secret}`)).access_token as string;

  beforeEach(async () => {
    t = await startTestSimulator({ clock });
  });
  afterEach(() => t.close());

  describe('gettoken and token checks', () => {
    it('answers the documented errcodes and reuses a valid token', async () => {
      expect(await api('gettoken?corpsecret=x')).toMatchObject({ errcode: 41002 });
      expect(await api(`gettoken?corpid=wrong&corpsecret=${TEST_WECOM.secret}`)).toMatchObject({ errcode: 40013 });
      expect(await api(`gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=wrong`)).toMatchObject({ errcode: 40001 });
      const first = await api(`gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=${TEST_WECOM.secret}`);
      expect(first).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200 });
      clock.advance(100_000);
      const again = await api(`gettoken?corpid=${TEST_WECOM.corpId}&corpsecret=${TEST_WECOM.secret}`);
      expect(again).toMatchObject({ access_token: first.access_token, expires_in: 7100 });
    });

    it('answers 41001, 40014 and 42001 (by the clock) for bad tokens', async () => {
      expect(await api('department/list')).toMatchObject({ errcode: 41001 });
      expect(await api('department/list?access_token=forged')).toMatchObject({ errcode: 40014 });
      const valid = await token();
      expect(await api(`department/list?access_token=${valid}`)).toMatchObject({ errcode: 0 });
      clock.advance(7200 * 1000);
      expect(await api(`department/list?access_token=${valid}`)).toMatchObject({ errcode: 42001 });
    });

    it('expireTokens() invalidates every issued token', async () => {
      const valid = await token();
      t.sim.expireTokens();
      expect(await api(`user/get?userid=lihua&access_token=${valid}`)).toMatchObject({ errcode: 42001 });
      expect(await token()).not.toBe(valid);
    });
  });

  describe('message/send', () => {
    const send = async (body: Record<string, unknown>) => post(`message/send?access_token=${await token()}`, { agentid: TEST_WECOM.agentId, ...body });

    it('validates agentid, msgtype, content and JSON', async () => {
      expect(await send({ touser: 'lihua', msgtype: 'text', text: { content: 'x' }, agentid: 1 })).toMatchObject({ errcode: 40056 });
      expect(await send({ touser: 'lihua', msgtype: 'telegram' })).toMatchObject({ errcode: 40008 });
      expect(await send({ touser: 'lihua', msgtype: 'text', text: { content: '' } })).toMatchObject({ errcode: 44004 });
      expect(await send({ msgtype: 'text', text: { content: 'x' } })).toMatchObject({ errcode: 40058 });
      expect(await send({ touser: 'lihua', msgtype: 'image', image: { media_id: 'missing' } })).toMatchObject({ errcode: 40007 });
      expect(await post(`message/send?access_token=${await token()}`, '{not json')).toMatchObject({ errcode: 47001 });
      expect(t.sim.sent).toHaveLength(0);
    });

    it('reports invalid users, 81013 when all are invalid, and expands parties', async () => {
      const all = await send({ touser: 'ghost|Nobody', msgtype: 'text', text: { content: 'x' } });
      expect(all).toMatchObject({ errcode: 81013, invaliduser: 'ghost|nobody' });
      const some = await send({ touser: 'ghost', toparty: '4|99', msgtype: 'text', text: { content: 'x' } });
      expect(some).toMatchObject({ errcode: 0, invaliduser: 'ghost', invalidparty: '99' });
      expect(some.response_code).toBeUndefined();
      expect(t.sim.sent[0].recipients).toEqual(['zhoumin', 'wuhao']);
    });

    it('truncates text beyond 2048 bytes instead of rejecting it', async () => {
      await send({ touser: 'lihua', msgtype: 'text', text: { content: '质'.repeat(1000) } });
      const content = (t.sim.sent[0].body.text as { content: string }).content;
      expect(Buffer.byteLength(content)).toBe(2046);
    });

    it('rejects a reused task_id', async () => {
      const card = { card_type: 'button_interaction', task_id: 'once', button_list: [{ text: '好', key: 'k' }] };
      expect(await send({ touser: 'lihua', msgtype: 'template_card', template_card: card })).toMatchObject({ errcode: 0 });
      expect(await send({ touser: 'lihua', msgtype: 'template_card', template_card: card })).toMatchObject({ errcode: 40058 });
    });

    it('answers 45009 past the per-API limit', async () => {
      await t.close();
      t = await startTestSimulator({ clock, limits: { perApiPerMinute: 2 } });
      const tk = await token();
      const body = { touser: 'lihua', msgtype: 'text', text: { content: 'x' }, agentid: TEST_WECOM.agentId };
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await post(`message/send?access_token=${tk}`, body)).errcode);
      expect(codes).toEqual([0, 0, 45009]);
      clock.advance(60_000);
      expect((await post(`message/send?access_token=${tk}`, body)).errcode).toBe(0);
    });

    it('answers HTTP 500 for an injected -3 and records it', async () => {
      const tk = await token();
      t.sim.failNext('/cgi-bin/message/send', -3);
      const res = await fetch(`${t.sim.url}/cgi-bin/message/send?access_token=${tk}`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(500);
      expect(t.sim.apiCalls.at(-1)).toMatchObject({ method: 'message/send', errcode: -3, httpStatus: 500 });
    });

    it('waitForSent resolves with the messages or rejects naming what arrived', async () => {
      const waiting = t.sim.waitForSent(1, 1000);
      await send({ touser: 'lihua', msgtype: 'markdown', markdown: { content: '**好**' } });
      expect((await waiting)[0].msgtype).toBe('markdown');
      await expect(t.sim.waitForSent(2, 20)).rejects.toThrow('got 1: [markdown→lihua]');
    });
  });

  describe('media, contacts and OAuth', () => {
    const upload = async (type: string, name: string, data: Buffer, contentType: string, part = 'media') => {
      const form = new FormData();
      form.append(part, new Blob([new Uint8Array(data)], { type: contentType }), name);
      return api(`media/upload?access_token=${await token()}&type=${type}`, { method: 'POST', body: form });
    };

    it('enforces the part name, size and type', async () => {
      expect(await upload('file', 'a.txt', Buffer.from('hello world'), 'text/plain', 'file')).toMatchObject({ errcode: 41005 });
      expect(await upload('file', 'a.txt', Buffer.from('tiny!'), 'text/plain')).toMatchObject({ errcode: 40006 });
      expect(await upload('image', 'a.gif', Buffer.from('GIF89a....'), 'image/gif')).toMatchObject({ errcode: 40005 });
      expect(await upload('sticker', 'a.png', Buffer.from('123456'), 'image/png')).toMatchObject({ errcode: 40004 });
      const ok = await upload('file', 'a.txt', Buffer.from('hello world'), 'text/plain');
      expect(ok).toMatchObject({ errcode: 0, type: 'file', created_at: String(Math.floor(clock().getTime() / 1000)) });
    });

    it('serves media/get as binary with a filename, and JSON 40007 when unknown', async () => {
      const { media_id: id } = await upload('file', 'report.txt', Buffer.from('hello world'), 'text/plain');
      const res = await fetch(`${t.sim.url}/cgi-bin/media/get?access_token=${await token()}&media_id=${id}`);
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect(res.headers.get('content-disposition')).toContain('filename="report.txt"');
      expect(await res.text()).toBe('hello world');
      expect(await api(`media/get?access_token=${await token()}&media_id=nope`)).toMatchObject({ errcode: 40007 });
    });

    it('serves contacts and reflects org changes', async () => {
      const tk = await token();
      expect((await api(`department/list?access_token=${tk}&id=3`)).department).toHaveLength(1);
      expect(await api(`user/list?access_token=${tk}&department_id=42`)).toMatchObject({ errcode: 60123 });
      expect((await api(`user/list?access_token=${tk}&department_id=1`)).userlist).toHaveLength(2);
      expect((await api(`user/list?access_token=${tk}&department_id=1&fetch_child=1`)).userlist).toHaveLength(13);
      expect(await api(`user/get?access_token=${tk}&userid=newbie`)).toMatchObject({ errcode: 60111 });
      t.sim.org.addUser({ userid: 'newbie', name: '新人', department: [3], position: '操作工', direct_leader: ['lihua'] });
      expect(await api(`user/get?access_token=${tk}&userid=newbie`)).toMatchObject({ errcode: 0, main_department: 3, status: 1 });
      t.sim.org.updateUser('newbie', { status: 5 });
      const res = await post(`message/send?access_token=${tk}`, { agentid: TEST_WECOM.agentId, touser: 'newbie', msgtype: 'text', text: { content: 'x' } });
      expect(res).toMatchObject({ errcode: 81013 });
    });

    it('OAuth codes are single use and expire after 5 minutes', async () => {
      const tk = await token();
      const code = t.sim.mintOAuthCode('lihua');
      expect(await api(`auth/getuserinfo?access_token=${tk}&code=${code}`)).toMatchObject({ errcode: 0, userid: 'lihua' });
      expect(await api(`auth/getuserinfo?access_token=${tk}&code=${code}`)).toMatchObject({ errcode: 40029 });
      const late = t.sim.mintOAuthCode('lihua');
      clock.advance(5 * 60_000 + 1000);
      expect(await api(`auth/getuserinfo?access_token=${tk}&code=${late}`)).toMatchObject({ errcode: 40029 });
    });
  });

  describe('callbacks', () => {
    it('delivers a sealed envelope that crypto.ts verifies and decrypts', async () => {
      const receiver = await startReceiver();
      const xml = '<xml><ToUserName><![CDATA[c]]></ToUserName><Content><![CDATA[表扬 赵磊]]></Content></xml>';
      const result = await t.sim.deliverCallback(xml, { url: receiver.url, timestamp: '1700000000', nonce: '12345' });
      await receiver.close();
      expect(result).toMatchObject({ status: 200, body: '' });
      const [r] = receiver.received;
      expect(r.contentType).toBe('text/xml');
      expect(r.query.get('timestamp')).toBe('1700000000');
      expect(envelopeField(r.body, 'ToUserName')).toBe(TEST_WECOM.corpId);
      expect(envelopeField(r.body, 'AgentID')).toBe(String(TEST_WECOM.agentId));
      expect(openCallback(r)).toBe(xml);
    });

    it('tampering yields a bad signature or a wrong receive id', async () => {
      const receiver = await startReceiver();
      await t.sim.deliverCallback('<xml/>', { url: receiver.url, tamper: 'signature' });
      await t.sim.deliverCallback('<xml/>', { url: receiver.url, tamper: 'receiveId' });
      await receiver.close();
      expect(() => openCallback(receiver.received[0])).toThrow(SignatureError);
      expect(() => openCallback(receiver.received[1])).toThrow(new DecryptError('receive_id'));
    });

    it('sendText and tapButton build WeCom plaintext XML', async () => {
      const receiver = await startReceiver();
      t.sim.setCallbackUrl(receiver.url);
      await t.sim.sendText('zhaolei', '我的分数');
      await t.sim.tapButton('zhoumin', { eventKey: 'praise:wuhao', taskId: 'score-1' });
      await receiver.close();
      const textXml = openCallback(receiver.received[0]);
      expect(textXml).toMatch(/<FromUserName><!\[CDATA\[zhaolei\]\]><\/FromUserName>/);
      expect(textXml).toMatch(/<MsgType><!\[CDATA\[text\]\]><\/MsgType>\n<Content><!\[CDATA\[我的分数\]\]><\/Content>\n<MsgId>\d{19}<\/MsgId>/);
      expect(textXml).toContain(`<CreateTime>${Math.floor(clock().getTime() / 1000)}</CreateTime>`);
      const eventXml = openCallback(receiver.received[1]);
      expect(eventXml).toContain('<Event><![CDATA[template_card_event]]></Event>');
      expect(eventXml).toContain('<CardType><![CDATA[button_interaction]]></CardType>');
      const code = /<ResponseCode><!\[CDATA\[(.+?)\]\]>/.exec(eventXml)?.[1];
      // The minted ResponseCode works once with update_template_card.
      const body = { agentid: TEST_WECOM.agentId, userids: ['zhoumin'], response_code: code, button: { replace_name: '已表扬' } };
      expect(await post(`message/update_template_card?access_token=${await token()}`, body)).toMatchObject({ errcode: 0, invaliduser: [] });
    });

    it('opens an encrypted passive reply', async () => {
      const replyXml = '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[收到]]></Content></xml>';
      const receiver = await startReceiver(() => {
        const { encrypted, signature } = sealMessage(keys, replyXml, '1700000001', 'n1');
        return { body: `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>1700000001</TimeStamp><Nonce><![CDATA[n1]]></Nonce></xml>` };
      });
      const result = await t.sim.deliverCallback('<xml/>', { url: receiver.url });
      await receiver.close();
      expect(result.reply).toBe(replyXml);
    });

    it('verifyUrl runs the echostr handshake', async () => {
      const good = await startReceiver((r) => {
        const echostr = r.query.get('echostr') ?? '';
        verifySignature(keys.token, r.query.get('timestamp') ?? '', r.query.get('nonce') ?? '', echostr, r.query.get('msg_signature') ?? undefined);
        return { body: decryptMessage(keys, echostr) };
      });
      const bad = await startReceiver(() => ({ body: 'hello' }));
      const [ok, notOk] = [await t.sim.verifyUrl(good.url), await t.sim.verifyUrl(bad.url)];
      await Promise.all([good.close(), bad.close()]);
      expect(ok).toMatchObject({ status: 200, ok: true });
      expect(ok.body).toBe(ok.expected);
      expect(notOk).toMatchObject({ status: 200, ok: false, body: 'hello' });
    });
  });

  describe('control surface', () => {
    it('says, taps and lists over /sandbox/', async () => {
      const receiver = await startReceiver();
      t.sim.setCallbackUrl(receiver.url);
      const control = (path: string, body?: unknown) =>
        fetch(`${t.sim.url}/sandbox/${path}`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : undefined);
      expect((await control('say', { from: 'lihua', text: '帮助' })).status).toBe(200);
      expect((await control('tap', { from: 'lihua', eventKey: 'k', taskId: 't' })).status).toBe(200);
      expect((await control('say', { from: 'lihua' })).status).toBe(400);
      await receiver.close();
      expect(receiver.received.map(openCallback).map((x) => /<MsgType><!\[CDATA\[(\w+)/.exec(x)?.[1])).toEqual(['text', 'event']);

      const tk = await token();
      for (const content of ['first', 'second']) {
        await post(`message/send?access_token=${tk}`, { agentid: TEST_WECOM.agentId, touser: 'lihua', msgtype: 'text', text: { content } });
      }
      const sent = (await (await control('sent')).json()) as Array<{ body: { text: { content: string } } }>;
      expect(sent.map((m) => m.body.text.content)).toEqual(['second', 'first']);
      const org = (await (await control('org')).json()) as { users: unknown[]; departments: unknown[] };
      expect([org.departments.length, org.users.length]).toEqual([5, 13]);
    });
  });
});
