/**
 * The demo factory's history for the outcome report (效果验证): when its leavers left (the core
 * positions' leavers in the first history quarter, the others five weeks ago), HR's core positions
 * and the first quarter as the baseline, cross-department key results whose cycle shortens after
 * the baseline, and suggestions that grow (some adopted). Deterministic for the seed.
 */
import type { DataSource } from 'typeorm';
import { formatLocal, periodOf } from '../domain/periods';
import { Employee, Goal, Suggestion } from '../entities';
import { setBaseline, setCorePositions } from '../outcomes/settings';
import { insertChunked } from './demo-activity';

type Rand = () => number;
const DAY_MS = 86_400_000;
export const DEMO_CORE_POSITIONS = ['研发工程师', '工艺工程师', '质检员'] as const;
const ACTOR = 'system:sandbox';

/** When a demo leaver left: core positions early in the first history quarter, everyone else five weeks ago. */
export function demoLeaveDay(e: Pick<Employee, 'position'>, now: Date, since: Date): Date {
  return (DEMO_CORE_POSITIONS as readonly string[]).includes(e.position) ? new Date(since.getTime() + 40 * DAY_MS) : new Date(now.getTime() - 35 * DAY_MS);
}

const KR_TITLES = ['新品试产问题闭环', '来料检验标准统一', '换线时间缩短', '库位调整配合生产节拍', '客户投诉 8D 报告', '首件检验流程优化', '模具保养计划对齐', '出库单提前推送'];
const MORE_SUGGESTIONS = ['建议质检报告增加照片', '建议换线清单做成二维码', '夜班交接增加 5 分钟碰头', '建议仓库按班组备料', '工装夹具定置管理', '建议新员工带教满两周再独立上岗'];

export interface DemoOutcomeInput {
  employees: Employee[];
  leftAt: Map<string, Date>;
  now: Date;
  since: Date;
  timeZone: string;
  rnd: Rand;
}

export async function seedDemoOutcomes(ds: DataSource, input: DemoOutcomeInput): Promise<{ keyResults: number; suggestions: number }> {
  const { employees, leftAt, now, since, timeZone: tz, rnd } = input;
  for (const [userId, at] of leftAt) await ds.getRepository(Employee).update({ userId }, { leftOn: formatLocal(at, tz).slice(0, 10) });
  await setCorePositions(ds, DEMO_CORE_POSITIONS.join('、'), ACTOR, now);
  const baseline = periodOf('quarter', since, tz);
  const current = periodOf('quarter', now, tz);
  if (baseline.key !== current.key) await setBaseline(ds, baseline.key, tz, ACTOR, now);

  const active = employees.filter((e) => e.active && e.mainDepartmentId !== null);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const owners = active.filter((e) => e.leadsDepartmentIds.length > 0 || /工程师|组长|班组长|主管/.test(e.position));
  const krs: Partial<Goal>[] = [];
  if (owners.length > 0) {
    for (let month = periodOf('month', since, tz); month.start < now; month = periodOf('month', month.end, tz)) {
      for (let k = 0; k < 6; k++) {
        const owner = pick(owners);
        const others = active.filter((e) => e.mainDepartmentId !== owner.mainDepartmentId);
        if (others.length === 0) continue;
        const createdAt = new Date(month.start.getTime() + Math.floor(rnd() * 25) * DAY_MS + 9 * 3_600_000);
        if (createdAt >= now) continue;
        // Before the reform quarter ends, a cross-department item takes about two weeks; after, about one.
        const days = createdAt < current.start ? 11 + rnd() * 6 : 6 + rnd() * 4;
        const done = new Date(createdAt.getTime() + Math.round(days * 24) * 3_600_000);
        const doneAt = done < now ? done : null;
        krs.push({
          level: 'key_result', title: pick(KR_TITLES), ownerUserId: owner.userId, parentId: null, periodKey: month.key, weight: 0,
          progress: doneAt ? 100 : 60, collaboratorUserIds: [pick(others).userId], createdAt, updatedAt: doneAt ?? createdAt, doneAt,
        });
      }
    }
  }
  await insertChunked(ds, Goal, krs);

  // More suggestions since the quarter began, a third adopted: the habit the reform is meant to grow.
  const from = current.start > since ? current.start : since;
  const suggestions: Partial<Suggestion>[] = active.length === 0 ? [] : Array.from({ length: 25 }, (_, i) => ({
    userId: pick(active).userId,
    content: pick(MORE_SUGGESTIONS),
    status: i % 3 === 0 ? 'adopted' : 'open',
    createdAt: new Date(from.getTime() + rnd() * (now.getTime() - from.getTime())),
  }));
  await insertChunked(ds, Suggestion, suggestions);
  return { keyResults: krs.length, suggestions: suggestions.length };
}
