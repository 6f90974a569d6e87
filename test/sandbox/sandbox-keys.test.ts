/**
 * Sandbox mode is for one person on their own machine: it listens on loopback unless HOST says
 * otherwise, and its WeCom keys are made per install (data/sandbox-keys.json), so the published
 * placeholder keys forge nothing. The app, the simulator and the CLI share the one key file.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { startApp, type App } from '../../src/app';
import { loadConfig, SANDBOX_WECOM } from '../../src/config';
import { loadSandboxKeys, SANDBOX_KEYS_FILE, withSandboxKeys } from '../../src/sandbox/sandbox-keys';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/sandbox-mode';
import { encryptMessage, signMessage } from '../../src/wecom/crypto';
import { buildEnvelopeXml, buildInboundXml } from '../../src/wecom/envelope';
import { openTestDatabase } from '../helpers/db';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-sbx-'));
const REAL = { WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'a'.repeat(43) };

describe('sandbox keys', () => {
  it('are made once per install, kept owner-only, and differ from the published ones and between installs', () => {
    const a = tmp();
    const b = tmp();
    const first = loadSandboxKeys(a);
    expect(loadSandboxKeys(a)).toEqual(first);
    const other = loadSandboxKeys(b);
    expect(other.secret).not.toBe(first.secret);
    expect(other.encodingAESKey).not.toBe(first.encodingAESKey);
    expect(first.secret).not.toBe(SANDBOX_WECOM.secret);
    expect(first.token).not.toBe(SANDBOX_WECOM.token);
    expect(first.encodingAESKey).not.toBe(SANDBOX_WECOM.encodingAESKey);
    expect(first.encodingAESKey).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(fs.statSync(path.join(a, SANDBOX_KEYS_FILE)).mode & 0o777).toBe(0o600);

    const config = withSandboxKeys(loadConfig({ PERFBOT_DATA_DIR: a }));
    expect(config.wecom).toMatchObject({ secret: first.secret, token: first.token, encodingAESKey: first.encodingAESKey });
    expect(config.linkSecret).not.toBe(loadConfig({}).linkSecret); // links are signed with this install's key too
    expect(withSandboxKeys(loadConfig({ PERFBOT_DATA_DIR: a, PERFBOT_LINK_SECRET: 'my-own-link-secret-123' })).linkSecret).toBe('my-own-link-secret-123');
    // With real credentials nothing is read or written.
    const c = tmp();
    expect(withSandboxKeys(loadConfig({ ...REAL, PERFBOT_DATA_DIR: c })).wecom.secret).toBe('s');
    expect(fs.existsSync(path.join(c, SANDBOX_KEYS_FILE))).toBe(false);
  });

  it('binds loopback in sandbox mode unless HOST says otherwise; every interface with real credentials', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig(REAL).host).toBe('0.0.0.0');
    expect(() => loadConfig({ HOST: 'every interface' })).toThrow(/HOST must be an IP address/);
  });
});

describe('npm start in sandbox mode', () => {
  let app: App;
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    const config = withSandboxKeys(loadConfig({ PORT: '0', SANDBOX_PORT: '0', PERFBOT_DATA_DIR: tmp(), LOG_LEVEL: 'silent' }));
    const logger = pino({ level: 'silent' });
    sandbox = await startSandbox(config, logger);
    app = await startApp({ ...config, wecom: { ...config.wecom, apiBase: sandbox.simulator.url } }, { logger, ds: await openTestDatabase(), schedule: false });
    sandbox.announce(app.url);
  });
  afterAll(async () => {
    const ds = app.ds;
    await app.stop();
    await sandbox.close();
    await ds.destroy();
  });

  it('listens on 127.0.0.1 only', () => {
    expect((app.server.address() as AddressInfo).address).toBe('127.0.0.1');
  });

  it('takes the simulator’s callbacks (same key file) and refuses one sealed with the published keys', async () => {
    expect((await sandbox.simulator.sendText('lihua', '帮助')).status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const xml = buildInboundXml({ kind: 'text', toUser: SANDBOX_WECOM.corpId, fromUser: 'lihua', createTime: now, msgId: '7300000000000000999', content: '帮助' });
    const encrypt = encryptMessage({ token: SANDBOX_WECOM.token, encodingAESKey: SANDBOX_WECOM.encodingAESKey, receiveId: SANDBOX_WECOM.corpId }, xml);
    const signature = signMessage(SANDBOX_WECOM.token, String(now), '1', encrypt);
    const forged = await request(app.server)
      .post(`/wecom/callback?${new URLSearchParams({ timestamp: String(now), nonce: '1', msg_signature: signature })}`)
      .set('content-type', 'text/xml')
      .send(buildEnvelopeXml({ toUserName: SANDBOX_WECOM.corpId, agentId: String(SANDBOX_WECOM.agentId), encrypt }));
    expect(forged.status).toBe(401);
  });
});
