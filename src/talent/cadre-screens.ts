/**
 * Reserve-cadre screens (储备干部) in the database: HR's rules, runs snapshotted whole (rules, every
 * person's facts, the result) and hand adjustments with written reasons. The rules are evaluated by
 * the pure screening.ts, so a stored run can be re-evaluated and must give the same list.
 */
import { DataSource, In } from 'typeorm';
import { writeAudit } from '../audit';
import { formatLocal, periodOf, previousPeriod, type Period } from '../domain/periods';
import { CadreAdjustment, CadreScreen, CadreScreenRun, CollaborationRating, Department, DevelopmentPlan, Employee, TalentPlacement, TalentReview } from '../entities';
import { UserError } from '../wecom/errors';
import type { BoxCode } from './boxes';
import { DEFAULT_SCREEN, evaluateScreen, validateScreenRules, type ScreenFacts, type ScreenResult, type ScreenRule } from './screening';
import { loadTalentConfig } from './talent-config';
import { loadMonthlyFacts } from './talent-data';
import { MIN_REASON_CHARS } from './talent-reviews';

export async function findScreen(ds: DataSource, name: string | undefined, now: Date): Promise<CadreScreen> {
  const repo = ds.getRepository(CadreScreen);
  if (!name || name === DEFAULT_SCREEN.name) {
    const existing = await repo.findOneBy({ name: DEFAULT_SCREEN.name });
    if (existing) return existing;
    await repo.insert({ name: DEFAULT_SCREEN.name, rules: DEFAULT_SCREEN.rules, updatedBy: 'system', updatedAt: now });
    return repo.findOneByOrFail({ name: DEFAULT_SCREEN.name });
  }
  const screen = await repo.findOneBy({ name });
  if (!screen) {
    const names = (await repo.find()).map((s) => s.name);
    throw new UserError(`没有名为“${name}”的筛选规则。现有：${[...new Set([DEFAULT_SCREEN.name, ...names])].join('、')}`);
  }
  return screen;
}

export async function saveScreen(ds: DataSource, name: string, rules: ScreenRule[], actor: string, now: Date): Promise<void> {
  const errors = validateScreenRules(rules);
  if (errors.length > 0) throw new UserError(`筛选规则有误：${errors.join('；')}`);
  await ds.transaction(async (m) => {
    const before = await m.findOneBy(CadreScreen, { name });
    if (before) await m.update(CadreScreen, { id: before.id }, { rules, updatedBy: actor, updatedAt: now });
    else await m.insert(CadreScreen, { name, rules, updatedBy: actor, updatedAt: now });
    await writeAudit(m, { actor, action: 'cadre_screen.saved', entity: 'cadre_screen', entityId: name, before: before?.rules ?? null, after: rules, reason: '修改储备干部筛选规则' }, now);
  });
}

function monthsBack(now: Date, count: number, timeZone: string): Period[] {
  const out: Period[] = [];
  // the last complete month first: the current month is still running
  for (let m = previousPeriod(periodOf('month', now, timeZone), timeZone); out.length < count; m = previousPeriod(m, timeZone)) out.push(m);
  return out;
}

export async function gatherFacts(ds: DataSource, rules: readonly ScreenRule[], now: Date, timeZone: string): Promise<ScreenFacts[]> {
  const employees = await ds.getRepository(Employee).find({ where: { active: true }, order: { userId: 'ASC' } });
  const ids = employees.map((e) => e.userId);
  const departments = new Map((await ds.getRepository(Department).find()).map((d) => [d.id, d.name]));
  const windowMonths = Math.max(1, ...rules.map((r) => ('months' in r ? r.months : 0)));
  const months = monthsBack(now, windowMonths, timeZone);
  const needsFloors = rules.some((r) => r.kind === 'no_floor_breach');
  const { floorBreaches } = needsFloors ? await loadMonthlyFacts(ds, ids, [...months].reverse(), timeZone) : { floorBreaches: new Map() };
  const ratings = await ds.getRepository(CollaborationRating).find({ where: { periodKey: In(months.map((m) => m.key)) }, select: { userId: true, stars: true, periodKey: true } });
  const reviews = await ds.getRepository(TalentReview).find({ where: { status: 'published' }, order: { quarterKey: 'DESC' } });
  const placements = reviews.length === 0 ? [] : await ds.getRepository(TalentPlacement).find({ where: { reviewId: In(reviews.map((r) => r.id)) }, select: { reviewId: true, userId: true, finalBox: true } });
  const plans = await ds.getRepository(DevelopmentPlan).find({ where: { status: 'done' }, select: { userId: true } });
  const today = formatLocal(now, timeZone).slice(0, 10);
  return employees.map((e) => ({
    userId: e.userId,
    name: e.name,
    department: departments.get(e.mainDepartmentId ?? -1) ?? '',
    position: e.position,
    boxes: reviews.map((r) => {
      const p = placements.find((x) => x.reviewId === r.id && x.userId === e.userId);
      const box = (p?.finalBox ?? null) as BoxCode | null;
      return { quarterKey: r.quarterKey, box, boxName: box ? r.boxes.find((b) => b.code === box)?.name ?? box : null };
    }),
    floorBreaches: [...(floorBreaches.get(e.userId) ?? [])].reverse(),
    collaboration: ratings.filter((r) => r.userId === e.userId).map((r) => ({ monthKey: r.periodKey, stars: r.stars })),
    months: months.map((m) => m.key),
    hiredOn: e.hiredOn ?? null,
    tenureYears: e.hiredOn ? wholeYears(e.hiredOn, today) : null,
    plansCompleted: plans.filter((p) => p.userId === e.userId).length,
  }));
}

function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

export async function runScreen(ds: DataSource, screen: CadreScreen, actor: string, timeZone: string, now: Date): Promise<CadreScreenRun> {
  const facts = await gatherFacts(ds, screen.rules, now, timeZone);
  const result = evaluateScreen(screen.rules, facts, await currentBoxNames(ds));
  const quarterKey = previousPeriod(periodOf('quarter', now, timeZone), timeZone).key;
  return ds.transaction(async (m) => {
    const r = await m.insert(CadreScreenRun, { screenName: screen.name, quarterKey, rules: screen.rules, facts, result, ranBy: actor, ranAt: now });
    const id = r.identifiers[0].id as number;
    await writeAudit(m, { actor, action: 'cadre_screen.ran', entity: 'cadre_screen_run', entityId: id, after: { candidates: result.candidates.length, nearMisses: result.nearMisses.length, pending: result.pending.length }, reason: `运行筛选“${screen.name}”` }, now);
    return m.findOneByOrFail(CadreScreenRun, { id });
  });
}

async function currentBoxNames(ds: DataSource): Promise<Partial<Record<BoxCode, string>>> {
  const { boxes } = await loadTalentConfig(ds);
  return Object.fromEntries(boxes.map((b) => [b.code, b.name]));
}

/** Evaluates a stored run again from its own snapshot: the list anyone can verify. */
export function replayRun(run: CadreScreenRun): ScreenResult {
  return evaluateScreen(run.rules, run.facts, run.result.boxNames);
}

export async function adjustRun(
  ds: DataSource,
  input: { runId: number; userId: string; action: 'add' | 'remove'; reason: string; actor: string },
  now: Date,
): Promise<void> {
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON_CHARS) throw new UserError(`手工增减储备干部候选人必须写明原因（至少 ${MIN_REASON_CHARS} 个字）。`);
  const run = await ds.getRepository(CadreScreenRun).findOneBy({ id: input.runId });
  if (!run) throw new UserError('没有找到这次筛选结果。');
  const listed = run.result.candidates.some((c) => c.userId === input.userId);
  if (input.action === 'add' && listed) throw new UserError('此人已在候选名单中。');
  if (input.action === 'remove' && !listed) throw new UserError('此人不在候选名单中。');
  await ds.transaction(async (m) => {
    await m.insert(CadreAdjustment, { runId: run.id, userId: input.userId, action: input.action, reason, actor: input.actor, at: now });
    await writeAudit(m, { actor: input.actor, action: `cadre_screen.${input.action}`, entity: 'cadre_screen_run', entityId: run.id, subjectUserId: input.userId, reason }, now);
  });
}

/** The run's list after hand adjustments (each shown with its reason). */
export async function finalList(ds: DataSource, run: CadreScreenRun): Promise<{ userIds: string[]; adjustments: CadreAdjustment[] }> {
  const adjustments = await ds.getRepository(CadreAdjustment).find({ where: { runId: run.id }, order: { at: 'ASC', id: 'ASC' } });
  const ids = new Set(run.result.candidates.map((c) => c.userId));
  for (const a of adjustments) a.action === 'add' ? ids.add(a.userId) : ids.delete(a.userId);
  return { userIds: [...ids], adjustments };
}
