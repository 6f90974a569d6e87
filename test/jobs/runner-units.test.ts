/** Pure parts of the job runner: cron matching, dedupe keys, the HR report text, configuration. */
import { ConfigError, loadConfig } from '../../src/config';
import { formatLocal } from '../../src/domain/periods';
import { findJob, JOBS, scheduleFor } from '../../src/jobs/registry';
import { jobDedupeKey, summarizeContent } from '../../src/jobs/runner-context';
import { buildRunReport, describeFailure, type RunReportView } from '../../src/jobs/runner-report-text';
import { firedAtFor, firingOnDate, lastFiring, nextFiring, planCatchUp } from '../../src/jobs/schedule';
import type { TemplateCard } from '../../src/wecom/api-types';
import { fakeJob, local } from './runner-helpers';

const TZ = 'Asia/Shanghai';
const HOUR = 3600_000;

describe('cron matching in the configured time zone', () => {
  it('finds the latest firing within a window, at minute resolution', () => {
    expect(lastFiring('0 17 * * 5', TZ, local('2026-11-27 18:30'), 6 * HOUR)).toEqual(local('2026-11-27 17:00'));
    expect(lastFiring('0 17 * * 5', TZ, local('2026-11-27 17:00'), 6 * HOUR)).toEqual(local('2026-11-27 17:00'));
    expect(lastFiring('0 17 * * 5', TZ, local('2026-11-27 16:59'), 6 * HOUR)).toBeNull();
    expect(lastFiring('0 17 * * 5', TZ, local('2026-11-28 00:30'), 6 * HOUR)).toBeNull();
    expect(lastFiring('0 9 25 * *', TZ, local('2026-11-25 10:00'), 6 * HOUR)).toEqual(local('2026-11-25 09:00'));
  });

  it('picks the schedule time on a date, 12:00 when it does not fire that day, else the latest firing', () => {
    expect(firingOnDate('0 17 * * 5', TZ, '2026-11-27')).toEqual(local('2026-11-27 17:00'));
    expect(firingOnDate('0 17 * * 5', TZ, '2026-11-26')).toBeNull();
    expect(firedAtFor('0 17 * * 5', TZ, new Date(), '2026-11-26')).toEqual(local('2026-11-26 12:00'));
    expect(firedAtFor('0 9 25 * *', TZ, local('2026-12-02 10:00'))).toEqual(local('2026-11-25 09:00'));
    expect(firedAtFor('30 2 * * *', TZ, local('2026-12-02 10:00'))).toEqual(local('2026-12-02 02:30'));
  });

  it('gives the next firing in local time', () => {
    const next = nextFiring('0 17 * * 5', TZ)!;
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(formatLocal(next, TZ)).toMatch(/ 17:00$/);
    expect(new Intl.DateTimeFormat('en-US', { timeZone: TZ, weekday: 'short' }).format(next)).toBe('Fri');
  });

  it('plans catch-up for firings within the grace and lists older ones apart', () => {
    const weekly = fakeJob();
    const monthly = { ...fakeJob({ name: 'monthly' }), defaultSchedule: '0 9 25 * *' };
    const plan = planCatchUp(
      [{ job: weekly, schedule: weekly.defaultSchedule }, { job: monthly, schedule: monthly.defaultSchedule }],
      TZ,
      local('2026-11-27 18:30'),
      6 * HOUR,
    );
    expect(plan.due).toEqual([{ job: weekly, firedAt: local('2026-11-27 17:00') }]);
    expect(plan.tooOld).toEqual([{ job: monthly, firedAt: local('2026-11-25 09:00') }]);
  });
});

describe('run keys', () => {
  it('keys outbox rows by job, period and key, hashing keys that would pass 191 characters', () => {
    expect(jobDedupeKey('weekly_scorecard', '2026-W48', 'card:zhaolei')).toBe('job:weekly_scorecard:2026-W48:card:zhaolei');
    const long = jobDedupeKey('weekly_scorecard', '2026-W48', `team:${'x'.repeat(300)}`);
    expect(long.length).toBeLessThanOrEqual(191);
    expect(long.startsWith('job:weekly_scorecard:2026-W48:#')).toBe(true);
    expect(jobDedupeKey('weekly_scorecard', '2026-W48', `team:${'x'.repeat(300)}`)).toBe(long);
    expect(jobDedupeKey('weekly_scorecard', '2026-W48', `team:${'y'.repeat(300)}`)).not.toBe(long);
  });

  it('summarises a message in one line for dry runs', () => {
    const card = { card_type: 'button_interaction', main_title: { title: '本周绩效 86.5 分', desc: '2026年第48周' }, button_list: [{ text: '查看详情' }, { text: '发起申诉' }] };
    expect(summarizeContent({ card: card as unknown as TemplateCard })).toBe('卡片(button_interaction)：本周绩效 86.5 分 · 2026年第48周［查看详情｜发起申诉］');
    expect(summarizeContent({ markdown: '**未分配指标**\n> 赵磊' })).toBe('Markdown：未分配指标 赵磊');
    expect(summarizeContent('很长'.repeat(40))).toMatch(/^文本：(很长){29}很…$/);
  });
});

describe('the run report to HR', () => {
  const base: RunReportView = {
    title: '每周绩效看板', periodKey: '2026-W48', firedAtLocal: '2026-11-27 17:00', queued: 10, duplicates: 0,
    delivery: { sent: 10, failed: 0, pending: 0, failures: [] }, skipped: [],
  };

  it('names reasons for known errcodes and clips unknown errors', () => {
    expect(describeFailure(81013, 'WeCom message/send failed: errcode 81013 (user & party & tag all invalid)')).toBe('全部接收人无效');
    expect(describeFailure(12345, `WeCom failed: ${'z'.repeat(80)}`)).toMatch(/^WeCom failed: z+…$/);
    expect(describeFailure(null, null)).toBe('未知原因');
  });

  it('shows pending messages, caps the userid lists at 20 and stays within 2048 bytes', () => {
    const many = Array.from({ length: 25 }, (_, i) => `user${i}`);
    const text = buildRunReport({
      ...base,
      delivery: { sent: 3, failed: 25, pending: 2, failures: [{ errcode: 81013, reason: '全部接收人无效', userIds: many }] },
    });
    expect(text).toContain('应发 30 条：已送达 3，失败 25，仍在发送 2');
    expect(text).toContain(`> 81013 全部接收人无效 × 25：${many.slice(0, 20).join('、')} 等`);

    const groups = Array.from({ length: 12 }, (_, g) => ({ errcode: 60000 + g, reason: `原因${g}`, userIds: many.map((u) => `${u}-${g}-long-userid`) }));
    const big = buildRunReport({ ...base, delivery: { sent: 0, failed: 300, pending: 0, failures: groups }, skipped: many.map((userId) => ({ userId, reason: '未分配指标' })) });
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(2048);
    expect(big).toMatch(/……（内容过长，其余可请 IT 在运行记录中查看）$/);
  });
});

describe('job configuration', () => {
  it('defaults the schedules and grace, and takes overrides per job', () => {
    const c = loadConfig({});
    expect(c.jobs).toEqual({
      graceHours: 6,
      reportWaitMs: 600_000,
      schedules: {
        weekly_scorecard: '0 17 * * 5', review_todo: '0 9 25 * *', review_reminder: '0 9 27 * *', org_sync: '30 2 * * *',
        talent_quarterly: '0 9 1 1,4,7,10 *', plan_checkin: '0 10 20 * *', alerts: '0 9 * * 1', outcomes_monthly: '0 9 2 * *',
      },
    });
    expect(JOBS.map((j) => scheduleFor(j, c))).toEqual(['0 17 * * 5', '0 9 25 * *', '0 9 27 * *', '30 2 * * *', '0 9 1 1,4,7,10 *', '0 10 20 * *', '0 9 * * 1', '0 9 2 * *']);
    const o = loadConfig({ PERFBOT_CRON_WEEKLY_SCORECARD: '30 16 * * 5', PERFBOT_JOB_GRACE_H: '12' });
    expect(scheduleFor(findJob('weekly-scorecard')!, o)).toBe('30 16 * * 5');
    expect(o.jobs.graceHours).toBe(12);
  });

  it('rejects an invalid cron expression with a message that says which variable and why', () => {
    expect(() => loadConfig({ PERFBOT_CRON_REVIEW_TODO: '0 9 32 * *' })).toThrow(ConfigError);
    expect(() => loadConfig({ PERFBOT_CRON_REVIEW_TODO: '0 9 32 * *' })).toThrow(
      /PERFBOT_CRON_REVIEW_TODO must be a cron expression such as '0 9 25 \* \*' \(minute hour day month weekday\); dayOfMonth: /,
    );
    expect(() => loadConfig({ PERFBOT_JOB_GRACE_H: '-1' })).toThrow(/PERFBOT_JOB_GRACE_H must be a whole number from 0 to 168/);
  });
});
