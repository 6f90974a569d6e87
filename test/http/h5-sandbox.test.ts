/**
 * The H5 page without real WeCom credentials (the sandbox): no OAuth to fall back on, so a reader
 * without a link gets a Chinese 401 page instead of a redirect. Also: an unknown employee for HR.
 */
import Router from '@koa/router';
import Koa from 'koa';
import request from 'supertest';
import { signViewerToken } from '../../src/http/auth';
import { mountH5 } from '../../src/http/h5';
import { startHarness, type Harness } from '../helpers/app';

describe('H5 scorecard page in the sandbox', () => {
  let h: Harness;
  let server: ReturnType<Koa['callback']>;
  beforeAll(async () => {
    h = await startHarness({ env: { PERFBOT_HR_USERIDS: 'heping' } });
    const router = new Router();
    mountH5(router, { ds: h.ds, config: { ...h.config, sandbox: true }, clock: () => new Date(), wecom: h.app.wecom, logger: h.app.logger });
    server = new Koa().use(router.routes()).callback();
  });
  afterAll(async () => {
    await h.close();
  });

  it('answers 401 in Chinese without a credential, instead of redirecting', async () => {
    const res = await request(server).get('/h5/scorecard?user=zhaolei&period=2026-W48');
    expect(res.status).toBe(401);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('请从企业微信中的绩效卡片打开此页面');
  });

  it('answers 404 for someone not in the org, and shows an empty scorecard plainly', async () => {
    const t = (params: Record<string, string>) => signViewerToken(h.config.linkSecret, 'heping', new Date(Date.now() + 60_000), { path: '/h5/scorecard', params });
    const unknown = await request(server).get(`/h5/scorecard?user=nobody&period=2026-W48&t=${t({ user: 'nobody', period: '2026-W48' })}`);
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('通讯录中没有这位员工');
    const empty = await request(server).get(`/h5/scorecard?user=fengxue&period=2026-11&t=${t({ user: 'fengxue', period: '2026-11' })}`);
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('冯雪的绩效详情');
    expect(empty.text).toContain('本期没有考核指标或关键结果。');
    expect(empty.text).not.toContain('累计'); // a month shows no "month so far"
  });
});
