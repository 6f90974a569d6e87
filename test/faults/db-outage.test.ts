/**
 * The database goes away under a running service (issue 9, item 11): the process stays up, a
 * callback it cannot record gets a non-200 (so WeCom retries it), /healthz answers 503 within
 * its bound, every background loop logs the outage once and resumes by itself, and WeCom's retry
 * of the refused callback is answered once. The loops' intervals are shortened by configuration
 * so the outage spans many ticks of each (the real one spans 70 s across a minute boundary).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { App, startApp } from '../../src/app';
import { InboundCallback, PullConnector } from '../../src/entities';
import { createLogger } from '../../src/logger';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import { startSimulator, Simulator } from '../../src/sandbox/simulator';
import { buildInboundXml } from '../../src/wecom/envelope';
import { testConfig, TEST_WECOM } from '../helpers/app';
import { DbOutage, openOutageDatabase } from '../helpers/db-outage';

jest.setTimeout(60_000);

/** GET with a hard bound: a hung /healthz fails the test instead of answering late. */
function getWithin(url: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: ms }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ms} ms`)));
    req.on('error', reject);
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 15_000, context: () => unknown = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} ${JSON.stringify(context())}`);
    await sleep(50);
  }
}

describe('the database gone under a running service', () => {
  let db: DbOutage;
  let sim: Simulator;
  let app: App;
  let erp: http.Server;
  let erpCalls = 0;
  const logs: Array<Record<string, unknown>> = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    db = await openOutageDatabase();
    sim = await startSimulator({ ...TEST_WECOM, org: DEMO_ORG });
    // An ERP endpoint for a pull connector that runs every second.
    erp = http.createServer((_req, res) => {
      erpCalls++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ items: [], next_cursor: '' }));
    });
    await new Promise<void>((r) => erp.listen(0, '127.0.0.1', r));
    await db.ds.getRepository(PullConnector).insert({
      name: 'mes',
      url: `http://127.0.0.1:${(erp.address() as AddressInfo).port}/records`,
      fieldMap: { userid: 'op', fixedInput: 'good', value: 'qty', occurredAt: 'at', externalId: 'id' },
      source: 'mes',
      schedule: '* * * * * *',
    });
    const sink = new Writable({
      write(chunk: Buffer, _enc, cb) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
        cb();
      },
    });
    const config = testConfig(sim.url, { PERFBOT_JOB_GRACE_H: '0' });
    app = await startApp(config, {
      ds: db.ds,
      logger: createLogger('debug', sink),
      syncOrgOnStart: false,
      schedule: true,
      outboxPollMs: 50,
      outboxRetryBaseMs: 20,
      wecomRetryBaseMs: 10,
      recoverEveryMs: 100,
      resumeEveryMs: 100,
    });
    sim.setCallbackUrl(`${app.url}/wecom/callback`);
  });

  afterAll(async () => {
    db.restore();
    await app?.stop();
    await sim?.close();
    await new Promise<void>((r) => erp.close(() => r()));
    await db.close();
    process.off('unhandledRejection', onUnhandled);
  });

  const failedLines = (loop: string) => logs.filter((l) => l.loop === loop && l.level === 50);
  const recoveredLines = (loop: string) => logs.filter((l) => l.loop === loop && String(l.msg).endsWith('works again'));

  it('stays up, refuses what it cannot record, answers /healthz 503 in time, and recovers by itself', async () => {
    expect(await getWithin(`${app.url}/healthz`, 2000)).toBe(200);
    await until('the pull connector to run once', () => erpCalls > 0);

    const xml = buildInboundXml({
      kind: 'text',
      toUser: TEST_WECOM.corpId,
      fromUser: 'lihua',
      createTime: Math.floor(Date.now() / 1000),
      msgId: '7300000000000004242',
      content: '帮助',
    });

    db.cut();
    // The callback cannot be recorded: a non-200, so that WeCom delivers it again later.
    const refused = await sim.deliverCallback(xml);
    expect(refused.status).not.toBe(200);
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await getWithin(`${app.url}/healthz`, 2000)).toBe(503);

    // Many ticks of every loop: recovery and job resume every 100 ms, the sender every 50 ms, the connector every second.
    await sleep(2500);
    expect(await getWithin(`${app.url}/healthz`, 2000)).toBe(503);
    for (const loop of ['callback recovery', 'outbox sender', 'job resume', 'pull connector mes']) {
      expect({ loop, lines: failedLines(loop).length }).toEqual({ loop, lines: 1 }); // once per episode, not per tick
    }
    expect(unhandled).toEqual([]);

    db.restore();
    await until('/healthz to answer 200 again', async () => (await getWithin(`${app.url}/healthz`, 2000)) === 200);
    for (const loop of ['callback recovery', 'outbox sender', 'job resume', 'pull connector mes']) {
      await until(`${loop} to log that it works again`, () => recoveredLines(loop).length >= 1, 15_000, () => logs.filter((l) => Number(l.level) >= 40).slice(-8));
    }

    // WeCom retries the callback it got no 200 for: it is handled, and answered, once.
    const retried = await sim.deliverCallback(xml);
    expect(retried.status).toBe(200);
    const again = await sim.deliverCallback(xml);
    expect(again.status).toBe(200);
    await app.settle();
    expect(sim.sent.filter((m) => m.recipients.includes('lihua'))).toHaveLength(1);
    expect(await db.ds.getRepository(InboundCallback).countBy({ dedupeKey: 'msg:7300000000000004242', status: 'done' })).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it('answers /healthz 503 within its bound while the database hangs (frozen, not gone)', async () => {
    db.freeze();
    try {
      expect(await getWithin(`${app.url}/healthz`, 2000)).toBe(503);
      expect(await getWithin(`${app.url}/healthz`, 2000)).toBe(503);
    } finally {
      db.restore();
    }
    await until('/healthz to answer 200 again', async () => (await getWithin(`${app.url}/healthz`, 2000)) === 200);
    expect(unhandled).toEqual([]);
  });
});
