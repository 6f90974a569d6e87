/**
 * Shared set-up for the job runner tests: a tiny fake job (one text per active employee, keyed by
 * userid), gates to hold a run mid-way, and counters over what the simulator received.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { periodOf } from '../../src/domain/periods';
import { Employee, OutboxMessage } from '../../src/entities';
import type { JobDefinition } from '../../src/jobs/job';
import type { Simulator } from '../../src/sandbox/simulator';
import { startHarness, type Harness } from '../helpers/app';

/** Shanghai wall time → instant. */
export const local = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);
/** Friday 27 November 2026, 17:00 in Shanghai: ISO week 2026-W48. */
export const FRIDAY_17 = local('2026-11-27 17:00');
export const FAKE_TEXT = '本周推送';

export const HR_ENV = { PERFBOT_HR_USERIDS: 'heping', WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_JOB_REPORT_WAIT_S: '60' };

export function startAt(now: Date, env: Record<string, string> = {}): Promise<Harness> {
  return startHarness({ app: { clock: () => now }, env: { ...HR_ENV, ...env } });
}

export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export interface FakeJobOptions {
  name?: string;
  /** Userids the simulator does not know: WeCom answers 81013. */
  ghosts?: string[];
  /** Userids skipped with a reason. */
  skip?: Record<string, string>;
  /** The first run (only) waits here after this many deliveries. */
  holdAfter?: number;
  hold?: Promise<void>;
  /** The first run (only) throws after this many deliveries. */
  failAfter?: number;
}

export async function activeIds(ds: DataSource): Promise<string[]> {
  return (await ds.getRepository(Employee).find({ where: { active: true }, order: { userId: 'ASC' } })).map((e) => e.userId);
}

/** A weekly job that sends one text per active employee (plus ghosts), keyed by userid. */
export function fakeJob(o: FakeJobOptions = {}): JobDefinition & { invocations: number } {
  const job = {
    name: o.name ?? 'fake_push',
    title: '测试推送',
    defaultSchedule: '0 17 * * 5',
    invocations: 0,
    periodKeyFor: (firedAt: Date, tz: string) => periodOf('week', firedAt, tz).key,
    async run(ctx: Parameters<JobDefinition['run']>[0]) {
      const first = job.invocations++ === 0;
      let delivered = 0;
      for (const userId of [...(await activeIds(ctx.ds)), ...(o.ghosts ?? [])]) {
        const reason = o.skip?.[userId];
        if (reason) {
          ctx.skip(userId, reason);
          continue;
        }
        if (first && delivered === o.holdAfter) await o.hold;
        if (first && delivered === o.failAfter) throw new Error('database went away');
        await ctx.deliver(userId, `${FAKE_TEXT} ${ctx.run.periodKey}`, userId);
        delivered++;
      }
    },
  };
  return job;
}

/** How many of the fake job's texts each member received. */
export function fakeTextsPerUser(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of sim.sent) {
    const content = (m.body.text as { content?: string } | undefined)?.content ?? '';
    if (!content.startsWith(FAKE_TEXT)) continue;
    for (const r of m.recipients) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return counts;
}

/** The run reports (markdown) the simulator delivered. */
export function reports(sim: Simulator): Array<{ to: string; content: string }> {
  return sim.sent
    .filter((m) => m.msgtype === 'markdown' && String((m.body.markdown as { content: string }).content).startsWith('**推送报告'))
    .map((m) => ({ to: m.recipients.join('|'), content: (m.body.markdown as { content: string }).content }));
}

/** Waits (without a deadline of its own; jest's applies) until `n` outbox rows exist. */
export async function waitForOutboxRows(ds: DataSource, n: number): Promise<void> {
  while ((await ds.getRepository(OutboxMessage).count()) < n) await sleep(10);
}

export function expectOnePerUser(counts: Map<string, number>, users: string[]): void {
  expect([...counts.keys()].sort()).toEqual([...users].sort());
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}
