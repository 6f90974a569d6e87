/**
 * 待办: what waits on a member. Managers: reports without this month's review, and pending appeals
 * and exception claims of their reports (the direct leader decides them). HR, when appeals go to HR
 * too (PERFBOT_APPEALS_TO_HR), sees every pending appeal and claim.
 */
import { DataSource, In } from 'typeorm';
import { Appeal, Employee, ExceptionClaim } from '../entities';
import { findReports } from '../jobs/org-sync';
import { reportsWithoutReview } from './reviews';

export interface TodoItems {
  reviews: Array<{ userId: string; name: string }>;
  appeals: Array<{ id: number; userId: string; name: string; periodKey: string; reason: string; createdAt: Date }>;
  claims: Array<{ id: number; userId: string; name: string; kind: string; startAt: Date; endAt: Date; createdAt: Date }>;
}

export async function loadTodo(ds: DataSource, userId: string, opts: { isHr: boolean; appealsToHr: boolean; monthKey: string }): Promise<TodoItems> {
  const reviews = (await reportsWithoutReview(ds, userId, opts.monthKey)).map((e) => ({ userId: e.userId, name: e.name }));
  const everyone = opts.isHr && opts.appealsToHr;
  const reportIds = everyone ? [] : (await findReports(ds, userId)).map((e) => e.userId);
  const scope = everyone ? {} : { userId: In(reportIds) };
  const [appeals, claims] =
    everyone || reportIds.length > 0
      ? await Promise.all([
          ds.getRepository(Appeal).find({ where: { status: 'pending', ...scope }, order: { createdAt: 'ASC', id: 'ASC' } }),
          ds.getRepository(ExceptionClaim).find({ where: { status: 'pending', ...scope }, order: { createdAt: 'ASC', id: 'ASC' } }),
        ])
      : [[], []];
  const ids = [...new Set([...appeals, ...claims].map((r) => r.userId))];
  const names = new Map(
    ids.length === 0 ? [] : (await ds.getRepository(Employee).find({ where: { userId: In(ids) }, select: { userId: true, name: true } })).map((e) => [e.userId, e.name]),
  );
  const nameOf = (id: string) => names.get(id) ?? id;
  return {
    reviews,
    appeals: appeals.map((a) => ({ id: a.id, userId: a.userId, name: nameOf(a.userId), periodKey: a.periodKey, reason: a.reason, createdAt: a.createdAt })),
    claims: claims.map((c) => ({ id: c.id, userId: c.userId, name: nameOf(c.userId), kind: c.kind, startAt: c.startAt, endAt: c.endAt, createdAt: c.createdAt })),
  };
}
