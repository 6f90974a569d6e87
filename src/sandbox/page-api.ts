/**
 * The sandbox page and what its script calls: GET / (the phone-shaped WeCom chat), the member's
 * chat feed with API traffic (polled), the media members and the app sent, and the clock control
 * that moves simulated time to the next Friday 17:00 or 25th 09:00 and fires that scheduled push.
 */
import type Router from '@koa/router';
import { renderSandboxPage, type PagePerson } from './sandbox-page';
import { nextFiring, TARGET_JOB, type ClockTarget, type SandboxClock } from './sandbox-clock';
import { chatFor, stateVersion, trafficOf } from './sandbox-feed';
import { findMedia } from './media-api';
import type { SimContext } from './sim-context';
import { query, readJson } from './sim-http';

export interface SandboxHooks {
  clock?: SandboxClock;
  timeZone?: string;
  /** Runs a scheduled job for a firing (the app's JobScheduler.runJob); set once the app is up. */
  runJob?: (name: string, firedAt: Date) => Promise<unknown>;
}

/** The demo accounts the README uses, offered first on the page. */
export const FEATURED: Array<{ userid: string; note: string }> = [
  { userid: 'lihua', note: '班组长：表扬、提醒、评价' },
  { userid: 'wuhao', note: '质检员：查询、申诉、申报' },
  { userid: 'zhoumin', note: '质量部经理：审批申诉和申报' },
  { userid: 'heping', note: 'HR：排行、完成度、待办' },
  { userid: 'wangqiang', note: '生产部经理：团队情况' },
];

export function registerPageApi(router: Router, sim: SimContext, hooks: SandboxHooks): void {
  const people = (): PagePerson[] => {
    const depts = new Map(sim.org.listDepartments().map((d) => [d.id, d]));
    return sim.org.listUsers().map((u) => ({
      userid: u.userid,
      name: u.name,
      position: u.position ?? '',
      department: depts.get(u.main_department ?? u.department[0] ?? 1)?.name ?? '',
      departmentOrder: depts.get(u.main_department ?? u.department[0] ?? 1)?.order ?? 0,
      left: u.status === 5,
    }));
  };
  const nameOf = (id: string) => sim.org.getUser(id)?.name ?? id;

  router.get('/', (ctx) => {
    const all = people();
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = renderSandboxPage({
      people: all,
      featured: FEATURED.flatMap((f) => all.filter((p) => p.userid === f.userid).map((p) => ({ ...p, note: f.note }))),
      clockControl: Boolean(hooks.clock && hooks.runJob),
    });
  });

  router.get('/sandbox/people', (ctx) => {
    ctx.body = people();
  });

  router.get('/sandbox/feed', (ctx) => {
    const user = query(ctx, 'user') ?? '';
    const version = `${stateVersion(sim.state)}:${hooks.clock?.offset ?? 0}`;
    const clock = { now: sim.clock().toISOString(), offsetMs: hooks.clock?.offset ?? 0 };
    if (query(ctx, 'v') === version) {
      ctx.body = { version, unchanged: true, clock };
      return;
    }
    ctx.body = { version, clock, items: chatFor(sim.state, user), traffic: trafficOf(sim.state, nameOf) };
  });

  router.get('/sandbox/media/:id', (ctx) => {
    const media = findMedia(sim, ctx.params.id ?? '');
    if (!media) {
      ctx.status = 404;
      ctx.body = { error: 'no such media (they live 3 days)' };
      return;
    }
    ctx.set('Content-Type', media.contentType);
    ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(media.filename)}`);
    ctx.body = media.data;
  });

  router.get('/sandbox/clock', (ctx) => {
    ctx.body = { now: sim.clock().toISOString(), offsetMs: hooks.clock?.offset ?? 0, controllable: Boolean(hooks.clock && hooks.runJob) };
  });

  router.post('/sandbox/clock', async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return;
    const to = body.to as ClockTarget;
    if (!(to in TARGET_JOB)) {
      ctx.status = 400;
      ctx.body = { error: `to must be one of ${Object.keys(TARGET_JOB).join(', ')}` };
      return;
    }
    const { clock, runJob } = hooks;
    if (!clock || !runJob) {
      ctx.status = 409;
      ctx.body = { error: 'this simulator was started without a controllable clock (npm start has one)' };
      return;
    }
    const firedAt = nextFiring(to, clock.now(), hooks.timeZone ?? 'Asia/Shanghai');
    clock.moveTo(firedAt);
    const job = TARGET_JOB[to];
    // The push runs in the background (it waits for delivery before reporting to HR); the page watches it arrive.
    void runJob(job, firedAt).catch((err: unknown) => sim.logger?.error({ err, job }, 'sandbox: the scheduled push failed'));
    ctx.body = { now: firedAt.toISOString(), job };
  });
}
