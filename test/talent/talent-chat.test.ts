/**
 * The talent review in chat, as HR (何萍), a team leader (李华) and an employee (赵磊) would use it:
 * compute, look, calibrate with a reason, publish, follow a plan, screen reserve cadres, open the page.
 */
import request from 'supertest';
import { CadreScreenRun, Employee, MetricAssignment, MetricRecord, PlanCheckin } from '../../src/entities';
import type { ButtonInteractionCard, TextNoticeCard } from '../../src/wecom/card-types';
import type { Harness } from '../helpers/app';
import { planCheckinJob } from '../../src/talent/plan-checkin-job';
import { jobRun } from './job-context';
import { loadTalentConfig } from '../../src/talent/talent-config';
import { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, say, startAt, tap, textsTo } from '../chat/reviews-helpers';

const NOW = new Date('2027-01-04T10:00:00+08:00');
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
const talentCards = (h: Harness, userId: string) => cardsTo<TextNoticeCard>(h, userId).filter((c) => c.card.source?.desc === '绩效助手 · 人才盘点');
const urlOf = (card: TextNoticeCard) => new URL((card.card_action as { url: string }).url);

describe('talent review in chat', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startAt({ now: NOW });
    // yield lines that score each person's total: 李华 95, 赵磊 88, 孙丽 62, 吴昊 80 every month of Q4
    const totals: Record<string, number> = { lihua: 95, zhaolei: 88, sunli: 62, wuhao: 80 };
    await h.ds.getRepository(MetricAssignment).insert(Object.keys(totals).map((userId) => ({ userId, metricCode: 'yield_rate', periodKey: '', target: 100, weight: 100, floor: false, updatedAt: NOW })));
    let n = 0;
    await h.ds.getRepository(MetricRecord).insert(
      Object.entries(totals).flatMap(([userId, t]) =>
        ['2026-10-15', '2026-11-16', '2026-12-15'].flatMap((day) => [
          { userId, input: 'good', value: t, occurredAt: at(day), source: 'MES', externalId: `g${++n}`, ref: '', createdAt: NOW },
          { userId, input: 'scrap', value: 100 - t, occurredAt: at(day), source: 'MES', externalId: `s${++n}`, ref: '', createdAt: NOW },
        ]),
      ),
    );
    await h.ds.getRepository(Employee).update({ userId: 'zhaolei' }, { hiredOn: '2022-03-01' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('an employee never sees the grid', async () => {
    await say(h, 'zhaolei', '九宫格');
    expect(lastTextTo(h, 'zhaolei')).toContain('九宫格仅限 HR 和主管查看');
    await say(h, 'zhaolei', '发展计划');
    expect(lastTextTo(h, 'zhaolei')).toContain('您目前还没有发展计划');
  });

  it('HR computes the quarter and gets the company card; a leader gets only their people', async () => {
    await say(h, 'heping', '九宫格 计算 2026-Q4');
    const hr = talentCards(h, 'heping').pop()!.card;
    expect(hr.main_title).toEqual({ title: '2026年第4季度人才九宫格', desc: '全公司 · 草稿，待校准' });
    expect(hr.emphasis_content?.title).toBe('4');
    await say(h, 'lihua', '九宫格 Q4');
    const mine = talentCards(h, 'lihua').pop()!.card;
    expect(mine.main_title?.desc).toBe('您的团队 · 草稿，待校准');
    expect(mine.emphasis_content?.title).toBe('2'); // 赵磊 and 孙丽

    const page = await request(h.app.server).get(urlOf(mine).pathname + urlOf(mine).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain('赵磊');
    expect(page.text).toContain('孙丽');
    expect(page.text).not.toContain('吴昊');
    const hrPage = await request(h.app.server).get(urlOf(hr).pathname + urlOf(hr).search);
    for (const name of ['李华', '赵磊', '孙丽', '吴昊']) expect(hrPage.text).toContain(name);
  });

  it('a leader calibrates their own people with a reason, not others, and cannot publish', async () => {
    await say(h, 'lihua', '调整 @孙丽 潜力股');
    expect(lastTextTo(h, 'lihua')).toContain('必须写明原因');
    await say(h, 'lihua', '调整 @吴昊 骨干 质检稳定');
    expect(lastTextTo(h, 'lihua')).toContain('无权调整吴昊');
    await say(h, 'lihua', '调整 @孙丽 潜力股 新岗位第一个季度，进步明显');
    expect(lastTextTo(h, 'lihua')).toMatch(/^已校准：孙丽 从「.+」调整到「潜力股」/);
    await say(h, 'lihua', '发布九宫格');
    expect(lastTextTo(h, 'lihua')).toBe('只有 HR 可以发布九宫格。');
  });

  it('HR publishes; the employee follows the plan with one tap and a note', async () => {
    await say(h, 'heping', '发布九宫格 2026-Q4');
    expect(lastTextTo(h, 'heping')).toMatch(/已发布并冻结，已为 4 人生成发展计划/);
    await say(h, 'zhaolei', '发展计划');
    const { card, taskId } = lastCardTo<ButtonInteractionCard>(h, 'zhaolei');
    expect(card.button_list.map((b) => b.text)).toEqual(['已完成', '进行中', '受阻']);
    await tap(h, 'zhaolei', buttonKey(card, '进行中'), taskId);
    expect(lastUpdate(h).main_title?.desc).toBe('2027年1月跟进：进行中');
    await say(h, 'zhaolei', '叉车培训已报名，月底考试');
    expect(lastTextTo(h, 'zhaolei')).toContain('说明已记下');
    expect(await h.ds.getRepository(PlanCheckin).findOneByOrFail({ monthKey: '2027-01' })).toMatchObject({ status: 'in_progress', note: '叉车培训已报名，月底考试', byUserId: 'zhaolei' });
    await say(h, 'lihua', '发展计划 @赵磊');
    expect(lastCardTo<ButtonInteractionCard>(h, 'lihua').card.horizontal_content_list?.[1]).toEqual({ keyname: '上次跟进', value: '2027-01 进行中：叉车培训已报名，月底考试' });
  });

  it('the 20th brings each plan holder the month’s check-in card, not in the month the plan was made', async () => {
    const january = jobRun(h, planCheckinJob, new Date('2027-01-20T10:00:00+08:00'));
    await planCheckinJob.run(january.ctx);
    expect(january.skipped.map((s) => s.reason)).toEqual(['计划本月刚生成', '计划本月刚生成', '计划本月刚生成', '计划本月刚生成']);
    const before = cardsTo(h, 'sunli').length;
    await planCheckinJob.run(jobRun(h, planCheckinJob, new Date('2027-02-20T10:00:00+08:00')).ctx);
    await h.app.settle();
    const cards = cardsTo<ButtonInteractionCard>(h, 'sunli').slice(before);
    expect(cards).toHaveLength(1);
    expect(cards[0].card.main_title?.desc).toBe('2026-Q4 盘点 · 潜力股');
    expect(cards[0].card.button_list.map((b) => b.key)).toEqual(expect.arrayContaining([expect.stringMatching(/^plan:ck:\d+:2027-02:done$/)]));
  });

  it('人才 @姓名 shows a leader the profile with the calibration beside the computed box', async () => {
    await say(h, 'lihua', '人才 @孙丽');
    const text = lastTextTo(h, 'lihua');
    expect(text).toContain('孙丽 · 2026年第4季度人才档案');
    // the ranks the levels were cut on are shown beside the figures
    expect(text).toMatch(/业绩：[\d.]+（各月总分 [^；]+；组内百分位 [\d.]+）/);
    expect(text).toMatch(/潜力指数：[\d.]+（.+；指数的组内百分位 [\d.]+）/);
    expect(text).toMatch(/格子：.+ → 校准后 潜力股/);
    expect(text).toContain('校准：新岗位第一个季度，进步明显');
  });

  it('HR renames a box and changes its action; a leader cannot', async () => {
    await say(h, 'lihua', '九宫格 格子 骨干 措施 每季度评一次技能等级');
    expect(lastTextTo(h, 'lihua')).toBe('只有 HR 可以修改九宫格的格子名称和措施。');
    await say(h, 'heping', '九宫格 格子 骨干 措施 提供专项技能认证补贴，每季度评一次');
    expect(lastTextTo(h, 'heping')).toContain('已修改「骨干」的措施');
    await say(h, 'heping', '九宫格 格子 稳定贡献者 名称 稳定员工');
    expect(lastTextTo(h, 'heping')).toContain('已修改「稳定贡献者」的名称：稳定员工');
    const { boxes } = await loadTalentConfig(h.ds);
    expect(boxes.find((b) => b.code === 'hl')!.action).toBe('提供专项技能认证补贴，每季度评一次');
    expect(boxes.find((b) => b.code === 'ml')!.name).toBe('稳定员工');
  });

  it('HR screens reserve cadres: a list with evidence, the Excel file and the page', async () => {
    await say(h, 'zhaolei', '储备干部');
    expect(lastTextTo(h, 'zhaolei')).toBe('储备干部筛选仅限 HR 使用。');
    await say(h, 'heping', '储备干部');
    const text = textsTo(h, 'heping').find((t) => t.includes('储备干部初筛'))!;
    expect(text).toContain('候选人 0 人'); // one published quarter: nobody has two yet
    expect(h.sim.sent.some((m) => m.recipients.includes('heping') && m.msgtype === 'file')).toBe(true);
    const link = /\((http[^)]+\/h5\/talent\/cadres[^)]+)\)/.exec(text)![1];
    const page = await request(h.app.server).get(new URL(link).pathname + new URL(link).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain('按存档的规则和数据复核：结果一致');
    await say(h, 'heping', '储备干部 增加 @赵磊');
    expect(lastTextTo(h, 'heping')).toContain('必须写明原因');
    await say(h, 'heping', '储备干部 增加 @赵磊 生产部推荐，已带教两名新人');
    expect(lastTextTo(h, 'heping')).toMatch(/^已增加：赵磊/);
    expect(await h.ds.getRepository(CadreScreenRun).count()).toBe(1);
  });
});
