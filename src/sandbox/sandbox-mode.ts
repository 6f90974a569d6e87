/**
 * `npm start` without WeCom credentials: the simulator with the demo factory on SANDBOX_PORT, the
 * bot's callback URL wired in once the app listens, and a log line saying how to talk to it.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import { buildDemoFactory } from './demo-factory';
import type { SandboxHooks } from './page-api';
import { SandboxClock } from './sandbox-clock';
import { startSimulator, type Simulator } from './simulator';

export interface SandboxHandle {
  simulator: Simulator;
  /** The clock the app must use too (pass `clock.now` as startApp's clock): the page moves it. */
  clock: SandboxClock;
  /** Points callbacks at the app, lets the page's clock control fire its jobs, and says how to play with it. */
  announce(appUrl: string, jobs?: { runJob(name: string, firedAt: Date): Promise<unknown> }): void;
  close(): Promise<void>;
}

export const CALLBACK_PATH = '/wecom/callback';

export async function startSandbox(
  config: Config,
  logger: Logger,
  options: { clock?: () => Date } = {},
): Promise<SandboxHandle> {
  const { corpId, agentId, secret, token, encodingAESKey } = config.wecom;
  const clock = new SandboxClock();
  const hooks: SandboxHooks = { clock: options.clock ? undefined : clock, timeZone: config.timezone };
  const simulator = await startSimulator({
    port: config.sandboxPort,
    corpId,
    agentId,
    secret,
    token,
    encodingAESKey,
    org: buildDemoFactory(),
    clock: options.clock ?? clock.now,
    sandbox: hooks,
    logger: logger.child({ component: 'sandbox' }),
  });
  logger.info({ url: simulator.url }, 'sandbox: WeCom simulator listening (no WeCom credentials set)');
  return {
    simulator,
    clock,
    announce(appUrl, jobs) {
      simulator.setCallbackUrl(`${appUrl}${CALLBACK_PATH}`);
      if (jobs) hooks.runJob = (name, firedAt) => jobs.runJob(name, firedAt);
      logger.info(
        {
          page: `open ${simulator.url}/ in a browser: chat as any demo member`,
          say: `curl -s -X POST ${simulator.url}/sandbox/say -H 'content-type: application/json' -d '{"from":"lihua","text":"帮助"}'`,
          sent: `curl -s ${simulator.url}/sandbox/sent`,
          org: `curl -s ${simulator.url}/sandbox/org`,
        },
        'sandbox: talk to the bot as a demo member',
      );
    },
    close: () => simulator.close(),
  };
}
