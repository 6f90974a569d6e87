/**
 * The scoring loads read per user in two ways (src/repositories/user-scope.ts): IN lists for a
 * department's worth of people, or one read of everyone's rows for most of the company. Both must
 * give the same scorecards, with every kind of per-person data present: records (sum, max, last
 * inputs, a target changed mid-week), a review, collaboration ratings, a key result, an approved
 * exception, 行为分 tags and an appeal's line adjustment.
 *
 * 2026-W48 is Mon 23 – Sun 29 Nov (Asia/Shanghai). 装配车间 (id 2): liwei, wangfang; 仓储部 (id 3):
 * zhaoqiang, sunmei, zhoujie, wujing. Scoring 装配车间 alone (2 of 6 people) takes the IN lists;
 * scoring everyone takes the single read. liwei's cards must agree, and so must his records:
 * work orders 5 + 7 = 12 (one 7 is dated Wed, after his target changed: the line splits),
 * cycle time max(42, 55) = 55, temperature last = 21 (the later of two).
 */
import type { DataSource } from 'typeorm';
import {
  BehaviourTag, CollaborationRating, Department, Employee, ExceptionClaim, Goal, MetricAssignment, MetricDefinition, MetricRecord, ScoreOverride, SupervisorReview,
} from '../../src/entities';
import { parsePeriod } from '../../src/domain/periods';
import { seedKpiLibrary } from '../../src/repositories/metric-library';
import { computeScorecards } from '../../src/repositories/scorecards';
import { userScope } from '../../src/repositories/user-scope';
import { openTestDatabase } from '../helpers/db';

const TZ = 'Asia/Shanghai';
const at = (local: string) => new Date(`${local}+08:00`);
const NOW = at('2026-11-30T09:00:00');
const W48 = parsePeriod('2026-W48', TZ);

const PEOPLE: Array<[string, string, number, string]> = [
  ['liwei', '李伟', 2, '装配工'],
  ['wangfang', '王芳', 2, '装配工'],
  ['zhaoqiang', '赵强', 3, '仓管员'],
  ['sunmei', '孙梅', 3, '仓管员'],
  ['zhoujie', '周杰', 3, '仓管员'],
  ['wujing', '吴静', 3, '仓管员'],
];

async function seed(ds: DataSource): Promise<void> {
  await seedKpiLibrary(ds, NOW);
  await ds.getRepository(Department).insert([
    { id: 1, name: '公司', parentId: null, sortOrder: 0, leaderUserIds: [], active: true, syncedAt: NOW },
    { id: 2, name: '装配车间', parentId: 1, sortOrder: 1, leaderUserIds: [], active: true, syncedAt: NOW },
    { id: 3, name: '仓储部', parentId: 1, sortOrder: 2, leaderUserIds: [], active: true, syncedAt: NOW },
  ]);
  await ds.getRepository(Employee).insert(
    PEOPLE.map(([userId, name, dept, position]) => ({
      userId, name, mainDepartmentId: dept, departmentIds: [dept], leadsDepartmentIds: [], directLeaderIds: [], position, status: 1, active: true, source: 'import' as const, syncedAt: NOW,
    })),
  );
  const custom = (code: string, name: string, input: string, aggregate: 'max' | 'last', direction: 'higher_better' | 'lower_better') => ({
    code, name, department: '生产', unit: '', direction, formula: input, inputs: [{ name: input, label: name, unit: '', aggregate }],
    sourceSystem: 'MES', sourceNote: '测试', suggestedTarget: null, targetKind: 'level' as const, description: '', builtin: false, active: true, updatedAt: NOW,
  });
  await ds.getRepository(MetricDefinition).insert([
    custom('cycle_time_max', '最长节拍', 'cycle_seconds', 'max', 'lower_better'),
    custom('room_temperature', '车间温度', 'temperature', 'last', 'lower_better'),
  ]);
  const nov1 = at('2026-11-01T00:00:00');
  const wed = at('2026-11-25T00:00:00');
  const row = (userId: string, metricCode: string, target: number, weight: number, extra: Partial<MetricAssignment> = {}) =>
    ({ userId, metricCode, periodKey: '', target, weight, floor: false, startsAt: nov1, endsAt: null, updatedAt: nov1, ...extra });
  const assignments: Array<Partial<MetricAssignment>> = [];
  for (const [userId, , dept] of PEOPLE) {
    if (dept === 2) {
      assignments.push(
        row(userId, 'work_orders_completed', 42, 50, userId === 'liwei' ? { endsAt: wed } : {}),
        row(userId, 'cycle_time_max', 60, 25),
        row(userId, 'room_temperature', 26, 25),
      );
      if (userId === 'liwei') assignments.push(row(userId, 'work_orders_completed', 63, 50, { startsAt: wed }));
    } else {
      assignments.push(row(userId, 'outbound_orders_completed', 300, 100));
    }
  }
  await ds.getRepository(MetricAssignment).insert(assignments);
  let n = 0;
  const rec = (userId: string, input: string, value: number, local: string) =>
    ({ userId, input, value, occurredAt: at(local), source: 'MES', externalId: `RP-${++n}`, ref: '', createdAt: NOW });
  await ds.getRepository(MetricRecord).insert([
    rec('liwei', 'completed', 5, '2026-11-23T10:00:00'),
    rec('liwei', 'completed', 7, '2026-11-25T10:00:00'),
    rec('liwei', 'cycle_seconds', 42, '2026-11-23T11:00:00'),
    rec('liwei', 'cycle_seconds', 55, '2026-11-24T11:00:00'),
    rec('liwei', 'temperature', 24, '2026-11-24T08:00:00'),
    rec('liwei', 'temperature', 21, '2026-11-26T08:00:00'),
    rec('liwei', 'completed', 9, '2026-11-30T10:00:00'), // next week: not read
    rec('wangfang', 'completed', 8, '2026-11-24T09:00:00'),
    rec('wangfang', 'cycle_seconds', 48, '2026-11-24T09:30:00'),
    rec('wangfang', 'temperature', 25, '2026-11-27T08:00:00'),
    ...PEOPLE.filter(([, , dept]) => dept === 3).map(([userId], i) => rec(userId, 'outbound_orders', 40 + 10 * i, '2026-11-26T15:00:00')),
  ]);
  await ds.getRepository(SupervisorReview).insert({ userId: 'liwei', reviewerId: 'boss', periodKey: '2026-11', stars: 4, comment: '', createdAt: NOW, updatedAt: NOW });
  await ds.getRepository(CollaborationRating).insert([
    { userId: 'liwei', raterId: 'wangfang', periodKey: '2026-11', stars: 5, note: '', createdAt: NOW },
    { userId: 'liwei', raterId: 'zhaoqiang', periodKey: '2026-11', stars: 3, note: '', createdAt: NOW },
    { userId: 'sunmei', raterId: 'wujing', periodKey: '2026-11', stars: 4, note: '', createdAt: NOW },
  ]);
  await ds.getRepository(Goal).insert({ level: 'key_result', title: '换线时间降到 20 分钟', ownerUserId: 'liwei', parentId: null, periodKey: '2026-11', weight: 20, progress: 60, createdAt: NOW, updatedAt: NOW });
  await ds.getRepository(ExceptionClaim).insert({
    userId: 'wangfang', kind: 'equipment', metricCodes: ['work_orders_completed'], startAt: at('2026-11-26T00:00:00'), endAt: at('2026-11-28T00:00:00'),
    note: '设备检修', evidence: [], status: 'approved', approverId: 'boss', decidedAt: NOW, createdAt: NOW,
  });
  await ds.getRepository(BehaviourTag).insert([
    { userId: 'liwei', authorId: 'boss', polarity: 'praise', tag: '主动补位', weight: 3, note: '', createdAt: at('2026-11-24T12:00:00') },
    { userId: 'wangfang', authorId: 'boss', polarity: 'remind', tag: '未按规定佩戴护具', weight: -3, note: '', createdAt: at('2026-11-25T12:00:00') },
  ]);
  await ds.getRepository(ScoreOverride).insert({ userId: 'wangfang', periodKey: W48.key, metricCode: 'cycle_time_max', score: 90, reason: '节拍仪故障', appealId: null, actorId: 'boss', createdAt: NOW });
}

describe('scoring loads: IN lists and one read of everyone give the same scorecards', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
    await seed(ds);
  });
  afterAll(async () => {
    await ds.destroy();
  });

  it('takes the single read for most of the company and IN lists for one department', async () => {
    expect((await userScope(ds, PEOPLE.map(([id]) => id))).everyone).toBe(true);
    expect((await userScope(ds, ['liwei', 'wangfang'])).everyone).toBe(false);
  });

  it('scores 装配车间 the same either way, from the records, review, ratings, key result, exception, tags and adjustment', async () => {
    const department = await computeScorecards(ds, ['liwei', 'wangfang'], W48, TZ, NOW);
    const company = await computeScorecards(ds, PEOPLE.map(([id]) => id), W48, TZ, NOW);
    expect(company.size).toBe(6);
    for (const id of ['liwei', 'wangfang']) expect(department.get(id)).toEqual(company.get(id));

    const liwei = company.get('liwei')!;
    const inputsOf = (code: string) => liwei.lines.filter((l) => l.kind === 'metric' && l.code === code).map((l) => l.inputs);
    // The target changed on Wednesday: two lines, Wed–Sun (7 orders) and Mon–Tue (5 orders).
    expect(inputsOf('work_orders_completed')).toEqual([{ completed: 7 }, { completed: 5 }]);
    expect(inputsOf('cycle_time_max')).toEqual([{ cycle_seconds: 55 }]);
    expect(inputsOf('room_temperature')).toEqual([{ temperature: 21 }]);
    expect(liwei.lines.some((l) => l.kind === 'key_result')).toBe(true);
    expect(liwei.components.review.score).not.toBeNull();
    expect(liwei.components.collaboration.score).not.toBeNull();
    expect(liwei.behaviour?.score).not.toBe(company.get('wangfang')!.behaviour?.score);

    const wangfang = company.get('wangfang')!;
    const cycle = wangfang.lines.find((l) => l.kind === 'metric' && l.code === 'cycle_time_max')!;
    expect(cycle.score).toBe(90);
    expect(cycle.reason).toContain('节拍仪故障');
    expect(JSON.stringify(wangfang)).toContain('设备检修');
  });
});
