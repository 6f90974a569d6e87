/**
 * `npm start`: the service. With no WeCom credentials it also starts the WeCom simulator with a
 * demo factory org, so a newcomer can talk to the bot without a WeCom tenant.
 */
import 'dotenv/config';
import { startApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { seedDemoData } from './sandbox/demo-data';
import { startSandbox } from './sandbox/sandbox-mode';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const sandbox = config.sandbox ? await startSandbox(config, logger) : null;
  const app = await startApp(config, { logger, clock: sandbox?.clock.now });
  logger.info({ url: app.url, database: config.database.type, timezone: config.timezone }, 'perfbot listening');
  if (!config.sandbox && !config.publicUrl) {
    logger.warn('PUBLIC_URL is not set: the 查看详情 links in cards point at this machine\'s loopback address; set it to the app\'s trusted domain');
  }
  if (sandbox) {
    const seeded = await seedDemoData(app.ds, app.services.clock(), config.timezone);
    if (seeded) logger.info(seeded, 'sandbox: demo factory history added (two quarters)');
    sandbox.announce(app.url, app.jobs);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    const force = setTimeout(() => {
      logger.error('shutdown took over 25 s; exiting');
      process.exit(1);
    }, 25_000);
    force.unref();
    await app.stop();
    await sandbox?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('perfbot failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
