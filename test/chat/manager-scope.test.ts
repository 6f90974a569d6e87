/**
 * A manager sees the people they lead and below, never above or beside; HR sees everyone. The org
 * is the demo factory plus a second 班组长 in 生产部, 刘明 (reports to 王强), with 小琪 under him:
 *   王强 (生产部经理, leader of 生产部) ─┬─ 李华 (班组长) ─┬─ 赵磊, 孙丽
 *                                       └─ 刘明 (班组长) ─── 小琪
 * Everyone has a November review and, with the company's minimum basis set to 20 % (a review alone
 * is then enough, docs/scoring.md §4a), a total that a ranking would show.
 */
import request from 'supertest';
import { SupervisorReview } from '../../src/entities';
import { saveScoringPolicy } from '../../src/repositories/scoring-policy';
import { signViewerToken } from '../../src/http/auth';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { WeComUser } from '../../src/wecom/api-types';
import type { TextNoticeCard } from '../../src/wecom/card-types';
import type { Harness } from '../helpers/app';
import { lastCardTo, lastTextTo, NOW, say, startAt } from './reviews-helpers';

const member = (userid: string, name: string, position: string, leader: string): WeComUser => ({
  userid, name, department: [3], position, is_leader_in_dept: [0], direct_leader: [leader], main_department: 3, status: 1,
});
const ORG: SimOrgSeed = { ...DEMO_ORG, users: [...DEMO_ORG.users, member('liuming', '刘明', '班组长', 'wangqiang'), member('xiaoqi', '小琪', '操作工', 'liuming')] };
const STARS: Record<string, number> = { wangqiang: 5, lihua: 4, zhaolei: 3, sunli: 2, liuming: 4, xiaoqi: 1 };

describe('what a manager sees', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt({ org: ORG });
    await saveScoringPolicy(h.ds, { minBasisShare: 0.2 }, 'cli', NOW);
    await h.ds.getRepository(SupervisorReview).insert(
      Object.entries(STARS).map(([userId, stars]) => ({ userId, reviewerId: userId === 'wangqiang' ? 'zhangwei' : 'wangqiang', periodKey: '2026-11', stars, comment: '', createdAt: NOW, updatedAt: NOW })),
    );
  });
  afterAll(() => h.close());

  const ranking = async (userId: string, text = '排行 生产部 本月') => {
    await say(h, userId, text);
    return lastCardTo<TextNoticeCard>(h, userId).card;
  };
  const names = (card: TextNoticeCard) => [...(card.sub_title_text ?? '').matchAll(/\d+\. (\S+)/g)].map((m) => m[1]);

  it('李华’s 排行 lists himself and his team, not his manager 王强 nor the other team', async () => {
    const card = await ranking('lihua');
    expect(names(card).sort()).toEqual(['孙丽', '李华', '赵磊'].sort());
    expect(card.sub_title_text).not.toContain('王强');
    expect(card.sub_title_text).not.toContain('100.0'); // 王强's total
    expect(card.horizontal_content_list).toContainEqual({ keyname: '人数', value: '3 人' });
    // The card's link (the ranking page) lists the same people.
    const link = new URL((card.card_action as { url: string }).url);
    const res = await request(h.app.server).get(`${link.pathname}${link.search}`);
    expect(res.status).toBe(200);
    const rows = [...res.text.matchAll(/<tr[^>]*><td class="num">[^<]*<\/td><td><a href="([^"]*)">/g)];
    const listed = rows.map((m) => new URLSearchParams(m[1].replace(/&amp;/g, '&').split('?')[1]).get('user'));
    expect(listed.sort()).toEqual(['lihua', 'sunli', 'zhaolei']);
    expect(res.text).not.toContain('王强');
  });

  it('刘明 sees his own team only; 王强 and the general manager see the whole department; HR too', async () => {
    expect(names(await ranking('liuming')).sort()).toEqual(['刘明', '小琪'].sort());
    expect(names(await ranking('wangqiang')).sort()).toEqual(['王强', '李华', '刘明', '赵磊', '孙丽', '小琪'].sort());
    expect(names(await ranking('zhangwei', '排行 生产部 本月')).length).toBe(6);
    expect(names(await ranking('heping')).length).toBe(6);
  });

  it('the ranking API, asked directly, gives a team leader the same view', async () => {
    const t = signViewerToken(h.config.linkSecret, 'lihua', new Date(Date.now() + 60_000), { path: '/api/v1/rankings', params: { department: '3', period: '2026-11' } });
    const res = await request(h.app.server).get('/api/v1/rankings?department=3&period=2026-11').set('authorization', `Bearer ${t}`);
    expect(res.status).toBe(200);
    expect(res.body.ranking.map((r: { name: string }) => r.name)).not.toContain('王强');
  });

  it('查询, 完成率 and the detail page refuse above and beside', async () => {
    await say(h, 'lihua', '查询 王强 本月');
    expect(lastTextTo(h, 'lihua')).toBe('您只能查询自己和下属的绩效，无权查看王强的绩效。');
    await say(h, 'lihua', '查询 小琪 本月');
    expect(lastTextTo(h, 'lihua')).toBe('您只能查询自己和下属的绩效，无权查看小琪的绩效。');
    await say(h, 'lihua', '完成率');
    expect(lastTextTo(h, 'lihua')).toContain('**生产部**（3 人）');
    await say(h, 'liuming', '完成率');
    expect(lastTextTo(h, 'liuming')).toContain('**生产部**（2 人）');
    const page = (viewer: string, user: string) => {
      const params = { user, period: '2026-11' };
      const t = signViewerToken(h.config.linkSecret, viewer, new Date(Date.now() + 60_000), { path: '/h5/scorecard', params });
      return request(h.app.server).get(`/h5/scorecard?${new URLSearchParams({ ...params, t })}`);
    };
    expect((await page('lihua', 'wangqiang')).status).toBe(403);
    expect((await page('lihua', 'xiaoqi')).status).toBe(403);
    expect((await page('liuming', 'zhaolei')).status).toBe(403);
    expect((await page('lihua', 'zhaolei')).status).toBe(200);
    expect((await page('wangqiang', 'xiaoqi')).status).toBe(200);
    expect((await page('zhangwei', 'xiaoqi')).status).toBe(200); // two levels down
  });
});
