/**
 * The Friday scorecard through the real job runner (src/jobs/runner.ts): one run per (job, week),
 * the same cards as when run by hand, and a second firing of the same week sends nothing.
 */
import type { ButtonInteractionCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';
import { FRIDAY, seedWeek, WEEK } from './weekly-scorecard-helpers';

describe('weekly scorecard through the job runner', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ app: { clock: () => FRIDAY }, env: { WECOM_CALLBACK_MAX_SKEW_S: '0', PERFBOT_HR_USERIDS: 'heping' } });
    await seedWeek(h.ds);
  });
  afterAll(async () => {
    await h.close();
  });

  const scorecards = () =>
    h.sim.sent.filter((m) => (m.body.template_card as { source?: { desc?: string } } | undefined)?.source?.desc === '绩效助手 · 每周绩效看板');

  it('sends each assigned employee exactly one card, once per week', async () => {
    const outcome = await h.app.jobs.runJob('weekly_scorecard', FRIDAY);
    await h.app.settle();
    expect(outcome).toMatchObject({ status: 'done', periodKey: WEEK, counts: { queued: 12, duplicates: 0, skipped: 8 } });
    expect(scorecards().flatMap((m) => m.recipients).sort()).toEqual(['chenjing', 'sunli', 'wuhao', 'zhaolei']);
    const card = scorecards().find((m) => m.recipients.includes('zhaolei'))!.body.template_card as ButtonInteractionCard;
    expect(card.main_title?.title).toBe('赵磊 · 本周绩效 63.9');
    expect(card.task_id).toMatch(/^wsc-\d+-2026-W48-zhaolei$/);

    const again = await h.app.jobs.runJob('weekly_scorecard', new Date(FRIDAY.getTime() + 60_000));
    await h.app.settle();
    expect(again).toMatchObject({ status: 'already-done', periodKey: WEEK });
    expect(scorecards()).toHaveLength(4);
  });
});
