/**
 * docs/talent.md's worked example as database rows: 生产部's five people with a yield line that
 * scores exactly the monthly totals of the example (good = total, scrap = 100 − total, target 100 %),
 * department weights 100/0/0 so ratings do not move the totals, and the quarter's signals.
 */
import type { DataSource } from 'typeorm';
import {
  BehaviourTag, CollaborationRating, Department, DepartmentWeights, Employee, GrowthRecord, MetricAssignment, MetricRecord, Suggestion,
} from '../../src/entities';
import { seedKpiLibrary } from '../../src/repositories/metric-library';

export const TZ = 'Asia/Shanghai';
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);

interface Person { userId: string; name: string; q4: Array<number | null>; q3: Array<number | null>; tags: number[]; hours: number; certs: number; skills: number; stars: number[]; suggestions: number }

export const PEOPLE: Person[] = [
  { userId: 'zhaolei', name: '赵磊', q4: [90, 88, 92], q3: [85, 85, 85], tags: [3, 3, 3], hours: 6, certs: 1, skills: 0, stars: [5, 4], suggestions: 1 },
  { userId: 'sunli', name: '孙丽', q4: [72, 75, null], q3: [null, null, null], tags: [3], hours: 12, certs: 0, skills: 0, stars: [], suggestions: 2 },
  { userId: 'zhouqiang', name: '周强', q4: [65, 60, 68], q3: [58, 58, 58], tags: [3, 3], hours: 16, certs: 0, skills: 1, stars: [4], suggestions: 0 },
  { userId: 'wuhao', name: '吴昊', q4: [86, 85, 87], q3: [88, 88, 88], tags: [-3], hours: 0, certs: 0, skills: 0, stars: [3], suggestions: 0 },
  { userId: 'zhengwei', name: '郑伟', q4: [80, null, null], q3: [null, 80, 80], tags: [], hours: 4, certs: 0, skills: 0, stars: [], suggestions: 0 },
];

export async function seedTalentExample(ds: DataSource, now: Date): Promise<void> {
  await seedKpiLibrary(ds, now);
  await ds.getRepository(Department).insert([
    { id: 1, name: '总公司', parentId: null, sortOrder: 0, leaderUserIds: ['boss'], active: true, syncedAt: now },
    { id: 2, name: '生产部', parentId: 1, sortOrder: 1, leaderUserIds: ['wangqiang'], active: true, syncedAt: now },
  ]);
  const employee = (userId: string, name: string, position: string, leaders: string[], leads: number[] = [], dept = 2) => ({
    userId, name, mainDepartmentId: dept, departmentIds: [dept], leadsDepartmentIds: leads, directLeaderIds: leaders, position, status: 1, active: true, source: 'wecom' as const, syncedAt: now,
  });
  await ds.getRepository(Employee).insert([
    // 王强 leads 生产部 from 总公司, so 生产部's comparison group is the example's five people
    employee('wangqiang', '王强', '生产经理', ['boss'], [2], 1),
    ...PEOPLE.map((p) => employee(p.userId, p.name, '操作工', ['wangqiang'])),
  ]);
  await ds.getRepository(DepartmentWeights).insert({ departmentId: 2, automatic: 100, review: 0, collaboration: 0, updatedAt: now });
  await ds.getRepository(MetricAssignment).insert(
    PEOPLE.map((p) => ({ userId: p.userId, metricCode: 'yield_rate', periodKey: '', target: 100, weight: 100, floor: false, updatedAt: now })),
  );
  const months = ['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'];
  const records: Array<Partial<MetricRecord>> = [];
  for (const p of PEOPLE) {
    [...p.q3, ...p.q4].forEach((total, i) => {
      if (total === null) return;
      const day = `${months[i]}-15`;
      records.push(
        { userId: p.userId, input: 'good', value: total, occurredAt: at(day), source: 'MES', externalId: `${p.userId}-${day}-g`, ref: '', createdAt: now },
        { userId: p.userId, input: 'scrap', value: 100 - total, occurredAt: at(day), source: 'MES', externalId: `${p.userId}-${day}-s`, ref: '', createdAt: now },
      );
    });
  }
  await ds.getRepository(MetricRecord).insert(records as never);
  for (const p of PEOPLE) {
    for (const w of p.tags) {
      await ds.getRepository(BehaviourTag).insert({ userId: p.userId, authorId: 'wangqiang', polarity: w > 0 ? 'praise' : 'remind', tag: w > 0 ? '主动支援' : '安全规范提醒', weight: w, note: '', createdAt: at('2026-11-05') });
    }
    const growth = [
      ...(p.hours > 0 ? [{ kind: 'training_hours' as const, value: p.hours, title: '精益生产培训' }] : []),
      ...Array.from({ length: p.certs }, () => ({ kind: 'certification' as const, value: 1, title: '叉车操作证' })),
      ...Array.from({ length: p.skills }, () => ({ kind: 'skill' as const, value: 1, title: '数控车床编程' })),
    ];
    growth.forEach((g, i) =>
      ds.getRepository(GrowthRecord).insert({ ...g, userId: p.userId, occurredAt: at('2026-11-20'), source: 'LMS', externalId: `${p.userId}-${i}`, createdAt: now }),
    );
    p.stars.forEach((stars, i) =>
      ds.getRepository(CollaborationRating).insert({ userId: p.userId, raterId: `rater${i}`, periodKey: '2026-11', stars, note: '', createdAt: now }),
    );
    for (let i = 0; i < p.suggestions; i++) await ds.getRepository(Suggestion).insert({ userId: p.userId, content: '改进建议', status: 'open', createdAt: at('2026-12-01') });
  }
}
