/**
 * Starts the WeCom simulator with test credentials on a random loopback port, and hands back a
 * matching WeCom config and client factory. Close it in afterEach/afterAll.
 */
import pino from 'pino';
import type { WeComConfig } from '../../src/config';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sandbox/simulator';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import { WeComClient, type WeComClientOptions } from '../../src/wecom/client';
import { MemoryTokenStore } from '../../src/wecom/token-store';

export const TEST_WECOM = {
  corpId: 'wwtestcorp0000000001',
  agentId: 1000002,
  secret: 'test-secret-0123456789',
  token: 'testToken123',
  /** 43 characters of [A-Za-z0-9], as the admin console issues them. */
  encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
} as const;

export interface TestSimulator {
  sim: Simulator;
  /** Matches src/config WeComConfig, for code that builds its own client or callback keys. */
  wecom: WeComConfig;
  /** A client against the simulator: memory token store, silent logger, fast retries. */
  createClient(overrides?: Partial<WeComClientOptions>): WeComClient;
  close(): Promise<void>;
}

export async function startTestSimulator(overrides: Partial<SimulatorOptions> = {}): Promise<TestSimulator> {
  const sim = await startSimulator({ ...TEST_WECOM, org: DEMO_ORG, ...overrides });
  const wecom: WeComConfig = { ...TEST_WECOM, apiBase: sim.url, timeoutMs: 1000 };
  return {
    sim,
    wecom,
    createClient: (o = {}) =>
      new WeComClient({
        apiBase: wecom.apiBase,
        corpId: wecom.corpId,
        agentId: wecom.agentId,
        secret: wecom.secret,
        timeoutMs: wecom.timeoutMs,
        tokenStore: new MemoryTokenStore(),
        logger: pino({ level: 'silent' }),
        clock: overrides.clock,
        retryBaseMs: 1,
        ...o,
      }),
    close: () => sim.close(),
  };
}

/** A clock tests move by hand: `clock.advance(61_000)`. */
export function manualClock(start = new Date('2025-03-03T09:00:00+08:00')) {
  let now = start.getTime();
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance(ms: number) {
      now += ms;
    },
  });
}
