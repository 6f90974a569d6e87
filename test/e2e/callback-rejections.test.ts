/**
 * Bad input at the callback endpoint: each gets its status, is logged, reaches no handler and
 * sends nothing. Raw requests are built here with the real crypto so each one is wrong in exactly
 * one way.
 */
import request from 'supertest';
import { InboundCallback } from '../../src/entities';
import { encryptMessage, signMessage } from '../../src/wecom/crypto';
import { buildEnvelopeXml, buildInboundXml } from '../../src/wecom/envelope';
import { startHarness, Harness, TEST_WECOM } from '../helpers/app';

const keys = { token: TEST_WECOM.token, encodingAESKey: TEST_WECOM.encodingAESKey, receiveId: TEST_WECOM.corpId };

function textXml(content = '帮助', msgId = '7300000000000000001'): string {
  return buildInboundXml({ kind: 'text', toUser: TEST_WECOM.corpId, fromUser: 'lihua', createTime: now(), msgId, content });
}
const now = () => Math.floor(Date.now() / 1000);

/** A correctly sealed POST, with overrides to break one thing. */
function sealed(opts: { plaintext?: string; receiveId?: string; encrypt?: string; timestamp?: string; signature?: string | null; body?: string } = {}) {
  const timestamp = opts.timestamp ?? String(now());
  const nonce = '1372623149';
  const encrypt = opts.encrypt ?? encryptMessage({ ...keys, receiveId: opts.receiveId ?? keys.receiveId }, opts.plaintext ?? textXml());
  const signature = opts.signature === undefined ? signMessage(keys.token, timestamp, nonce, encrypt) : opts.signature;
  const query = new URLSearchParams({ timestamp, nonce, ...(signature === null ? {} : { msg_signature: signature }) });
  const body = opts.body ?? buildEnvelopeXml({ toUserName: TEST_WECOM.corpId, agentId: String(TEST_WECOM.agentId), encrypt });
  return { path: `/wecom/callback?${query}`, body };
}

describe('callback rejections', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PERFBOT_METRICS_TOKEN: 'scrape-0123456789abcdef' } });
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (r: { path: string; body: string }) =>
    request(h.app.server).post(r.path).set('content-type', 'text/xml').send(r.body);

  const cases: Array<[string, () => { path: string; body: string }, number]> = [
    ['a wrong signature', () => sealed({ signature: 'a'.repeat(40) }), 401],
    ['a missing signature', () => sealed({ signature: null }), 401],
    ['a signature over other content', () => ({ ...sealed(), body: sealed({ plaintext: textXml('别的内容') }).body }), 401],
    ['a timestamp ten minutes old', () => sealed({ timestamp: String(now() - 600) }), 401],
    ['a payload for another corp (wrong receive id)', () => sealed({ receiveId: 'wwsomeoneelse00001' }), 400],
    ['an undecryptable payload', () => sealed({ encrypt: Buffer.alloc(64, 7).toString('base64') }), 400],
    ['a payload that is not base64', () => sealed({ encrypt: 'not*base64!' }), 400],
    ['a malformed outer XML', () => ({ ...sealed(), body: '<xml><Encrypt>abc</xml>' }), 400],
    ['a malformed inner XML', () => sealed({ plaintext: '<xml><MsgType>text</MsgType' }), 400],
    [
      'an XXE DOCTYPE in the envelope',
      () => ({ ...sealed(), body: '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Encrypt>&x;</Encrypt></xml>' }),
      400,
    ],
    [
      'a billion-laughs entity bomb in the plaintext',
      () =>
        sealed({
          plaintext:
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><xml><ToUserName>x</ToUserName><FromUserName>lihua</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&lol2;</Content><MsgId>1</MsgId></xml>',
        }),
      400,
    ],
    ['a body over 1 MB', () => ({ ...sealed(), body: `<xml><Encrypt>${'A'.repeat(1024 * 1024 + 10)}</Encrypt></xml>` }), 413],
  ];

  it.each(cases)('rejects %s, dispatches nothing and sends nothing', async (_name, make, status) => {
    const callbacksBefore = await h.ds.getRepository(InboundCallback).count();
    const logsBefore = h.logs.length;
    const res = await post(make());
    expect(res.status).toBe(status);
    await h.app.settle();
    expect(await h.ds.getRepository(InboundCallback).count()).toBe(callbacksBefore);
    expect(h.sim.sent).toHaveLength(0);
    const warnings = h.logs.slice(logsBefore).filter((l) => (l.level as number) >= 40);
    expect(warnings).toHaveLength(1);
  });

  it('accepts the same request once everything is right (the cases above differ in one thing only)', async () => {
    const res = await post(sealed());
    expect(res.status).toBe(200);
    await h.app.settle();
    expect(h.sim.sent).toHaveLength(1);
  });

  it('rejects a URL verification with a bad signature', async () => {
    const res = await request(h.app.server).get('/wecom/callback').query({ msg_signature: 'x'.repeat(40), timestamp: String(now()), nonce: '1', echostr: 'abc' });
    expect(res.status).toBe(401);
  });

  it('keeps serving after all of that', async () => {
    const res = await request(h.app.server).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: 'ok' });
    const metrics = await request(h.app.server).get('/metrics').set('authorization', 'Bearer scrape-0123456789abcdef');
    // Four POSTs above with signature faults, plus the GET verification.
    expect(metrics.text).toMatch(/perfbot_callbacks_total\{outcome="bad_signature"\} 5/);
    expect(metrics.text).toMatch(/perfbot_callbacks_total\{outcome="bad_payload"\} 7/);
    expect(metrics.text).toMatch(/perfbot_callbacks_total\{outcome="too_large"\} 1/);
    expect(metrics.text).toMatch(/perfbot_outbox_depth\{status="sent"\} 1/);
  });
});
