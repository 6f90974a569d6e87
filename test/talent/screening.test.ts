/** Reserve-cadre screening: rules with evidence, near misses, a stored run replayed, reasons required. */
import type { DataSource } from 'typeorm';
import { AuditEntry, CadreScreenRun, CollaborationRating, DevelopmentPlan, Employee } from '../../src/entities';
import { adjustRun, findScreen, finalList, replayRun, runScreen, saveScreen } from '../../src/talent/cadre-screens';
import { evaluateScreen, outcomeMark, validateScreenRules, type ScreenFacts } from '../../src/talent/screening';
import { computeTalentReview, moveInReview, publishReview } from '../../src/talent/talent-reviews';
import { openTestDatabase } from '../helpers/db';
import { seedTalentExample, TZ } from './talent-fixture';

const facts = (over: Partial<ScreenFacts>): ScreenFacts => ({
  userId: 'u', name: '某人', department: '生产部', position: '操作工', boxes: [], floorBreaches: [], collaboration: [], months: ['2026-12', '2026-11'],
  hiredOn: '2024-03-01', tenureYears: 2, plansCompleted: 1, ...over,
});

describe('screening rules (pure)', () => {
  const rules = [
    { kind: 'box_in' as const, boxes: ['hh' as const, 'hm' as const], quarters: 2 },
    { kind: 'min_collaboration' as const, stars: 4, months: 2 },
    { kind: 'min_tenure' as const, years: 1 },
  ];
  const star = facts({ userId: 'a', name: '甲', boxes: [{ quarterKey: '2026-Q4', box: 'hh', boxName: '明星' }, { quarterKey: '2026-Q3', box: 'hm', boxName: '核心骨干' }], collaboration: [{ monthKey: '2026-12', stars: 5 }, { monthKey: '2026-11', stars: 4 }] });
  const nearly = facts({ userId: 'b', name: '乙', boxes: star.boxes, collaboration: [{ monthKey: '2026-12', stars: 3 }] });
  const far = facts({ userId: 'c', name: '丙', boxes: [{ quarterKey: '2026-Q4', box: 'll', boxName: '待改进' }], tenureYears: null, hiredOn: null });

  it('lists candidates with the evidence of every rule, and near misses with the rule they failed', () => {
    const r = evaluateScreen(rules, [far, nearly, star]);
    expect(r.candidates.map((c) => c.name)).toEqual(['甲']);
    expect(r.candidates[0].outcomes.map((o) => o.evidence)).toEqual(['2026-Q4 明星，2026-Q3 核心骨干', '2 条评分，平均 4.5 星', '2024-03-01 入职，司龄 2 年']);
    expect(r.nearMisses.map((c) => c.name)).toEqual(['乙']);
    expect(r.nearMisses[0].outcomes.filter((o) => !o.passed).map((o) => [o.rule, o.evidence])).toEqual([['近 2 个月跨部门协作平均 ≥ 4 星', '1 条评分，平均 3 星']]);
    expect(r.evaluated).toBe(3);
  });

  it('司龄未知 (no hire date) is neither passed nor failed: listed as pending when every other rule holds, shown in a near miss', () => {
    const unrecorded = facts({ userId: 'd', name: '丁', boxes: star.boxes, collaboration: star.collaboration, tenureYears: null, hiredOn: null });
    const alsoLowStars = facts({ userId: 'e', name: '戊', boxes: star.boxes, collaboration: nearly.collaboration, tenureYears: null, hiredOn: null });
    const r = evaluateScreen(rules, [star, unrecorded, alsoLowStars, far]);
    expect(r.candidates.map((c) => c.name)).toEqual(['甲']);
    expect(r.pending.map((c) => c.name)).toEqual(['丁']);
    expect(r.pending[0].outcomes[2]).toEqual({ rule: '司龄 ≥ 1 年', passed: false, unknown: true, evidence: '司龄未知（入职日期未登记）' });
    expect(r.pending[0].outcomes.map(outcomeMark)).toEqual(['✓', '✓', '?']);
    // 戊 fails one rule with data (stars) and has no hire date: a near miss, the tenure shown as unknown
    expect(r.nearMisses.map((c) => [c.name, c.outcomes.map(outcomeMark).join('')])).toEqual([['戊', '✓✗?']]);
    // 丙 fails the box and the stars and has no hire date: in no list
    expect([...r.candidates, ...r.pending, ...r.nearMisses].map((c) => c.name)).not.toContain('丙');
  });

  it('validates HR’s rules', () => {
    expect(validateScreenRules([])).toEqual(['至少需要一条规则']);
    expect(validateScreenRules([{ kind: 'box_in', boxes: ['xx'], quarters: 0 }, { kind: 'nope' }])).toEqual(['第 1 条规则：格子写法不对', '第 1 条规则：季度数须为正整数', '第 2 条规则：未知的规则类型']);
  });
});

describe('a screen run in the database', () => {
  let ds: DataSource;
  const NOW = new Date('2027-01-05T09:00:00+08:00');
  beforeAll(async () => {
    ds = await openTestDatabase();
    await seedTalentExample(ds, NOW);
    for (const q of ['2026-Q3', '2026-Q4']) {
      await computeTalentReview(ds, q, TZ, NOW);
      // 2026-Q3 has no signals yet and 赵磊's 85 ranks third of four: 中坚力量 by the data; HR calibrated him
      // to 核心骨干 (the screen reads the boxes after calibration)
      if (q === '2026-Q3') await moveInReview(ds, { quarterKey: q, userId: 'zhaolei', toBox: 'hm', actor: 'user:heping', reason: '三季度带教两名新员工，校准为核心骨干' }, NOW);
      await publishReview(ds, q, 'user:heping', TZ, NOW);
    }
    await ds.getRepository(Employee).update({ userId: 'zhaolei' }, { hiredOn: '2023-06-01' });
    await ds.getRepository(Employee).update({ userId: 'wuhao' }, { hiredOn: '2026-06-01' });
    await ds.getRepository(DevelopmentPlan).update({ userId: 'zhaolei', quarterKey: '2026-Q3' }, { status: 'done', completedAt: NOW });
    await ds.getRepository(CollaborationRating).insert({ userId: 'zhaolei', raterId: 'x', periodKey: '2026-12', stars: 4, note: '', createdAt: NOW });
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('finds 赵磊 by the data, keeps the whole run, and the stored run replays to the same list', async () => {
    const screen = await findScreen(ds, undefined, NOW);
    const run = await runScreen(ds, screen, 'user:heping', TZ, NOW);
    expect(run.result.candidates.map((c) => c.name)).toEqual(['赵磊']);
    const stored = await ds.getRepository(CadreScreenRun).findOneByOrFail({ id: run.id });
    expect(stored.facts).toHaveLength(6);
    expect(replayRun(stored)).toEqual(stored.result);
  });

  it('a hand change needs a written reason, is audited and shows in the final list', async () => {
    const run = (await ds.getRepository(CadreScreenRun).find({ order: { id: 'DESC' }, take: 1 }))[0];
    await expect(adjustRun(ds, { runId: run.id, userId: 'wuhao', action: 'add', reason: '', actor: 'user:heping' }, NOW)).rejects.toThrow('必须写明原因');
    await adjustRun(ds, { runId: run.id, userId: 'wuhao', action: 'add', reason: '质量部推荐，负责新检测工艺导入', actor: 'user:heping' }, NOW);
    const { userIds, adjustments } = await finalList(ds, run);
    expect(userIds.sort()).toEqual(['wuhao', 'zhaolei']);
    expect(adjustments[0]).toMatchObject({ action: 'add', reason: '质量部推荐，负责新检测工艺导入' });
    expect(await ds.getRepository(AuditEntry).countBy({ action: 'cadre_screen.add', subjectUserId: 'wuhao' })).toBe(1);
    // the run itself is untouched: replaying it still gives the data's list
    expect(replayRun(run).candidates.map((c) => c.userId)).toEqual(['zhaolei']);
  });

  it('HR’s own rules are validated and saved with an audit row', async () => {
    await expect(saveScreen(ds, '班组长储备', [{ kind: 'min_tenure', years: -1 }], 'user:heping', NOW)).rejects.toThrow('司龄须为非负数');
    await saveScreen(ds, '班组长储备', [{ kind: 'min_tenure', years: 1 }], 'user:heping', NOW);
    const run = await runScreen(ds, await findScreen(ds, '班组长储备', NOW), 'user:heping', TZ, NOW);
    expect(run.result.candidates.map((c) => c.userId)).toEqual(['zhaolei']);
  });

  it('without a hire date 赵磊 is pending (司龄未知), not dropped; the run replays the same; adding the date makes him a candidate', async () => {
    await ds.getRepository(Employee).update({ userId: 'zhaolei' }, { hiredOn: null });
    const run = await runScreen(ds, await findScreen(ds, undefined, NOW), 'user:heping', TZ, NOW);
    expect(run.result.candidates).toEqual([]);
    expect(run.result.pending.map((c) => c.name)).toEqual(['赵磊']);
    expect(run.result.pending[0].outcomes.find((o) => o.unknown)?.evidence).toBe('司龄未知（入职日期未登记）');
    const stored = await ds.getRepository(CadreScreenRun).findOneByOrFail({ id: run.id });
    expect(replayRun(stored)).toEqual(stored.result);
    await ds.getRepository(Employee).update({ userId: 'zhaolei' }, { hiredOn: '2023-06-01' });
    const again = await runScreen(ds, await findScreen(ds, undefined, NOW), 'user:heping', TZ, NOW);
    expect([again.result.candidates.map((c) => c.name), again.result.pending]).toEqual([['赵磊'], []]);
  });
});
