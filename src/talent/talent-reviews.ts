/**
 * A quarter's talent review as stored: computed as a draft, calibrated with written reasons,
 * frozen when published (which also creates each person's development plan).
 */
import { DataSource, In } from 'typeorm';
import { writeAudit } from '../audit';
import { parsePeriod } from '../domain/periods';
import { DevelopmentPlan, Employee, TalentMove, TalentPlacement, TalentReview } from '../entities';
import { UserError } from '../wecom/errors';
import { boxRank, type BoxCode, type BoxDefinition } from './boxes';
import { planFromBox } from './plans';
import { computePlacements, performanceOf } from './placement';
import { loadTalentConfig } from './talent-config';
import { loadMonthlyFacts, loadTalentInputs, monthsOf, previousQuarterKey } from './talent-data';

export const MIN_REASON_CHARS = 4;

/** Computes (or recomputes) the quarter's draft; calibration moves already made are kept. */
export async function computeTalentReview(ds: DataSource, quarterKey: string, timeZone: string, now: Date): Promise<TalentReview> {
  const existing = await ds.getRepository(TalentReview).findOneBy({ quarterKey });
  if (existing?.status === 'published') throw new UserError(`${quarterKey} 的人才盘点已发布，结果已冻结，不能重新计算。`);
  const quarter = parsePeriod(quarterKey, timeZone);
  if (quarter.kind !== 'quarter') throw new UserError(`“${quarterKey}”不是季度，请写成 2026-Q4 这样。`);
  const { settings, boxes } = await loadTalentConfig(ds);
  const previous = await previousPerformance(ds, previousQuarterKey(quarterKey, timeZone), timeZone, settings.minMonths);
  const inputs = await loadTalentInputs(ds, quarter, timeZone, previous);
  const placements = computePlacements(inputs, settings);

  return ds.transaction(async (m) => {
    let review = existing;
    if (review) {
      await m.update(TalentReview, { id: review.id }, { settings, boxes, computedAt: now });
      await m.delete(TalentPlacement, { reviewId: review.id });
    } else {
      const r = await m.insert(TalentReview, { quarterKey, status: 'draft', settings, boxes, computedAt: now, publishedAt: null, publishedBy: null });
      review = await m.findOneByOrFail(TalentReview, { id: r.identifiers[0].id as number });
    }
    const moves = await m.find(TalentMove, { where: { reviewId: review.id }, order: { at: 'ASC', id: 'ASC' } });
    const lastMove = new Map(moves.map((mv) => [mv.userId, mv.toBox]));
    const rows = placements.map((p, i) => ({
      reviewId: review!.id,
      userId: p.userId,
      departmentId: inputs[i].departmentId,
      position: inputs[i].position,
      performance: p.performance,
      potential: p.potential,
      computedBox: p.box,
      finalBox: lastMove.get(p.userId) ?? p.box,
      detail: { input: inputs[i], placement: p },
    }));
    for (let i = 0; i < rows.length; i += 200) await m.insert(TalentPlacement, rows.slice(i, i + 200) as never);
    await writeAudit(m, { actor: 'system', action: 'talent.computed', entity: 'talent_review', entityId: quarterKey, after: { people: rows.length }, reason: '季度人才盘点计算（草稿）' }, now);
    return m.findOneByOrFail(TalentReview, { id: review!.id });
  });
}

/** Last quarter's performance per person: from its review when there is one, else from its monthly totals. */
async function previousPerformance(ds: DataSource, quarterKey: string, timeZone: string, minMonths: number): Promise<Map<string, number | null>> {
  const review = await ds.getRepository(TalentReview).findOneBy({ quarterKey });
  if (review) {
    const rows = await ds.getRepository(TalentPlacement).find({ where: { reviewId: review.id }, select: { userId: true, performance: true } });
    return new Map(rows.map((r) => [r.userId, r.performance]));
  }
  const ids = (await ds.getRepository(Employee).find({ where: { active: true }, select: { userId: true } })).map((e) => e.userId);
  const { totals } = await loadMonthlyFacts(ds, ids, monthsOf(parsePeriod(quarterKey, timeZone), timeZone), timeZone);
  return new Map(ids.map((id) => [id, performanceOf({ monthlyTotals: totals.get(id) ?? [] } as never, { minMonths })]));
}

export async function requireReview(ds: DataSource, quarterKey: string): Promise<TalentReview> {
  const review = await ds.getRepository(TalentReview).findOneBy({ quarterKey });
  if (!review) throw new UserError(`${quarterKey} 还没有人才盘点结果。季度结束后系统会自动计算，HR 也可以发送“九宫格 计算 ${quarterKey}”。`);
  return review;
}

/** A calibration move: only in a draft, only with a written reason; audited. */
export async function moveInReview(
  ds: DataSource,
  input: { quarterKey: string; userId: string; toBox: BoxCode; actor: string; reason: string },
  now: Date,
): Promise<{ from: string | null; to: BoxCode }> {
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON_CHARS) throw new UserError(`调整九宫格必须写明原因（至少 ${MIN_REASON_CHARS} 个字），例如：调整 @孙丽 潜力之星 主导3号线换线改造`);
  const review = await requireReview(ds, input.quarterKey);
  if (review.status === 'published') throw new UserError(`${input.quarterKey} 的人才盘点已发布并冻结，不能再调整。`);
  return ds.transaction(async (m) => {
    const placement = await m.findOneBy(TalentPlacement, { reviewId: review.id, userId: input.userId });
    if (!placement) throw new UserError('此人不在本季度的人才盘点名单中。');
    if (placement.finalBox === input.toBox) throw new UserError('此人已经在这个格子里了。');
    await m.insert(TalentMove, { reviewId: review.id, userId: input.userId, fromBox: placement.finalBox, toBox: input.toBox, actor: input.actor, reason, at: now });
    await m.update(TalentPlacement, { id: placement.id }, { finalBox: input.toBox });
    await writeAudit(
      m,
      { actor: input.actor, action: 'talent.moved', entity: 'talent_placement', entityId: `${input.quarterKey}:${input.userId}`, subjectUserId: input.userId, before: { box: placement.finalBox }, after: { box: input.toBox }, reason },
      now,
    );
    return { from: placement.finalBox, to: input.toBox };
  });
}

/** Freezes the quarter and gives every placed person a development plan from their box. */
export async function publishReview(ds: DataSource, quarterKey: string, actor: string, timeZone: string, now: Date): Promise<{ plans: number }> {
  const review = await requireReview(ds, quarterKey);
  if (review.status === 'published') throw new UserError(`${quarterKey} 的人才盘点已经发布过了。`);
  return ds.transaction(async (m) => {
    const changed = await m.update(TalentReview, { id: review.id, status: 'draft' }, { status: 'published', publishedAt: now, publishedBy: actor });
    if (!changed.affected) throw new UserError(`${quarterKey} 的人才盘点已经发布过了。`);
    const placements = await m.find(TalentPlacement, { where: { reviewId: review.id } });
    const leaders = new Map((await m.find(Employee, { where: { userId: In(placements.map((p) => p.userId)) }, select: { userId: true, directLeaderIds: true } })).map((e) => [e.userId, e.directLeaderIds[0] ?? null]));
    const boxes = new Map(review.boxes.map((b) => [b.code, b]));
    let plans = 0;
    for (const p of placements) {
      if (!p.finalBox) continue;
      const plan = planFromBox(boxes.get(p.finalBox as BoxCode)!, quarterKey, timeZone);
      const exists = await m.findOneBy(DevelopmentPlan, { userId: p.userId, quarterKey });
      if (exists) continue;
      await m.insert(DevelopmentPlan, { userId: p.userId, quarterKey, box: p.finalBox, goal: plan.goal, actions: plan.actions, ownerUserId: leaders.get(p.userId) ?? null, status: 'open', dueAt: plan.dueAt, createdAt: now, completedAt: null });
      plans++;
    }
    await writeAudit(m, { actor, action: 'talent.published', entity: 'talent_review', entityId: quarterKey, after: { plans }, reason: '发布季度人才盘点，结果冻结' }, now);
    return { plans };
  });
}

export interface ReviewRow {
  userId: string;
  name: string;
  departmentId: number | null;
  position: string;
  performance: number | null;
  potential: number;
  computedBox: BoxCode | null;
  finalBox: BoxCode | null;
  moves: TalentMove[];
  placement: TalentPlacement;
}

/** The review's rows, optionally only for `userIds` (a manager's reports). */
export async function reviewRows(ds: DataSource, review: TalentReview, userIds?: string[]): Promise<ReviewRow[]> {
  const where = userIds ? { reviewId: review.id, userId: In(userIds) } : { reviewId: review.id };
  const placements = await ds.getRepository(TalentPlacement).find({ where });
  const names = new Map((await ds.getRepository(Employee).find({ where: { userId: In(placements.map((p) => p.userId)) }, select: { userId: true, name: true } })).map((e) => [e.userId, e.name]));
  const moves = await ds.getRepository(TalentMove).find({ where: { reviewId: review.id }, order: { at: 'ASC', id: 'ASC' } });
  return placements
    .map((p) => ({
      userId: p.userId,
      name: names.get(p.userId) ?? p.userId,
      departmentId: p.departmentId,
      position: p.position,
      performance: p.performance,
      potential: p.potential,
      computedBox: p.computedBox as BoxCode | null,
      finalBox: p.finalBox as BoxCode | null,
      moves: moves.filter((m) => m.userId === p.userId),
      placement: p,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh') || a.userId.localeCompare(b.userId));
}

export interface Movement {
  up: Array<{ userId: string; name: string; from: BoxCode; to: BoxCode }>;
  down: Array<{ userId: string; name: string; from: BoxCode; to: BoxCode }>;
}

/** Who moved up or down since the previous quarter's review (by final boxes). */
export async function movementSincePrevious(ds: DataSource, review: TalentReview, rows: ReviewRow[], timeZone: string): Promise<Movement> {
  const prev = await ds.getRepository(TalentReview).findOneBy({ quarterKey: previousQuarterKey(review.quarterKey, timeZone) });
  const out: Movement = { up: [], down: [] };
  if (!prev) return out;
  const before = new Map((await ds.getRepository(TalentPlacement).find({ where: { reviewId: prev.id }, select: { userId: true, finalBox: true } })).map((p) => [p.userId, p.finalBox as BoxCode | null]));
  for (const r of rows) {
    const from = before.get(r.userId);
    if (!from || !r.finalBox || from === r.finalBox) continue;
    const entry = { userId: r.userId, name: r.name, from, to: r.finalBox };
    if (boxRank(r.finalBox) > boxRank(from)) out.up.push(entry);
    else if (boxRank(r.finalBox) < boxRank(from)) out.down.push(entry);
  }
  return out;
}

export function countByBox(rows: ReviewRow[], boxes: readonly BoxDefinition[]): Array<{ box: BoxDefinition; count: number }> {
  return boxes.map((b) => ({ box: b, count: rows.filter((r) => r.finalBox === b.code).length }));
}
