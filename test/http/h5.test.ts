/**
 * The detail page behind 查看详情, over HTTP against the real app: who may read whose page through
 * a viewer link, a WeCom OAuth code and the session cookie it leaves, and what the page shows.
 * Data: the seeded week of test/jobs/weekly-scorecard-helpers.ts, plus an approved exception and a
 * hostile tag note for 孙丽.
 */
import request from 'supertest';
import { BehaviourTag, ExceptionClaim, MetricRecord } from '../../src/entities';
import { signViewerToken } from '../../src/http/auth';
import { H5_COOKIE, H5_STATE_COOKIE } from '../../src/http/h5-auth';
import { startHarness, type Harness } from '../helpers/app';
import { at, FRIDAY, seedWeek, WEEK } from '../jobs/weekly-scorecard-helpers';

describe('H5 scorecard page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FRIDAY }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedWeek(h.ds);
    await h.ds.getRepository(MetricRecord).insert({
      userId: 'sunli', input: 'completed', value: 1, occurredAt: at('2026-11-26T10:00:00'), source: 'MES', externalId: 'MES-X1', ref: '报工 WO-2601', createdAt: FRIDAY,
    });
    await h.ds.getRepository(ExceptionClaim).insert({
      userId: 'sunli', kind: '设备故障', metricCodes: ['work_orders_completed'], startAt: at('2026-11-26T00:00:00'), endAt: at('2026-11-27T00:00:00'),
      note: '2 号冲床液压故障', evidence: [], status: 'approved', approverId: 'lihua', decidedAt: FRIDAY, createdAt: FRIDAY,
    });
    await h.ds.getRepository(BehaviourTag).insert({
      userId: 'sunli', authorId: 'lihua', polarity: 'praise', tag: '质量把关', weight: 2, note: '<script>alert("x")</script>', createdAt: at('2026-11-26T12:00:00'),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const PAGE = '/h5/scorecard';
  const token = (userId: string, expiresAt = new Date(FRIDAY.getTime() + 3600_000), params: Record<string, string> = { user: 'zhaolei', period: WEEK }) =>
    signViewerToken(h.config.linkSecret, userId, expiresAt, { path: PAGE, params });
  const open = (query: Record<string, string>, cookie?: string) => {
    const req = request(h.app.server).get(`/h5/scorecard?${new URLSearchParams(query).toString()}`);
    return cookie ? req.set('cookie', cookie) : req;
  };
  const zhaolei = (t: string) => open({ user: 'zhaolei', period: WEEK, t });

  it('shows 赵磊 his lines with formulas, source notes and the source records', async () => {
    const res = await zhaolei(token('zhaolei'));
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    const html = res.text;
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('赵磊的绩效详情');
    expect(html).toContain('2026年第48周（11月23日–11月29日）');
    expect(html).toContain('<span class="score">63.9</span>');
    expect(html).toContain('本月累计</span><b>49.4（2026年11月至今）</b>');
    expect(html).toContain('全部门第 2/2 名');
    expect(html).toContain('报废率 3%/≤2 → 50.0 未达底线');
    expect(html).toContain('报废品数量 / (合格品数量 + 报废品数量) * 100');
    expect(html).toContain('MES：MES 工单报工');
    // Each input names how its records are combined (求和) and how many there are, so they add up.
    expect(html).toContain('合格品数量（求和，1 条）485件；报废品数量（求和，1 条）15件');
    expect(html).toContain('<td class="time">11-24 16:00</td><td>报废品数量</td><td class="num">15件</td><td>工单 WO-2411 · MES-2<small>MES</small></td>');
    // 10 completed on 10 Nov belong to the month, not to this week's page.
    expect(html).not.toContain('WO-1001');
    expect(html).toContain('<td class="num">4单</td>');
    expect(html).toContain('产量稳定，报废偏高，注意首件检查。');
    expect(html).toContain('表扬·主动加班支援');
    expect(html).toContain('缺少：跨部门协作');
  });

  it('shows an applied exception and the records it left out, and escapes what people typed', async () => {
    const res = await open({ user: 'sunli', period: WEEK, t: token('sunli', undefined, { user: 'sunli', period: WEEK }) });
    expect(res.status).toBe(200);
    expect(res.text).toContain('本期异常申报（已批准）');
    expect(res.text).toContain('设备故障</b> 2026-11-26 00:00 – 2026-11-27 00:00，1 个工作日，涉及 工单完成数，剔除 1 条记录');
    // 12 of the prorated 8 and 13 of 10 both cap at 100: applied, but it did not change the score, and says so.
    expect(res.text).toContain('未改变得分：已按申报剔除和折算，但剔除前后得分相同，得分不变（工单完成数 100.0）');
    expect(res.text).toMatch(/<tr class="excluded"><td class="time">11-26 10:00<\/td>.*异常期间已剔除/);
    expect(res.text).toContain('原目标');
    expect(res.text).not.toContain('<script>');
    expect(res.text).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('lets the manager up the chain and HR read it, and refuses a colleague', async () => {
    expect((await zhaolei(token('lihua'))).status).toBe(200);
    expect((await zhaolei(token('wangqiang'))).status).toBe(200);
    expect((await zhaolei(token('heping'))).status).toBe(200);
    const colleague = await zhaolei(token('sunli'));
    expect(colleague.status).toBe(403);
    expect(colleague.text).toContain('无权查看');
    expect(colleague.text).not.toContain('63.9');
    expect((await zhaolei(token('wuhao'))).status).toBe(403);
  });

  it('opens only the page its card links to: another person, period or a link without a scope is refused', async () => {
    const lihua = token('lihua'); // 李华's link to 赵磊's week
    expect((await open({ user: 'zhaolei', period: WEEK, t: lihua })).status).toBe(200);
    const other = await open({ user: 'sunli', period: WEEK, t: lihua });
    expect(other.status).toBe(403);
    expect(other.text).toContain('该链接只能打开卡片对应的页面');
    expect(other.text).not.toContain('孙丽的绩效详情');
    expect((await open({ user: 'zhaolei', period: '2026-11', t: lihua })).status).toBe(403);
    expect((await open({ user: 'zhaolei', period: WEEK, extra: '1', t: lihua })).status).toBe(403);
    const bare = signViewerToken(h.config.linkSecret, 'lihua', new Date(FRIDAY.getTime() + 3600_000));
    expect((await open({ user: 'zhaolei', period: WEEK, t: bare })).status).toBe(403);
  });

  it('answers 401 for an expired or forged link, and 400 for a bad period', async () => {
    const expired = await zhaolei(token('zhaolei', new Date(FRIDAY.getTime() - 1000)));
    expect(expired.status).toBe(401);
    expect(expired.text).toContain('链接无效或已过期');
    expect((await zhaolei(`${token('zhaolei').slice(0, -2)}xx`)).status).toBe(401);
    const bad = await open({ user: 'zhaolei', period: '2026-W99', t: token('zhaolei', undefined, { user: 'zhaolei', period: '2026-W99' }) });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('周期无效');
  });

  it('defaults to the reader and the current week', async () => {
    const res = await open({ t: token('wuhao', undefined, {}) });
    expect(res.status).toBe(200);
    expect(res.text).toContain('吴昊的绩效详情');
    expect(res.text).toContain('推动新检测工艺上线');
    expect(res.text).toContain('检验细致，报告及时。');
  });

  /** Opens the page without a credential, as the card link does: the redirect to WeCom and its state cookie. */
  const startLogin = async (query: Record<string, string>) => {
    const res = await open(query);
    expect(res.status).toBe(302);
    const state = new URL(res.headers.location).searchParams.get('state')!;
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${H5_STATE_COOKIE}=`))!;
    return { state, cookie: cookie.split(';')[0], setCookie: cookie };
  };

  it('learns the reader from a WeCom OAuth code and keeps them signed in with a cookie', async () => {
    const login = await startLogin({ user: 'zhaolei', period: WEEK });
    const code = h.sim.mintOAuthCode('zhaolei');
    const first = await open({ user: 'zhaolei', period: WEEK, code, state: login.state }, login.cookie);
    expect(first.status).toBe(200);
    expect(first.text).toContain('赵磊的绩效详情');
    const setCookie = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    const cookie = setCookie.find((c) => c.startsWith(`${H5_COOKIE}=`))!;
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/path=\/h5/i);
    const pair = cookie.split(';')[0];
    // A reload sends the spent code again: the cookie answers, without asking WeCom.
    const exchanges = () => h.sim.apiCalls.filter((c) => c.method === 'auth/getuserinfo').length;
    const before = exchanges();
    const reload = await open({ user: 'zhaolei', period: WEEK, code, state: login.state }, pair);
    expect(reload.status).toBe(200);
    expect(exchanges()).toBe(before);
    expect((await open({ user: 'zhaolei', period: WEEK }, pair)).status).toBe(200);
    // The cookie is the reader's: it opens nobody else's page, and is no viewer link.
    expect((await open({ user: 'sunli', period: WEEK }, pair)).status).toBe(403);
    expect((await zhaolei(pair.split('=')[1])).status).toBe(401);
    // A spent code without the session cookie: sign in again from WeCom.
    const spent = await open({ user: 'zhaolei', period: WEEK, code, state: login.state }, login.cookie);
    expect(spent.status).toBe(401);
    expect(spent.text).toContain('登录已失效');
  });

  it('exchanges no code whose state is not this browser’s nonce', async () => {
    const exchanges = () => h.sim.apiCalls.filter((c) => c.method === 'auth/getuserinfo').length;
    const before = exchanges();
    const login = await startLogin({ user: 'zhaolei', period: WEEK });
    expect(login.setCookie).toMatch(/httponly/i);
    const code = h.sim.mintOAuthCode('zhaolei');
    for (const [state, cookie] of [['perfbot', login.cookie], [login.state, undefined], [`${login.state}x`, login.cookie], ['', login.cookie]] as const) {
      const res = await open({ user: 'zhaolei', period: WEEK, code, ...(state ? { state } : {}) }, cookie);
      expect(res.status).toBe(401);
      expect(res.text).toContain('登录已失效');
    }
    expect(exchanges()).toBe(before);
    expect((await open({ user: 'zhaolei', period: WEEK, code, state: login.state }, login.cookie)).status).toBe(200);
  });

  it('sends a reader with no credential to WeCom’s OAuth2 authorize URL', async () => {
    const res = await open({ user: 'zhaolei', period: WEEK });
    expect(res.status).toBe(302);
    const url = new URL(res.headers.location);
    expect(`${url.origin}${url.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(url.searchParams.get('appid')).toBe(h.config.wecom.corpId);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('scope')).toBe('snsapi_base');
    expect(url.searchParams.get('agentid')).toBe(String(h.config.wecom.agentId));
    expect(url.hash).toBe('#wechat_redirect');
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{22}$/); // a fresh nonce, also set as a cookie
    expect(url.searchParams.get('state')).not.toBe(new URL((await open({ user: 'zhaolei', period: WEEK })).headers.location).searchParams.get('state'));
    const back = new URL(url.searchParams.get('redirect_uri')!);
    expect(back.pathname).toBe('/h5/scorecard');
    expect(Object.fromEntries(back.searchParams)).toEqual({ user: 'zhaolei', period: WEEK });
  });
});
