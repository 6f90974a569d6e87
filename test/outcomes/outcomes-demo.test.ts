/**
 * The outcome report on the sandbox's ~300-person demo factory (two quarters of history): each
 * figure recomputed here from the stored rows with the definitions of docs/outcomes.md (SQL counts
 * and plain arithmetic, not the report's code), and the report read through WeCom as HR reads it.
 */
import { Between, In, IsNull, Not } from 'typeorm';
import { Employee, ExceptionClaim, Goal, Suggestion } from '../../src/entities';
import { createLogger } from '../../src/logger';
import { outcomeBundle } from '../../src/outcomes/outcome-service';
import { parseRange } from '../../src/outcomes/spans';
import { DEMO_CORE_POSITIONS } from '../../src/sandbox/demo-outcomes';
import { SurveyTally } from '../../src/surveys/survey-tally.entity';
import { Survey } from '../../src/surveys/survey.entity';
import { startDemoStack, type DemoStack } from '../../src/sandbox/demo-stack';
import { openTestDatabase } from '../helpers/db';

/** Friday 27 November 2026, 17:00 in Shanghai: history from 2026-07-01, the baseline 2026-Q3. */
const NOW = new Date('2026-11-27T09:00:00Z');
const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const local = (day: string) => new Date(`${day}T00:00:00+08:00`);
const r1 = (n: number) => Math.round(n * 10) / 10;

describe('the outcome report on the demo factory', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    const ds = await openTestDatabase();
    const url = process.env.DATABASE_URL;
    stack = await startDemoStack({ ds, start: NOW, env: url ? { DATABASE_URL: url } : {}, logger: createLogger('error') });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const figures = async (key: string) => {
    const { report } = await outcomeBundle(stack.ds, { now: NOW, tz: TZ, span: parseRange(key, TZ), scope: null, scopeLabel: '全公司' });
    return { report, value: (code: string) => report.rows.find((r) => r.code === code)! };
  };

  it('core turnover of the baseline quarter: its leavers over the average core headcount, annualised', async () => {
    const people = await stack.ds.getRepository(Employee).findBy({ position: In([...DEMO_CORE_POSITIONS]) });
    const leftAt = (e: Employee) => (e.leftOn ? local(e.leftOn) : null);
    const present = (t: Date) => people.filter((e) => (e.active || leftAt(e)) && (leftAt(e) === null || leftAt(e)! > t)).length;
    const bounds = ['2026-07-01', '2026-08-01', '2026-09-01', '2026-10-01'].map(local);
    const average = [0, 1, 2].reduce((s, i) => s + (present(bounds[i]!) + present(bounds[i + 1]!)) / 2, 0) / 3;
    const leavers = people.filter((e) => leftAt(e) && leftAt(e)! >= bounds[0]! && leftAt(e)! < bounds[3]!).length;
    expect(leavers).toBeGreaterThan(0); // the demo plants core leavers in its first quarter
    const { report, value } = await figures('2026-Q3');
    expect(report.baseline?.label).toBe('2026年第3季度');
    expect(value('core_turnover').now.value).toBe(r1((leavers / average) * (365 / 92) * 100));
    expect(value('core_turnover').now.sample).toContain(`离职 ${leavers} 人`);
    // October: the core leavers are gone and nobody core left since.
    expect((await figures('2026-10')).value('core_turnover').now.text).toBe('0%');
  });

  it('the cross-department cycle, suggestions and claims of October, from the rows', async () => {
    const oct = { start: local('2026-10-01'), end: local('2026-11-01') };
    const employees = new Map((await stack.ds.getRepository(Employee).find()).map((e) => [e.userId, e.mainDepartmentId]));
    const done = (await stack.ds.getRepository(Goal).findBy({ collaboratorUserIds: Not(IsNull()), doneAt: Between(oct.start, new Date(oct.end.getTime() - 1)) }))
      .filter((g) => g.collaboratorUserIds!.some((c) => employees.get(c) !== employees.get(g.ownerUserId!)));
    expect(done.length).toBeGreaterThan(2);
    const cycle = done.reduce((s, g) => s + (g.doneAt!.getTime() - g.createdAt.getTime()) / DAY, 0) / done.length;
    const suggestions = await stack.ds.getRepository(Suggestion).findBy({ createdAt: Between(oct.start, new Date(oct.end.getTime() - 1)) });
    const claims = await stack.ds.getRepository(ExceptionClaim).findBy({ createdAt: Between(oct.start, new Date(oct.end.getTime() - 1)) });
    const decided = claims.filter((c) => c.status !== 'pending');

    const { value } = await figures('2026-10');
    expect(value('cross_dept_cycle').now.value).toBe(r1(cycle));
    expect(value('cross_dept_cycle').now.sample).toBe(`完成 ${done.length} 项跨部门任务`);
    expect(value('suggestions').now.value).toBe(suggestions.length);
    expect(value('suggestions_adopted').now.value).toBe(suggestions.filter((s) => s.status === 'adopted').length);
    if (decided.length > 0) expect(value('decision_approval').now.value).toBe(r1((decided.filter((c) => c.status === 'approved').length / decided.length) * 100));
    // A believable demo: against the baseline, delivery got faster and suggestions more frequent.
    expect(value('cross_dept_cycle').change).toBe('better');
    expect(value('suggestions').change).toBe('better');
    expect(value('completeness').now.value).toBeGreaterThan(0);
    expect(value('manager_hours').now.value).toBeGreaterThan(0);
    // The October round of 公平感, counted from its stored tallies (answers are only ever counts).
    const [fairness] = await stack.ds.getRepository(Survey).findBy({ templateCode: 'fairness', launchedAt: Between(oct.start, new Date(oct.end.getTime() - 1)) });
    const tallies = await stack.ds.getRepository(SurveyTally).findBy({ surveyId: fairness!.id });
    const answers = tallies.reduce((s, t) => s + t.n, 0);
    const agree = tallies.filter((t) => t.value >= 4).reduce((s, t) => s + t.n, 0);
    expect(value('survey_fairness').now.value).toBe(r1((agree / answers) * 100));
    expect(value('survey_fairness').now.sample).toBe(`${fairness!.title}：${answers} 人作答`);
    expect(value('survey_fairness').change).toBe('better');
  });

  it('HR asks 成效 in WeCom and reads last month against the baseline', async () => {
    const before = stack.sim.sent.length;
    await stack.sim.sendText('heping', '成效');
    await stack.app.settle();
    const answer = stack.sim.sent.slice(before).filter((m) => m.recipients.includes('heping') && m.msgtype === 'markdown').map((m) => (m.body.markdown as { content: string }).content).join('\n');
    const { value } = await figures('2026-10');
    expect(answer).toContain('**效果验证 · 2026年10月**（全公司）');
    expect(answer).toContain('基线：2026年第3季度');
    expect(answer).toContain(`→ **${value('cross_dept_cycle').now.text}** 改善`);
  });
});
