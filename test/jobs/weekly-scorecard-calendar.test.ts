/**
 * A week in a year chinese-days does not cover yet (2026-W53 runs to Sunday 3 January 2027; its
 * Friday push falls on 1 January 2027) is scored on Monday–Friday for those days, and HR is told
 * so, with what to do, instead of a silent Monday–Friday. A covered week sends no such notice.
 */
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import { startHarness, type Harness } from '../helpers/app';
import { seedWeek, testRun } from './weekly-scorecard-helpers';

describe('weekly scorecard and the working calendar’s coverage', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedWeek(h.ds);
  });
  afterAll(async () => {
    await h.close();
  });

  const notices = () =>
    h.sim.sent.filter((m) => m.recipients.includes('heping') && String((m.body.markdown as { content?: string } | undefined)?.content ?? '').startsWith('**工作日历提醒'));

  it('sends no calendar notice for a covered week', async () => {
    await weeklyScorecardJob.run(testRun(h).ctx);
    await h.app.settle();
    expect(notices()).toHaveLength(0);
  });

  it('tells HR, and logs, when the week reaches a year the calendar does not cover', async () => {
    const run = testRun(h, { runId: 2, firedAt: new Date('2027-01-01T09:00:00Z') });
    expect(run.ctx.run.periodKey).toBe('2026-W53');
    await weeklyScorecardJob.run(run.ctx);
    await h.app.settle();
    const [notice] = notices();
    expect((notice.body.markdown as { content: string }).content).toBe(
      '**工作日历提醒｜2026年第53周（12月28日–1月3日）**\n' +
        '工作日历尚未收录 2027 年的法定节假日和调休安排，这些年份暂按周一至周五（或部门班制）计算工作日；请升级 chinese-days，或用“工作日历”导入补上当年放假和调休',
    );
    expect(h.logs.some((l) => l.msg === 'working calendar does not cover these years: holidays and 调休 unknown' && JSON.stringify(l.years) === '[2027]')).toBe(true);
  });
});
