/**
 * `npm start`: the service. With no WeCom credentials it also starts the WeCom simulator with a
 * demo factory org, so a newcomer can talk to the bot without a WeCom tenant.
 */
import 'dotenv/config';
import { startApp } from './app';
import { installSafetyNet } from './background';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { recordEndpoint, SANDBOX_ENDPOINT } from './repositories/service-endpoints';
import { seedDemoData } from './sandbox/demo-data';
import { withSandboxKeys } from './sandbox/sandbox-keys';
import { startSandbox } from './sandbox/sandbox-mode';

async function main(): Promise<void> {
  let config;
  try {
    config = withSandboxKeys(loadConfig());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  installSafetyNet(logger);
  const sandbox = config.sandbox ? await startSandbox(config, logger) : null;
  const app = await startApp(config, { logger, clock: sandbox?.clock.now });
  logger.info({ url: app.url, host: config.host, database: config.database.type, timezone: config.timezone }, 'perfbot listening');
  if (!config.sandbox && !config.publicUrl) {
    logger.warn('PUBLIC_URL is not set: the 查看详情 links in cards point at this machine\'s loopback address; set it to the app\'s trusted domain');
  }
  if (sandbox) {
    // perfbot CLI commands on this database find this simulator, whatever port it listens on.
    await recordEndpoint(app.ds, SANDBOX_ENDPOINT, sandbox.simulator.url, new Date());
    const seeded = await seedDemoData(app.ds, app.services.clock(), config.timezone);
    if (seeded) logger.info(seeded, 'sandbox: demo factory history added (two quarters)');
    sandbox.announce(app.url, app.jobs);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    // Connections close after their in-flight response (Connection: close while draining), so
    // this bound is only for a handler or a WeCom call that never ends.
    const force = setTimeout(() => {
      logger.error('shutdown took over 25 s; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      await app.stop();
      await sandbox?.close();
    } catch (err) {
      logger.error({ err }, 'shutdown failed part-way');
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('perfbot failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
