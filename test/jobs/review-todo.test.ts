/**
 * The 25th 评价待办 in the demo org, frozen at Wed 2026-11-25 09:00 Shanghai (2026-W48): who gets a
 * card, who is flagged 已连续3周无反馈 (window: Mon 11-02 00:00, the start of W45, up to the
 * firing), who is never listed, and HR's completeness report.
 *
 * Hand-checked seed (reports by manager, findReports):
 *   zhangwei → heping (tag with a note 11-18: fine), liuyang (reviewed this month: not listed),
 *              wangqiang (nothing; a tag at exactly the firing instant does not count: FLAGGED),
 *              zhoumin (tag this week 11-24: fine), zhengyu (tag 22 days before, 11-03 09:00, in W45: fine)
 *   liuyang  → chenjing (October review whose comment was changed 11-10: fine),
 *              yangfan (October review without comment changed 11-10, tag 10-30: FLAGGED)
 *   wangqiang → lihua (reviewed this month): wangqiang gets nothing
 *   lihua    → zhaolei (tag 11-01 23:59, one minute before W45: FLAGGED), sunli (tag 11-02 00:00: fine),
 *              qianjun (inactive: never listed)
 *   zhoumin  → wuhao (reviewed this month): nothing;  zhengyu → fengxue (inactive): nothing
 */
import { BehaviourTag } from '../../src/entities';
import { reviewReminderJob, reviewTodoJob } from '../../src/jobs/review-todo';
import { runJob } from '../../src/jobs/runner';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import {
  buttons, cardsTo, dedupeKeys, FIRED_25TH, local, markdownTo, recipients, review, runJobAt, startAt, tag, user, type ClockedHarness,
} from './review-todo-helpers';

const ORG = {
  departments: DEMO_ORG.departments,
  users: [
    ...DEMO_ORG.users.map((u) => (u.userid === 'fengxue' ? { ...u, status: 5 as const } : u)),
    user('qianjun', '钱军', 3, '操作工', ['lihua'], 5),
  ],
};

async function seed(h: ClockedHarness): Promise<void> {
  await tag(h, 'heping', '2026-11-18 10:00', '主动整理培训档案');
  await review(h, 'liuyang', '2026-11', '', '2026-11-20 10:00');
  await h.ds.getRepository(BehaviourTag).insert({ userId: 'wangqiang', authorId: 'zhangwei', polarity: 'praise', tag: '主动加班支援', weight: 3, note: '', createdAt: FIRED_25TH });
  await tag(h, 'zhoumin', '2026-11-24 10:00');
  await tag(h, 'zhengyu', '2026-11-03 09:00');
  await review(h, 'chenjing', '2026-10', '十月按时交付图纸', '2026-10-28 10:00', '2026-11-10 10:00');
  await review(h, 'yangfan', '2026-10', '', '2026-10-28 10:00', '2026-11-10 10:00');
  await tag(h, 'yangfan', '2026-10-30 10:00');
  await review(h, 'lihua', '2026-11', '带班稳定', '2026-11-21 10:00');
  await tag(h, 'zhaolei', '2026-11-01 23:59');
  await tag(h, 'sunli', '2026-11-02 00:00');
  await review(h, 'wuhao', '2026-11', '抽检认真', '2026-11-24 10:00');
}

describe('25th review to-do', () => {
  let h: ClockedHarness;
  beforeEach(async () => {
    h = await startAt(ORG);
    await seed(h);
  });
  afterEach(async () => {
    await h.close();
  });

  it('sends each manager with open reviews one card, the flag on exactly the right people, a button each into the 评价 flow', async () => {
    const tally = await runJobAt(h, reviewTodoJob, FIRED_25TH);

    expect(recipients(h)).toEqual(['heping', 'lihua', 'liuyang', 'zhangwei']);
    const [boss] = cardsTo(h, 'zhangwei');
    expect(cardsTo(h, 'zhangwei')).toHaveLength(1);
    expect(boss.card.main_title).toEqual({ title: '2026年11月 主管评价待办', desc: '还有 4 人未评价，1 人已连续3周无反馈' });
    expect(buttons(boss.card)).toEqual([
      ['王强', 'review:who:wangqiang:2026-11'],
      ['何萍', 'review:who:heping:2026-11'],
      ['郑宇', 'review:who:zhengyu:2026-11'],
      ['周敏', 'review:who:zhoumin:2026-11'],
    ]);
    expect(boss.card.horizontal_content_list).toEqual([
      { keyname: '王强', value: '⚠ 已连续3周无反馈' },
      { keyname: '何萍', value: '待评价 · 总公司 · HR专员' },
      { keyname: '郑宇', value: '待评价 · 仓储部 · 仓储主管' },
      { keyname: '周敏', value: '待评价 · 质量部 · 质量部经理' },
    ]);
    expect(boss.card.sub_title_text).toContain('⚠ 王强：自11月2日起没有收到表扬/提醒标签或评语');
    expect(boss.card.sub_title_text).toContain('请于11月30日前完成2026年11月的主管评价。');

    const [rnd] = cardsTo(h, 'liuyang');
    expect(buttons(rnd.card)).toEqual([
      ['杨帆', 'review:who:yangfan:2026-11'],
      ['陈静', 'review:who:chenjing:2026-11'],
    ]);
    expect(rnd.card.horizontal_content_list?.map((x) => x.value)).toEqual(['⚠ 已连续3周无反馈', '待评价 · 研发部 · 工艺工程师']);

    const [team] = cardsTo(h, 'lihua');
    expect(buttons(team.card)).toEqual([
      ['赵磊', 'review:who:zhaolei:2026-11'],
      ['孙丽', 'review:who:sunli:2026-11'],
    ]);
    expect(team.card.main_title?.desc).toBe('还有 2 人未评价，1 人已连续3周无反馈');

    // Every card has its own task id; the outbox rows carry the job's keys.
    expect(new Set([boss, rnd, team].map((c) => c.taskId)).size).toBe(3);
    expect((await dedupeKeys(h)).sort()).toEqual([
      'job:review_todo:2026-11:completeness:heping',
      'job:review_todo:2026-11:todo:lihua',
      'job:review_todo:2026-11:todo:liuyang',
      'job:review_todo:2026-11:todo:zhangwei',
    ]);
    // Managers whose reports are all reviewed get nothing, and are noted for the run report.
    expect(tally.skipped.map((s) => s.userId).sort()).toEqual(['wangqiang', 'zhoumin']);
    expect(tally.skipped.find((s) => s.userId === 'wangqiang')?.reason).toBe('2026年11月的 1 位下属已全部评价');
    expect(tally.queued).toBe(4);
  });

  it('never lists inactive employees, nor anyone reviewed this month', async () => {
    await runJobAt(h, reviewTodoJob, FIRED_25TH);
    const keys = h.sim.sent.flatMap((m) => ((m.body.template_card as { button_list?: Array<{ key: string }> })?.button_list ?? []).map((b) => b.key));
    for (const id of ['qianjun', 'fengxue', 'liuyang', 'lihua', 'wuhao']) expect(keys.filter((k) => k.includes(`:${id}:`))).toEqual([]);
    expect(cardsTo(h, 'zhengyu')).toEqual([]);
    expect(cardsTo(h, 'wangqiang')).toEqual([]);
    expect(cardsTo(h, 'fengxue')).toEqual([]);
  });

  it('gives HR the completeness per department over W45–W47, the flagged people and the to-do totals', async () => {
    await runJobAt(h, reviewTodoJob, FIRED_25TH);
    const [md] = markdownTo(h, 'heping');
    expect(markdownTo(h, 'heping')).toHaveLength(1);
    expect(md.split('\n')).toEqual([
      '**2026年11月 过程记录完成率**（近 3 个完整周）',
      '每周至少有 1 条表扬/提醒标签或主管评语的员工占比',
      '> 周次：W45（11-02起） · W46（11-09起） · W47（11-16起）',
      '',
      '**总公司**（2 人）：0% · 0% · 50%　3周无反馈 1 人',
      '**研发部**（3 人）：0% · 33% · 0%　3周无反馈 2 人',
      '**生产部**（4 人）：25% · 0% · 25%　3周无反馈 2 人',
      '**质量部**（2 人）：0% · 0% · 0%',
      '**仓储部**（1 人）：100% · 0% · 0%',
      '**合计**（12 人）：17% · 8% · 17%　3周无反馈 5 人',
      '',
      '<font color="warning">上周低于 50%：研发部、生产部、质量部、仓储部</font>',
      '已连续3周无反馈：张伟、刘洋、杨帆、王强、赵磊',
      '今天已向 3 位主管发送评价待办：8 人尚未评价，其中 3 人已连续3周无反馈。',
    ]);
    // The reminder on the 27th sends HR nothing.
    await runJobAt(h, reviewReminderJob, local('2026-11-27 09:00'));
    expect(markdownTo(h, 'heping')).toHaveLength(1);
  });

  it('a second run of the same month sends nothing again; a dry run sends nothing at all', async () => {
    const dry = await runJobAt(h, reviewTodoJob, FIRED_25TH, { dryRun: true });
    expect(h.sim.sent).toEqual([]);
    expect(dry.messages.map((m) => [m.userId, m.key])).toEqual([
      ['lihua', 'todo:lihua'],
      ['liuyang', 'todo:liuyang'],
      ['zhangwei', 'todo:zhangwei'],
      ['heping', 'completeness:heping'],
    ]);
    await runJobAt(h, reviewTodoJob, FIRED_25TH, { runId: 500 });
    const sent = h.sim.sent.length;
    const again = await runJobAt(h, reviewTodoJob, FIRED_25TH, { runId: 500 });
    expect(again).toMatchObject({ queued: 0, duplicates: 4 });
    expect(h.sim.sent).toHaveLength(sent);
  });

  it('runs through the job runner once per month: the second firing is already done', async () => {
    const deps = { services: h.app.services, logger: h.app.logger, holder: 'test-instance', reportPollMs: 20 };
    const first = await runJob(deps, reviewTodoJob, FIRED_25TH);
    expect(first).toMatchObject({ status: 'done', periodKey: '2026-11', counts: { queued: 4, duplicates: 0, skipped: 2, sent: 4, failed: 0 } });
    await h.app.settle();
    const sent = h.sim.sent.length;
    expect(await runJob(deps, reviewTodoJob, FIRED_25TH)).toMatchObject({ status: 'already-done' });
    await h.app.settle();
    expect(h.sim.sent).toHaveLength(sent);
    expect(cardsTo(h, 'lihua')).toHaveLength(1);
  });

  it('keys a firing by the month of its local date', () => {
    expect(reviewTodoJob.periodKeyFor(FIRED_25TH, 'Asia/Shanghai')).toBe('2026-11');
    expect(reviewReminderJob.periodKeyFor(local('2026-12-01 00:30'), 'Asia/Shanghai')).toBe('2026-12');
    expect([reviewTodoJob.name, reviewTodoJob.title, reviewTodoJob.defaultSchedule]).toEqual(['review_todo', '月度评价待办', '0 9 25 * *']);
    expect([reviewReminderJob.name, reviewReminderJob.title, reviewReminderJob.defaultSchedule]).toEqual(['review_reminder', '月度评价提醒', '0 9 27 * *']);
  });
});
