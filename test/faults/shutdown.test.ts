/**
 * SIGTERM with a keep-alive client busy at that moment (issue 9, item 15): the real service, in a
 * process of its own, answers the in-flight request with Connection: close, answers nothing else
 * on that connection (no /healthz 200 after SIGTERM), drains, stops the sender, closes the
 * database and exits 0, well before the 25 s force-exit (which exits 1).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import { startSimulator, Simulator } from '../../src/sandbox/simulator';
import { encryptMessage, signMessage } from '../../src/wecom/crypto';
import { buildEnvelopeXml, buildInboundXml } from '../../src/wecom/envelope';
import { isMysql, openTestDatabase } from '../helpers/db';
import { TEST_WECOM } from '../helpers/simulator';

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '../..');

interface Service {
  child: ChildProcess;
  url: URL;
  lines: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

async function startService(sim: Simulator): Promise<Service> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfbot-shutdown-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    WECOM_CORP_ID: TEST_WECOM.corpId,
    WECOM_AGENT_ID: String(TEST_WECOM.agentId),
    WECOM_SECRET: TEST_WECOM.secret,
    WECOM_TOKEN: TEST_WECOM.token,
    WECOM_ENCODING_AES_KEY: TEST_WECOM.encodingAESKey,
    WECOM_API_BASE: sim.url,
    PORT: '0',
    LOG_LEVEL: 'info',
    PERFBOT_DATA_DIR: dir,
    PERFBOT_JOB_GRACE_H: '0',
    PUBLIC_URL: 'http://127.0.0.1',
    DATABASE_URL: isMysql() ? process.env.DATABASE_URL : `sqlite:${path.join(dir, 'perfbot.sqlite')}`,
  };
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/helpers/ts-register.js'), path.join(ROOT, 'src/main.ts')], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const part of parts.filter(Boolean)) {
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === 'perfbot listening') resolve(new URL(String(line.url)));
      }
    });
    void exited.then((code) => reject(new Error(`service exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, lines, exited };
}

/** A signed, encrypted callback body and its query, as WeCom would post it. */
function sealedCallback(msgId: string): { query: string; body: string } {
  const xml = buildInboundXml({ kind: 'text', toUser: TEST_WECOM.corpId, fromUser: 'lihua', createTime: Math.floor(Date.now() / 1000), msgId, content: '帮助' });
  const keys = { token: TEST_WECOM.token, encodingAESKey: TEST_WECOM.encodingAESKey, receiveId: TEST_WECOM.corpId };
  const encrypted = encryptMessage(keys, xml);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = '12345678';
  const query = `msg_signature=${signMessage(TEST_WECOM.token, timestamp, nonce, encrypted)}&timestamp=${timestamp}&nonce=${nonce}`;
  return { query, body: buildEnvelopeXml({ toUserName: TEST_WECOM.corpId, agentId: String(TEST_WECOM.agentId), encrypt: encrypted }) };
}

describe('SIGTERM with a busy keep-alive connection', () => {
  let sim: Simulator;
  beforeAll(async () => {
    if (isMysql()) await (await openTestDatabase()).destroy(); // a clean, migrated database for the child
    sim = await startSimulator({ ...TEST_WECOM, org: DEMO_ORG });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('answers the in-flight request with Connection: close, nothing after it, drains and exits 0', async () => {
    const service = await startService(sim);
    try {
      const socket = net.connect(Number(service.url.port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let received = '';
      socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));

      // A keep-alive request first, answered and reused: the connection is WeCom-like.
      socket.write(`GET /healthz HTTP/1.1\r\nHost: perfbot\r\nConnection: keep-alive\r\n\r\n`);
      while (!received.includes('"status":"ok"')) await sleep(20);
      received = '';

      // Then a callback whose body is still arriving when SIGTERM comes: the connection is busy.
      const { query, body } = sealedCallback('7300000000000009001');
      const bytes = Buffer.from(body);
      socket.write(`POST /wecom/callback?${query} HTTP/1.1\r\nHost: perfbot\r\nConnection: keep-alive\r\nContent-Type: text/xml\r\nContent-Length: ${bytes.length}\r\n\r\n`);
      socket.write(bytes.subarray(0, 10));
      await sleep(200);
      service.child.kill('SIGTERM');
      while (!service.lines.some((l) => l.msg === 'shutting down: finishing in-flight work')) await sleep(20);

      // The rest of the body, and a pipelined health check right behind it on the same connection.
      socket.write(bytes.subarray(10));
      socket.write(`GET /healthz HTTP/1.1\r\nHost: perfbot\r\nConnection: keep-alive\r\n\r\n`);
      await closed; // the service closes the connection itself

      const responses = received.split(/(?=HTTP\/1\.1 )/).filter(Boolean);
      expect(responses).toHaveLength(1);
      expect(responses[0]).toMatch(/^HTTP\/1\.1 (200|503) /);
      expect(responses[0].toLowerCase()).toContain('connection: close');
      expect(received).not.toContain('"status":"ok"');

      expect(await service.exited).toBe(0);
      const messages = service.lines.map((l) => l.msg);
      expect(messages).toContain('perfbot stopped'); // the drain, the sender stop and the database close ran
      expect(messages).not.toContain('shutdown took over 25 s; exiting');
    } finally {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    }
  });
});
