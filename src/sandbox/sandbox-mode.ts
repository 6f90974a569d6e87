/**
 * `npm start` without WeCom credentials: the simulator with the demo factory on SANDBOX_PORT, the
 * bot's callback URL wired in once the app listens, and a log line saying how to talk to it.
 */
import type { Config } from '../config';
import type { Logger } from '../logger';
import { DEMO_ORG } from './demo-org';
import { startSimulator, type Simulator } from './simulator';

export interface SandboxHandle {
  simulator: Simulator;
  /** Points callbacks at the app and tells the operator how to play with it. */
  announce(appUrl: string): void;
  close(): Promise<void>;
}

export const CALLBACK_PATH = '/wecom/callback';

export async function startSandbox(
  config: Config,
  logger: Logger,
  options: { clock?: () => Date } = {},
): Promise<SandboxHandle> {
  const { corpId, agentId, secret, token, encodingAESKey } = config.wecom;
  const simulator = await startSimulator({
    port: config.sandboxPort,
    corpId,
    agentId,
    secret,
    token,
    encodingAESKey,
    org: DEMO_ORG,
    clock: options.clock,
    logger: logger.child({ component: 'sandbox' }),
  });
  logger.info({ url: simulator.url }, 'sandbox: WeCom simulator listening (no WeCom credentials set)');
  return {
    simulator,
    announce(appUrl: string) {
      simulator.setCallbackUrl(`${appUrl}${CALLBACK_PATH}`);
      logger.info(
        {
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
