/**
 * GET /metrics tells outsiders how busy the bot is and which WeCom calls fail: it is served only
 * to a scraper with the configured bearer token, and not at all without one.
 */
import request from 'supertest';
import { startHarness, type Harness } from '../helpers/app';

const TOKEN = 'scrape-0123456789abcdef';

describe('/metrics behind a token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { PERFBOT_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => h.close());

  it('refuses a request without the token or with a wrong one, and answers the scraper', async () => {
    const none = await request(h.app.server).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('perfbot_');
    const wrong = await request(h.app.server).get('/metrics').set('authorization', `Bearer ${TOKEN}x`);
    expect(wrong.status).toBe(401);
    const viaQuery = await request(h.app.server).get(`/metrics?token=${TOKEN}`);
    expect(viaQuery.status).toBe(401);
    const ok = await request(h.app.server).get('/metrics').set('authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('perfbot_outbox_depth');
  });
});

describe('/metrics without a configured token', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('is not served, and says how to turn it on', async () => {
    const res = await request(h.app.server).get('/metrics').set('authorization', 'Bearer anything-at-all-here');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('perfbot_');
    expect(res.body.message).toContain('PERFBOT_METRICS_TOKEN');
    expect((await request(h.app.server).get('/healthz')).status).toBe(200);
  });
});
