/**
 * A burst of callbacks whose handlers are slow (a Friday push answered by many taps): every
 * callback is acknowledged while the handlers are still stuck, handlers run with bounded
 * concurrency and the rest wait in the database, and every recorded callback is handled exactly
 * once, across two instances and after a crash. When the database cannot record a callback in
 * time, the answer is a quick non-200 so that WeCom retries it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { Dispatcher } from '../../src/bot/dispatcher';
import { Bot } from '../../src/bot/router';
import { InboundCallback } from '../../src/entities';
import { createHttpApp } from '../../src/http/app';
import { createMetrics } from '../../src/metrics';
import { Outbox } from '../../src/outbox/outbox-service';
import { buildInboundXml } from '../../src/wecom/envelope';
import { testConfig } from '../helpers/app';
import { isMysql, openTestDatabase } from '../helpers/db';
import { startTestSimulator, TestSimulator, TEST_WECOM } from '../helpers/simulator';

/** A bot whose every text handler waits for the test to open the gate, counting runs per MsgId. */
function gatedBot() {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const runs = new Map<string, number>();
  const state = { running: 0, maxRunning: 0, started: 0 };
  const bot = new Bot().command(/[\s\S]*/, async (ctx) => {
    state.started++;
    state.running++;
    state.maxRunning = Math.max(state.maxRunning, state.running);
    await gate;
    const msgId = (ctx.message as { msgId: string }).msgId;
    runs.set(msgId, (runs.get(msgId) ?? 0) + 1);
    state.running--;
  }, undefined, { allowNonMembers: true });
  return { bot, runs, state, open: () => open() };
}

interface Instance {
  url: string;
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

async function startInstance(
  ds: DataSource,
  t: TestSimulator,
  bot: Bot,
  opts: { concurrency?: number; maxPending?: number; recordTimeoutMs?: number; abandonAfterMs?: number } = {},
): Promise<Instance> {
  const clock = () => new Date();
  const logger = pino({ level: 'silent' });
  const config = testConfig(t.sim.url);
  const services = { ds, wecom: t.createClient(), outbox: new Outbox(ds, clock), config, clock };
  const dispatcher = new Dispatcher({ bot, services, logger, ...opts });
  const keys = { token: TEST_WECOM.token, encodingAESKey: TEST_WECOM.encodingAESKey, receiveId: TEST_WECOM.corpId };
  const koa = createHttpApp({ ds, logger, metrics: createMetrics(), callback: { keys, maxSkewS: 300, clock, dispatcher, logger } });
  const server = http.createServer(koa.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wecom/callback`,
    dispatcher,
    async close() {
      dispatcher.stopIntake();
      await dispatcher.drain();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

const textXml = (msgId: string) =>
  buildInboundXml({ kind: 'text', toUser: TEST_WECOM.corpId, fromUser: 'lihua', createTime: Math.floor(Date.now() / 1000), msgId, content: '帮助' });

describe('a burst of callbacks with slow handlers', () => {
  let ds: DataSource;
  let t: TestSimulator;
  const instances: Instance[] = [];
  beforeEach(async () => {
    ds = await openTestDatabase();
    t = await startTestSimulator();
  });
  afterEach(async () => {
    for (const i of instances.splice(0)) await i.close();
    await t.close();
    await ds.destroy();
  });

  it('acknowledges every callback while handlers are stuck, runs at most the limit, and handles each once across two instances', async () => {
    const g = gatedBot();
    const a = await startInstance(ds, t, g.bot, { concurrency: 2 });
    const b = await startInstance(ds, t, g.bot, { concurrency: 2 });
    instances.push(a, b);
    const ids = Array.from({ length: 60 }, (_, i) => String(7400000000000000000n + BigInt(i)));

    const answers = await Promise.all(ids.map((id, i) => t.sim.deliverCallback(textXml(id), { url: (i % 2 ? a : b).url })));

    // Every ack arrived while all handlers were still waiting at the gate.
    expect(answers.map((r) => r.status)).toEqual(ids.map(() => 200));
    expect(g.runs.size).toBe(0);
    expect(g.state.maxRunning).toBeLessThanOrEqual(4);
    const repo = ds.getRepository(InboundCallback);
    expect(await repo.count()).toBe(60);
    // The overflow waits in the database, not in either process.
    expect(await repo.countBy({ status: 'received' })).toBe(60 - g.state.started);

    // WeCom's retries of a few of them, mid-burst, are recognised as duplicates.
    const retries = await Promise.all(ids.slice(0, 5).map((id) => t.sim.deliverCallback(textXml(id), { url: a.url })));
    expect(retries.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

    g.open();
    await Promise.all([a.dispatcher.drain(), b.dispatcher.drain()]);
    expect([...g.runs.keys()].sort()).toEqual([...ids].sort());
    expect([...g.runs.values()].every((n) => n === 1)).toBe(true);
    expect(g.state.maxRunning).toBeLessThanOrEqual(4);
    expect(await repo.countBy({ status: 'done' })).toBe(60);
  });

  it('takes over a claim whose process died once its lease ran out, and leaves a live claim alone', async () => {
    const g = gatedBot();
    g.open();
    const past = new Date(Date.now() - 120_000);
    const repo = ds.getRepository(InboundCallback);
    const row = (msgId: string, leaseUntil: Date) => ({
      dedupeKey: `msg:${msgId}`,
      fromUser: 'lihua',
      kind: 'text',
      payload: textXml(msgId),
      status: 'handling' as const,
      receivedAt: past,
      handledAt: null,
      error: null,
      claimedBy: 'cb-dead-process',
      leaseUntil,
    });
    await repo.insert(row('7400000000000000901', new Date(Date.now() - 1000)));
    await repo.insert(row('7400000000000000902', new Date(Date.now() + 600_000)));

    const next = await startInstance(ds, t, g.bot);
    instances.push(next);
    expect(await next.dispatcher.recover()).toBe(1);
    await next.dispatcher.drain();
    expect([...g.runs.entries()]).toEqual([['7400000000000000901', 1]]);
    expect((await repo.findOneByOrFail({ dedupeKey: 'msg:7400000000000000901' })).status).toBe('done');
    expect((await repo.findOneByOrFail({ dedupeKey: 'msg:7400000000000000902' })).status).toBe('handling');
  });

  (isMysql() ? it : it.skip)('answers 503 at once while the database cannot record, and handles WeCom’s retry once', async () => {
    const g = gatedBot();
    g.open();
    const inst = await startInstance(ds, t, g.bot, { recordTimeoutMs: 300, maxPending: 1 });
    instances.push(inst);
    const locker = ds.createQueryRunner();
    await locker.connect();
    await locker.query('LOCK TABLES inbound_callbacks WRITE');
    let first: { status: number } | undefined;
    let second: { status: number } | undefined;
    try {
      // Both answered while the lock is still held: the first after its record deadline, the
      // second at once (the first is still being recorded, which is the limit here).
      const firstP = t.sim.deliverCallback(textXml('7400000000000000951'), { url: inst.url });
      await new Promise((r) => setTimeout(r, 50));
      second = await t.sim.deliverCallback(textXml('7400000000000000952'), { url: inst.url });
      first = await firstP;
    } finally {
      await locker.query('UNLOCK TABLES');
      await locker.release();
    }
    expect(first?.status).toBe(503);
    expect(second?.status).toBe(503);
    // The first one's record lands once the lock is gone; WeCom's retry of it is then a duplicate.
    const repo = ds.getRepository(InboundCallback);
    while (!(await repo.existsBy({ dedupeKey: 'msg:7400000000000000951' }))) await new Promise((r) => setTimeout(r, 20));
    expect(await repo.existsBy({ dedupeKey: 'msg:7400000000000000952' })).toBe(false);
    expect((await t.sim.deliverCallback(textXml('7400000000000000951'), { url: inst.url })).status).toBe(200);
    expect((await t.sim.deliverCallback(textXml('7400000000000000952'), { url: inst.url })).status).toBe(200);
    await inst.dispatcher.drain();
    expect(Object.fromEntries(g.runs)).toEqual({ '7400000000000000951': 1, '7400000000000000952': 1 });
  });
});
