/**
 * Viewer links (`t=` / `Bearer pbu_…`, the links in HR's and managers' cards) are read-only and open
 * only what their card shows. Every write route of the API is found from the router itself, so a
 * route added later is covered too; each is tried with HR's links, by query and by header.
 */
import Router from '@koa/router';
import request from 'supertest';
import { Employee, MetricAssignment, MetricDefinition, MetricRecord } from '../../src/entities';
import { createApiKey, signViewerToken } from '../../src/http/auth';
import { mountApi } from '../../src/http/api';
import { KIND_HANDLERS } from '../../src/import/kinds';
import { viewerLink } from '../../src/repositories/chat-lookup';
import { startHarness, type Harness } from '../helpers/app';

describe('viewer links cannot write', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PERFBOT_HR_USERIDS: 'heping' } });
  });
  afterAll(() => h.close());

  /** Every non-GET route the API mounts, with its parameters filled in. */
  function writeRoutes(): Array<{ method: string; path: string }> {
    const router = new Router();
    mountApi(router, { ds: h.ds, config: h.config, clock: () => new Date(), logger: h.app.logger });
    const out: Array<{ method: string; path: string }> = [];
    for (const layer of router.stack) {
      for (const method of layer.methods.filter((m) => m !== 'GET' && m !== 'HEAD')) {
        const template = String(layer.path);
        const paths = template.includes(':kind') ? Object.keys(KIND_HANDLERS).map((k) => template.replace(':kind', k)) : [template];
        paths.forEach((path) => out.push({ method, path }));
      }
    }
    return out;
  }

  const counts = async () => ({
    employees: await h.ds.getRepository(Employee).count(),
    metrics: await h.ds.getRepository(MetricDefinition).count(),
    assignments: await h.ds.getRepository(MetricAssignment).count(),
    records: await h.ds.getRepository(MetricRecord).count(),
  });

  it('refuses HR’s viewer links on every write route, and nothing is stored', async () => {
    const routes = writeRoutes();
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/records', 'POST /api/v1/imports/employees', 'POST /api/v1/imports/records', 'POST /api/v1/imports/metrics', 'POST /api/v1/imports/assignments']),
    );
    const hrRanking = new URL(viewerLink(h.config, 'heping', '/api/v1/rankings', { department: '3', period: '2026-11' }, new Date())).searchParams.get('t')!;
    const before = await counts();
    const csv = Buffer.from('\uFEFF工号,输入项,数值,发生时间,来源系统,外部编号\nzhaolei,completed,8,2026-11-23 10:00,excel,R1\n');
    for (const route of routes) {
      const expires = new Date(Date.now() + 60_000);
      const tokens = [
        hrRanking, // a real card link
        signViewerToken(h.config.linkSecret, 'heping', expires), // no scope at all
        signViewerToken(h.config.linkSecret, 'heping', expires, { path: route.path, params: { filename: 'r.csv' } }), // scoped to the write route itself
      ];
      for (const t of tokens) {
        const byQuery = await request(h.app.server)
          .post(`${route.path}?filename=r.csv&t=${encodeURIComponent(t)}`)
          .set('content-type', 'text/csv')
          .send(csv);
        const byHeader = await request(h.app.server)
          .post(`${route.path}?filename=r.csv`)
          .set('authorization', `Bearer ${t}`)
          .set('content-type', 'text/csv')
          .send(csv);
        for (const res of [byQuery, byHeader]) {
          expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 403 });
          expect(res.body.error).toBe('forbidden');
        }
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('tells the caller that imports need an API key with imports:write, which still works', async () => {
    const t = signViewerToken(h.config.linkSecret, 'heping', new Date(Date.now() + 60_000));
    const refused = await request(h.app.server).post('/api/v1/imports/records?filename=r.csv').set('authorization', `Bearer ${t}`).send('x');
    expect(refused.body.message).toContain('imports:write');
    const key = (await createApiKey(h.ds, 'hr-sheets', ['imports:write'], new Date())).key;
    const csv = Buffer.from('\uFEFF工号,输入项,数值,发生时间,来源系统,外部编号\nzhaolei,completed,8,2026-11-23 10:00,excel,K1\n');
    const ok = await request(h.app.server).post('/api/v1/imports/records?filename=r.csv').set('authorization', `Bearer ${key}`).set('content-type', 'text/csv').send(csv);
    expect(ok.status).toBe(200);
    expect(await h.ds.getRepository(MetricRecord).countBy({ externalId: 'K1' })).toBe(1);
  });

  it('opens only what the card shows: the ranking link reads its department and period, nothing else', async () => {
    const link = new URL(viewerLink(h.config, 'heping', '/api/v1/rankings', { department: '3', period: '2026-11' }, new Date()));
    const t = link.searchParams.get('t')!;
    expect((await request(h.app.server).get(`${link.pathname}${link.search}`)).status).toBe(200);
    const other = await request(h.app.server).get(`/api/v1/rankings?department=4&period=2026-11&t=${encodeURIComponent(t)}`);
    expect(other.status).toBe(403);
    expect(other.body.message).toContain('只能查看卡片中的内容');
    expect((await request(h.app.server).get(`/api/v1/rankings?department=3&period=2026-10&t=${encodeURIComponent(t)}`)).status).toBe(403);
    expect((await request(h.app.server).get(`/api/v1/scorecards/zhaolei?t=${encodeURIComponent(t)}`)).status).toBe(403);
    expect((await request(h.app.server).get('/api/v1/metrics').set('authorization', `Bearer ${t}`)).status).toBe(403);
  });
});
