/**
 * 月度效果验证 through the runner on the hand-computed case: fired for September 2026, HR gets the
 * company card and the trend picture, management (the general manager) theirs; fired again, and on a
 * second runner at once, nothing is sent twice.
 */
import request from 'supertest';
import { outcomesMonthlyJob } from '../../src/outcomes/outcomes-job';
import { setBaseline, setCorePositions } from '../../src/outcomes/settings';
import type { TextNoticeCard } from '../../src/wecom/card-types';
import { OUTCOME_CARD_SOURCE } from '../../cards/outcome-card';
import { h5PageLink } from '../../src/http/h5-auth';
import { startHarness, type Harness } from '../helpers/app';
import { seedOutcomeCase } from './outcome-fixture';

/** Friday 2 October 2026, 09:00 in Shanghai: the run for 2026-09. */
const FIRED = new Date('2026-10-02T09:00:00+08:00');

describe('the monthly outcome job', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FIRED }, env: { PERFBOT_HR_USERIDS: 'heping' } });
    await seedOutcomeCase(h.ds);
    await setCorePositions(h.ds, '工艺工程师、质检员', 'test', FIRED);
    await setBaseline(h.ds, '2026-Q1', 'Asia/Shanghai', 'test', FIRED);
  });
  afterAll(async () => {
    await h.close();
  });

  const cards = (userId: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(userId) && (m.body.template_card as TextNoticeCard | undefined)?.source?.desc === OUTCOME_CARD_SOURCE).map((m) => m.body.template_card as TextNoticeCard);
  const images = (userId: string) => h.sim.sent.filter((m) => m.recipients.includes(userId) && m.msgtype === 'image');

  it('covers the month before the one it fires in', () => {
    expect(outcomesMonthlyJob.periodKeyFor(FIRED, 'Asia/Shanghai')).toBe('2026-09');
    expect(outcomesMonthlyJob.periodKeyFor(new Date('2027-01-02T09:00:00+08:00'), 'Asia/Shanghai')).toBe('2026-12');
  });

  it('sends each recipient one card and one picture, once, even fired twice at the same time', async () => {
    const runs = await Promise.all([h.app.jobs.runJob(outcomesMonthlyJob, FIRED), h.app.jobs.runJob(outcomesMonthlyJob, FIRED)]);
    await h.app.settle();
    await h.app.jobs.runJob(outcomesMonthlyJob, FIRED);
    await h.app.settle();
    expect(runs.map((r) => r.status).sort()).toEqual(['busy', 'done']);

    const [hr, ...more] = cards('heping');
    expect(more).toHaveLength(0);
    expect(hr!.main_title).toEqual({ title: '2026年9月 效果验证', desc: '全公司 · 基线 2026年第1季度' });
    // September against Q1: 1 core leaver… none in September: 0% vs 71.6%; cycle: none done in September.
    expect(hr!.horizontal_content_list).toContainEqual({ keyname: '核心流失', value: '71.6%→0% 改善' });
    expect(hr!.horizontal_content_list).toContainEqual({ keyname: '跨部门交付', value: '14 天→数据不足' });
    expect(hr!.horizontal_content_list).toContainEqual({ keyname: '月均建议', value: '2 条→6 条 改善' });
    expect(images('heping')).toHaveLength(1);
    const png = h.sim.media.find((m) => m.mediaId === (images('heping')[0]!.body.image as { media_id: string }).media_id)!;
    expect(png.data.subarray(1, 4).toString()).toBe('PNG');

    // Management: 张伟 leads the root department and sees the people below him.
    const [gm, ...gmMore] = cards('zhangwei');
    expect(gmMore).toHaveLength(0);
    expect(gm!.main_title?.desc).toMatch(/^张伟的团队，\d+ 人 · 基线 2026年第1季度$/);
    expect(images('zhangwei')).toHaveLength(1);
    expect(cards('lihua')).toHaveLength(0); // a team leader is not management

    // The card opens the page for its viewer, with the month's trend.
    const url = new URL((hr!.card_action as { url: string }).url);
    expect(url.pathname).toBe('/h5/outcomes');
    const page = await request(h.app.server).get(url.pathname + url.search);
    expect(page.status).toBe(200);
    expect(page.text).toContain('2026年9月');
    expect(page.text).toContain('核心岗位年化流失率');
  });

  it('the page follows 成效\'s rule: a manager their team, an employee refused, a bad period explained', async () => {
    const open = (userId: string, params: Record<string, string>) => {
      const url = new URL(h5PageLink(h.config, userId, '/h5/outcomes', params, FIRED));
      return request(h.app.server).get(url.pathname + url.search);
    };
    const team = await open('lihua', { period: '2026-Q3' });
    expect(team.status).toBe(200);
    expect(team.text).toContain('李华的团队，4 人');
    expect(team.text).toContain('<svg');
    const employee = await open('zhaolei', { month: '2026-09' });
    expect(employee.status).toBe(403);
    expect(employee.text).toContain('“成效”供 HR 和有下属的主管查看');
    expect((await open('heping', { period: '2026-W40' })).text).toContain('成效按月或按季度统计');
    expect((await request(h.app.server).get('/h5/outcomes?month=2026-09')).status).toBe(302); // unsigned: to WeCom sign-in
  });
});
