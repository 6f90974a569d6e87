/**
 * The quarterly run end to end through the outbox to the simulator: HR gets the draft card and the
 * grid as a picture, each department head a card about their own people only, and a second run of
 * the same quarter sends nothing again.
 */
import { MetricAssignment, MetricRecord, TalentReview } from '../../src/entities';
import { seedKpiLibrary } from '../../src/repositories/metric-library';
import { talentQuarterlyJob } from '../../src/talent/talent-quarterly-job';
import type { TextNoticeCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { jobRun } from './job-context';

const FIRED = new Date('2027-01-01T09:00:00+08:00');
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

const runOf = (h: Harness, id: number) => jobRun(h, talentQuarterlyJob, FIRED, id);

describe('the quarterly talent review job', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FIRED }, env: { PERFBOT_HR_USERIDS: 'heping' } });
    await seedKpiLibrary(h.ds, FIRED);
    const people = ['lihua', 'zhaolei', 'sunli', 'wuhao', 'chenjing', 'fengxue'];
    await h.ds.getRepository(MetricAssignment).insert(people.map((userId) => ({ userId, metricCode: 'yield_rate', periodKey: '', target: 100, weight: 100, floor: false, updatedAt: FIRED })));
    let n = 0;
    const records = people.flatMap((userId, i) =>
      ['2026-10-15', '2026-11-15', '2026-12-15'].flatMap((day) => [
        { userId, input: 'good', value: 60 + 7 * i, occurredAt: at(day), source: 'MES', externalId: `g${++n}`, ref: '', createdAt: FIRED },
        { userId, input: 'scrap', value: 40 - 7 * i, occurredAt: at(day), source: 'MES', externalId: `s${++n}`, ref: '', createdAt: FIRED },
      ]),
    );
    await h.ds.getRepository(MetricRecord).insert(records);
  });
  afterAll(async () => {
    await h.close();
  });

  const cardsTo = (userId: string) =>
    h.sim.sent.filter((m) => m.recipients.includes(userId) && (m.body.template_card as TextNoticeCard | undefined)?.source?.desc === '绩效助手 · 人才盘点').map((m) => m.body.template_card as TextNoticeCard);

  it('covers the quarter that just ended', () => {
    expect(talentQuarterlyJob.periodKeyFor(FIRED, 'Asia/Shanghai')).toBe('2026-Q4');
    expect(talentQuarterlyJob.periodKeyFor(new Date('2027-04-01T09:00:00+08:00'), 'Asia/Shanghai')).toBe('2027-Q1');
  });

  it('sends HR the draft with the picture, and each head their own people', async () => {
    await talentQuarterlyJob.run(runOf(h, 1).ctx);
    await h.app.settle();
    expect((await h.ds.getRepository(TalentReview).findOneByOrFail({ quarterKey: '2026-Q4' })).status).toBe('draft');

    const [hr] = cardsTo('heping');
    expect(hr.main_title).toEqual({ title: '2026年第4季度人才九宫格', desc: '全公司 · 草稿，待校准' });
    expect(hr.sub_title_text).toContain('发布九宫格');
    expect((hr.card_action as { url: string }).url).toContain('/h5/talent?quarter=2026-Q4');
    const images = h.sim.sent.filter((m) => m.recipients.includes('heping') && m.body.msgtype === 'image');
    expect(images).toHaveLength(1);

    // 王强 leads 生产部: 李华, 赵磊, 孙丽 — 3 people, all placed (three months of data each)
    const [production] = cardsTo('wangqiang');
    expect(production.main_title?.desc).toBe('生产部 · 草稿，待校准');
    expect(production.emphasis_content).toEqual({ title: '3', desc: '人已落格' });
    expect(production.sub_title_text).not.toContain('发布九宫格');
    // 周敏 leads 质量部: only 吴昊
    expect(cardsTo('zhoumin')[0].emphasis_content?.title).toBe('1');
  });

  it('a second run of the same quarter sends nothing twice', async () => {
    const before = h.sim.sent.length;
    await talentQuarterlyJob.run(runOf(h, 2).ctx);
    await h.app.settle();
    expect(h.sim.sent.length).toBe(before);
  });
});

describe('the quarterly talent review job on two instances', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FIRED }, env: { PERFBOT_HR_USERIDS: 'heping' } });
    await seedKpiLibrary(h.ds, FIRED);
  });
  afterAll(async () => {
    await h.close();
  });

  it('fired on both at once, it runs on one and every head gets one card', async () => {
    const second = await h.restart({ syncOrgOnStart: false });
    const outcomes = await Promise.all([h.app.jobs.runJob(talentQuarterlyJob, FIRED), second.jobs.runJob(talentQuarterlyJob, FIRED)]);
    await Promise.all([h.app.settle(), second.settle()]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'done']);
    const cards = h.sim.sent.filter((m) => (m.body.template_card as TextNoticeCard | undefined)?.source?.desc === '绩效助手 · 人才盘点');
    const perRecipient = cards.flatMap((m) => m.recipients).sort();
    expect(perRecipient).toEqual([...new Set(perRecipient)]);
    expect(perRecipient).toEqual(expect.arrayContaining(['heping', 'wangqiang', 'zhoumin']));
    expect(h.sim.sent.filter((m) => m.msgtype === 'image' && m.recipients.includes('heping'))).toHaveLength(1);
    await second.stop();
  });
});
