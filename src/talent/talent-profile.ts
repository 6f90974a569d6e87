/** A person's talent profile: the quarter's axes with their signals, the box path, plan, tags and reviews. */
import { DataSource, In } from 'typeorm';
import { formatLocal, parsePeriod } from '../domain/periods';
import { BehaviourTag, DevelopmentPlan, Employee, PlanCheckin, SupervisorReview, TalentPlacement, TalentReview } from '../entities';
import type { BoxCode, BoxDefinition } from './boxes';
import { monthsOf } from './talent-data';
import type { ReviewRow } from './talent-reviews';

export interface TalentProfile {
  userId: string;
  name: string;
  position: string;
  row: ReviewRow | null;
  boxes: BoxDefinition[];
  /** Oldest first: the final box of every review the person was in. */
  path: Array<{ quarterKey: string; box: BoxCode | null; boxName: string; status: string }>;
  plans: Array<{ plan: DevelopmentPlan; checkins: PlanCheckin[] }>;
  tags: Array<{ polarity: string; tag: string; weight: number; at: string }>;
  reviews: Array<{ periodKey: string; stars: number; comment: string }>;
}

export async function loadTalentProfile(ds: DataSource, userId: string, review: TalentReview, row: ReviewRow | null, timeZone: string): Promise<TalentProfile | null> {
  const employee = await ds.getRepository(Employee).findOneBy({ userId });
  if (!employee) return null;
  const reviews = await ds.getRepository(TalentReview).find({ order: { quarterKey: 'ASC' } });
  const placements = await ds.getRepository(TalentPlacement).find({ where: { userId, reviewId: In(reviews.map((r) => r.id)) }, select: { reviewId: true, finalBox: true } });
  const byReview = new Map(placements.map((p) => [p.reviewId, p.finalBox as BoxCode | null]));
  const path = reviews
    .filter((r) => byReview.has(r.id))
    .map((r) => {
      const box = byReview.get(r.id) ?? null;
      return { quarterKey: r.quarterKey, box, boxName: box ? r.boxes.find((b) => b.code === box)?.name ?? box : '数据不足', status: r.status === 'draft' ? '草稿' : '已发布' };
    });
  const plans = await ds.getRepository(DevelopmentPlan).find({ where: { userId }, order: { quarterKey: 'DESC' } });
  const checkins = plans.length === 0 ? [] : await ds.getRepository(PlanCheckin).find({ where: { planId: In(plans.map((p) => p.id)) }, order: { monthKey: 'ASC' } });
  const quarter = parsePeriod(review.quarterKey, timeZone);
  const tags = await ds
    .getRepository(BehaviourTag)
    .createQueryBuilder('t')
    .where('t.user_id = :userId AND t.created_at >= :start AND t.created_at < :end', { userId, start: quarter.start, end: quarter.end })
    .orderBy('t.created_at', 'DESC')
    .limit(20)
    .getMany();
  const monthKeys = monthsOf(quarter, timeZone).map((m) => m.key);
  const supervisorReviews = await ds.getRepository(SupervisorReview).find({ where: { userId, periodKey: In(monthKeys) }, order: { periodKey: 'ASC' } });
  return {
    userId,
    name: employee.name,
    position: employee.position,
    row,
    boxes: review.boxes,
    path,
    plans: plans.map((plan) => ({ plan, checkins: checkins.filter((c) => c.planId === plan.id) })),
    tags: tags.map((t) => ({ polarity: t.polarity, tag: t.tag, weight: t.weight, at: formatLocal(t.createdAt, timeZone).slice(0, 10) })),
    reviews: supervisorReviews.map((r) => ({ periodKey: r.periodKey, stars: r.stars, comment: r.comment })),
  };
}
