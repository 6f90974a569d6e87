/**
 * The WeCom simulator for bench/push, run as a child process (`node dist/bench/push-sim.js <n>`):
 * its address book holds the n bench employees, its frequency limits are WeCom's defaults (per
 * member 30/min and 1000/h, silently dropped; per API 10,000/min, answered with 45009). Apart from
 * the app, so that the app's process.cpuUsage() is ours alone. Speaks over IPC: 'ready' with its
 * URL, then 'stats' on request (counted here, so 10,000 message bodies never cross the pipe).
 */
import { startSimulator, type Simulator } from '../src/sandbox/simulator';
import type { SimOrgSeed } from '../src/sandbox/sim-org';
import type { WeComUser } from '../src/wecom/api-types';
import { BENCH_WECOM } from './callback-traffic';
import { BENCH_DEPARTMENTS, buildBenchEmployees, ROOT_DEPARTMENT } from './common/bench-org';
import type { PushSimMessage, PushSimRequest, SimStats } from './push-sim-stats';

const MINUTE = 60_000;

export function benchSimOrg(count: number): SimOrgSeed {
  const users: WeComUser[] = buildBenchEmployees(count).map((e) => ({
    userid: e.userId,
    name: e.name,
    department: [e.departmentId],
    position: e.position,
    is_leader_in_dept: [0],
    direct_leader: [],
    main_department: e.departmentId,
    status: 1,
  }));
  return {
    departments: [
      { id: ROOT_DEPARTMENT.id, name: ROOT_DEPARTMENT.name, parentid: 0, order: 100_000 },
      ...BENCH_DEPARTMENTS.map((d, i) => ({ id: d.id, name: d.name, parentid: ROOT_DEPARTMENT.id, order: 1000 - i })),
    ],
    users,
  };
}

/** The most calls in any window of `windowMs` (two pointers over sorted instants). */
function busiestWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let lo = 0, hi = 0; hi < times.length; hi++) {
    while (times[hi] - times[lo] >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

/**
 * Stalls: gaps between consecutive sends longer than twice the configured spacing, i.e. moments
 * when no send was ready at its slot (the rate limiter does not catch lost time up, so each one
 * lowers the rate). `lostMs` sums what they cost beyond one spacing each.
 */
function findStalls(times: number[], spacingMs: number): SimStats['stalls'] {
  const out = { count: 0, lostMs: 0, longestGapMs: 0 };
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    out.longestGapMs = Math.max(out.longestGapMs, gap);
    if (gap > 2 * spacingMs) {
      out.count += 1;
      out.lostMs += gap - spacingMs;
    }
  }
  return out;
}

export function summarizeSim(sim: Simulator, cpu: NodeJS.CpuUsage, spacingMs: number): SimStats {
  const sends = sim.apiCalls.filter((c) => c.method === 'message/send');
  const byErrcode: Record<string, number> = {};
  for (const c of sim.apiCalls) byErrcode[`${c.method} ${c.errcode}`] = (byErrcode[`${c.method} ${c.errcode}`] ?? 0) + 1;
  const okTimes = sends.filter((c) => c.errcode === 0).map((c) => c.time.getTime()).sort((a, b) => a - b);
  const perCalendarMinute = new Map<number, number>();
  for (const t of okTimes) perCalendarMinute.set(Math.floor(t / MINUTE), (perCalendarMinute.get(Math.floor(t / MINUTE)) ?? 0) + 1);
  const recipients = new Set(sim.sent.flatMap((m) => m.recipients));
  return {
    apiCalls: sim.apiCalls.length,
    byErrcode,
    sendCalls: sends.length,
    sendOk: okTimes.length,
    frequencyErrors: sim.apiCalls.filter((c) => c.errcode === 45009 || c.errcode === 45033).length,
    delivered: sim.sent.length,
    distinctRecipients: recipients.size,
    dropped: sim.dropped.length,
    firstSendAt: okTimes[0] ?? null,
    lastSendAt: okTimes[okTimes.length - 1] ?? null,
    busiestCalendarMinute: Math.max(0, ...perCalendarMinute.values()),
    busiestSixtySeconds: busiestWindow(okTimes, MINUTE),
    stalls: findStalls(okTimes, spacingMs),
    simCpuMs: (cpu.user + cpu.system) / 1000,
  };
}

async function main(): Promise<void> {
  const count = Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1) throw new Error(`push-sim: employee count expected, got ${process.argv[2]}`);
  const sim = await startSimulator({ ...BENCH_WECOM, org: benchSimOrg(count) });
  const cpuStart = process.cpuUsage();
  const send = (m: PushSimMessage) => process.send?.(m);
  process.on('message', (req: PushSimRequest) => {
    if (req.type === 'stats') send({ type: 'stats', stats: summarizeSim(sim, process.cpuUsage(cpuStart), req.spacingMs) });
    if (req.type === 'stop') void sim.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: sim.url });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.send?.({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exitCode = 1;
  });
}
