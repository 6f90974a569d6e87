/**
 * Each OAuth code the detail page exchanges is an auth/getuserinfo call against the app's API quota,
 * which the Friday pushes need. Strangers sending random codes (with a state cookie they fetched
 * themselves) are limited per client address and in all, and get a Chinese 429 page.
 * Limits here: 3 per client and 5 in all per minute; the clock is frozen, so the window never turns.
 */
import request from 'supertest';
import { signViewerToken } from '../../src/http/auth';
import { H5_STATE_COOKIE } from '../../src/http/h5-auth';
import { startHarness, type Harness } from '../helpers/app';

describe('OAuth code exchanges on the detail page', () => {
  let h: Harness;
  const now = new Date('2026-11-27T09:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => now }, env: { PERFBOT_OAUTH_PER_CLIENT_PER_MIN: '3', PERFBOT_OAUTH_PER_MIN: '5' } });
  });
  afterAll(() => h.close());

  const exchanges = () => h.sim.apiCalls.filter((c) => c.method === 'auth/getuserinfo').length;
  /** A client at `ip`: fetches a state nonce once, then sends `code` with it. */
  const client = async (ip: string) => {
    const start = await request(h.app.server).get('/h5/scorecard').set('x-forwarded-for', ip);
    const state = new URL(start.headers.location).searchParams.get('state')!;
    const cookie = ([] as string[]).concat(start.headers['set-cookie']).find((c) => c.startsWith(`${H5_STATE_COOKIE}=`))!.split(';')[0];
    return (code: string) => request(h.app.server).get(`/h5/scorecard?code=${code}&state=${state}`).set('x-forwarded-for', ip).set('cookie', cookie);
  };

  it('answers 429 past the per-client limit, and past the global one, without calling WeCom', async () => {
    const a = await client('203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await a(`random-code-a${i}`)).status).toBe(401); // WeCom: invalid code
    const limited = await a('random-code-a3');
    expect(limited.status).toBe(429);
    expect(limited.type).toBe('text/html');
    expect(limited.text).toContain('登录请求过于频繁');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(exchanges()).toBe(3);

    const b = await client('198.51.100.9');
    expect((await b('random-code-b0')).status).toBe(401);
    expect((await b('random-code-b1')).status).toBe(401);
    expect((await b('random-code-b2')).status).toBe(429); // 5 in all
    expect(exchanges()).toBe(5);

    // A member with a real code meets the same limit: the page says to try later, not "no access".
    const c = await client('192.0.2.1');
    const real = await c(h.sim.mintOAuthCode('zhaolei'));
    expect(real.status).toBe(429);
    expect(exchanges()).toBe(5);
    // A viewer link costs no WeCom call and is not limited.
    const params = { user: 'zhaolei', period: '2026-W48' };
    const t = signViewerToken(h.config.linkSecret, 'zhaolei', new Date(now.getTime() + 60_000), { path: '/h5/scorecard', params });
    expect((await request(h.app.server).get(`/h5/scorecard?${new URLSearchParams({ ...params, t })}`).set('x-forwarded-for', '203.0.113.7')).status).toBe(200);
  });
});
