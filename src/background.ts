/**
 * Background loops (callback recovery, outbox sender, job scheduler, pull connectors, org sync)
 * must outlive any error of what they depend on: the database gone, WeCom down. A LoopHealth
 * logs a failing loop once per episode (not once per tick), and once more when it works again.
 */
import type { Logger } from './logger';

export class LoopHealth {
  private failingSince: Date | null = null;
  private failures = 0;

  constructor(
    private readonly logger: Logger,
    readonly loop: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  get failing(): boolean {
    return this.failingSince !== null;
  }

  /** Records a failed tick; logs only the first of an episode. */
  fail(err: unknown): void {
    this.failures++;
    if (this.failingSince) return;
    this.failingSince = this.clock();
    this.logger.error({ err, loop: this.loop }, `${this.loop} failed; retrying on every tick, quiet until it works again`);
  }

  /** Records a good tick; ends an episode with one line saying how long it lasted. */
  ok(): void {
    if (!this.failingSince) return;
    const downMs = this.clock().getTime() - this.failingSince.getTime();
    this.logger.warn({ loop: this.loop, downMs, failedTicks: this.failures }, `${this.loop} works again`);
    this.failingSince = null;
    this.failures = 0;
  }

  /** Runs one tick; never rejects. */
  async run<T>(tick: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await tick();
      this.ok();
      return value;
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }
}

/**
 * Runs `tick` every `intervalMs` (never two at once) until stopped; an error is the LoopHealth's
 * to log, never the process's. The timer is unref'd: a loop alone does not keep Node alive.
 */
export function startLoop(health: LoopHealth, intervalMs: number, tick: () => Promise<unknown>): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = health.run(tick).finally(() => {
        running = null;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The process-level safety net: a rejection nobody handled is logged, not fatal. Each loop guards
 * itself; this only catches what a future change forgets to.
 */
export function installSafetyNet(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (a bug: the code that made it should handle it); the service keeps running');
  });
}
