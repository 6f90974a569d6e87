/**
 * Loads what the outcome measures are computed from (the I/O side; src/outcomes/measures.ts is
 * the pure side). `scope` null = the whole company; a set = a manager's people (and themselves).
 */
import { DataSource, In, IsNull, MoreThan, Not } from 'typeorm';
import { parseLocal, periodOf, type Period } from '../domain/periods';
import {
  Appeal, BehaviourTag, Employee, EmployeeOrgHistory, ExceptionClaim, Goal, Suggestion, SupervisorReview, TagDraft,
} from '../entities';
import { computeCompleteness } from '../repositories/completeness';
import { HISTORY_START } from '../repositories/org-history';
import { MAX_MEASURED_MINUTES, MIN_MEASUREMENTS, type ActionKind } from './config';
import { median, type Decision, type DeliveryItem, type OutcomeData, type OutcomeSpan, type PersonSpell } from './measures';
import { loadSettings } from './settings';
import { surveyMeasures, type SurveyMeasure } from './survey-measures';

export interface LoadOptions {
  now: Date;
  tz: string;
  /** The periods the report will compute (the data loaded covers them all). */
  spans: readonly OutcomeSpan[];
  scope: ReadonlySet<string> | null;
  /** Survey measures for the spans; by default asked from the surveys module (surveyMeasures). */
  surveys?: (ds: DataSource, from: Date, to: Date) => Promise<SurveyMeasure[]>;
}

export async function loadOutcomeData(ds: DataSource, o: LoadOptions): Promise<OutcomeData> {
  const from = new Date(Math.min(...o.spans.map((s) => s.start.getTime())));
  const to = new Date(Math.max(...o.spans.map((s) => s.end.getTime())));
  const inScope = (id: string | null | undefined) => o.scope === null || (id != null && o.scope.has(id));
  const settings = await loadSettings(ds);
  const employees = await ds.getRepository(Employee).find();
  const byId = new Map(employees.map((e) => [e.userId, e]));

  // Leave instants: the recorded leave day, else when the org history saw the member go inactive.
  const leftFromHistory = new Map<string, Date>();
  const inactive = employees.filter((e) => !e.active && !e.leftOn).map((e) => e.userId);
  for (let i = 0; i < inactive.length; i += 500) {
    const rows = await ds.getRepository(EmployeeOrgHistory).find({ where: { userId: In(inactive.slice(i, i + 500)), active: false, validFrom: MoreThan(HISTORY_START) }, order: { validFrom: 'ASC' } });
    for (const r of rows) if (!leftFromHistory.has(r.userId)) leftFromHistory.set(r.userId, r.validFrom);
  }
  const people: PersonSpell[] = [];
  for (const e of employees) {
    if (!inScope(e.userId)) continue;
    const leftAt = e.leftOn ? parseLocal(e.leftOn, o.tz) : (leftFromHistory.get(e.userId) ?? null);
    if (!e.active && !leftAt) continue; // left on an unknown day: neither a leaver nor in the headcount
    people.push({ userId: e.userId, position: e.position, joinedAt: e.hiredOn ? parseLocal(e.hiredOn, o.tz) : null, leftAt });
  }

  const goals = await ds.getRepository(Goal).find({ where: { collaboratorUserIds: Not(IsNull()), doneAt: Not(IsNull()) } });
  const items: DeliveryItem[] = goals
    .filter((g) => inScope(g.ownerUserId))
    .map((g) => ({
      id: g.id,
      ownerDepartmentId: byId.get(g.ownerUserId ?? '')?.mainDepartmentId ?? null,
      collaboratorDepartmentIds: (g.collaboratorUserIds ?? []).map((id) => byId.get(id)?.mainDepartmentId ?? null),
      createdAt: g.createdAt,
      doneAt: g.doneAt ?? null,
    }));

  const range = { from, to };
  const between = (col: string) => `t.${col} >= :from AND t.${col} < :to`;
  const suggestions = (await ds.getRepository(Suggestion).createQueryBuilder('t').where(between('created_at'), range).getMany())
    .filter((s) => inScope(s.userId))
    .map((s) => ({ createdAt: s.createdAt, adopted: s.status === 'adopted' }));

  const led = new Set(employees.filter((e) => e.active).flatMap((e) => e.directLeaderIds));
  const managerIds = employees.filter((e) => e.active && led.has(e.userId) && inScope(e.userId)).map((e) => e.userId);

  const actions: Array<{ actorId: string; kind: ActionKind; at: Date }> = [];
  const tags = await ds.getRepository(BehaviourTag).createQueryBuilder('t').select(['t.authorId', 't.createdAt']).where(between('created_at'), range).getMany();
  for (const t of tags) actions.push({ actorId: t.authorId, kind: 'tag', at: t.createdAt });
  const reviews = await ds.getRepository(SupervisorReview).createQueryBuilder('t').select(['t.reviewerId', 't.createdAt']).where(between('created_at'), range).getMany();
  for (const r of reviews) actions.push({ actorId: r.reviewerId, kind: 'review', at: r.createdAt });
  const appeals = await ds.getRepository(Appeal).createQueryBuilder('t').where(`(${between('created_at')}) OR (${between('decided_at')})`, range).getMany();
  const claims = await ds.getRepository(ExceptionClaim).createQueryBuilder('t').where(`(${between('created_at')}) OR (${between('decided_at')})`, range).getMany();
  for (const a of appeals) if (a.handlerId && a.decidedAt) actions.push({ actorId: a.handlerId, kind: 'appeal_decision', at: a.decidedAt });
  for (const c of claims) if (c.approverId && c.decidedAt) actions.push({ actorId: c.approverId, kind: 'exception_decision', at: c.decidedAt });

  const decisions: Decision[] = [
    ...appeals.filter((a) => a.status !== 'draft' && inScope(a.userId)).map((a) => ({
      kind: 'appeal' as const, createdAt: a.createdAt, decidedAt: a.status === 'pending' ? null : a.decidedAt, approved: a.status === 'pending' ? null : a.status === 'accepted',
    })),
    ...claims.filter((c) => inScope(c.userId)).map((c) => ({
      kind: 'exception' as const, createdAt: c.createdAt, decidedAt: c.status === 'pending' ? null : c.decidedAt, approved: c.status === 'pending' ? null : c.status === 'approved',
    })),
  ];

  const recordingSince = await firstRecord(ds);
  const weeks = weeksOf(o.spans, o.now, o.tz, recordingSince);
  const completenessRows = weeks.length > 0 ? await computeCompleteness(ds, null, weeks, o.scope ?? undefined) : [];
  const completeness = weeks.map((w, i) => ({
    weekStart: w.start,
    covered: completenessRows.reduce((s, r) => s + (r.covered[i] ?? 0), 0),
    members: completenessRows.reduce((s, r) => s + r.members, 0),
  }));

  const surveys = await (o.surveys ?? surveyMeasures)(ds, from, to);
  const measuredMinutes = await measuredTagMinutes(ds);
  return { now: o.now, recordingSince, corePositions: settings.corePositions, people, items, suggestions, managerIds, actions, completeness, decisions, surveys, measuredMinutes };
}

/**
 * The tag's measured time: the median, over every tag card recorded, of opened → recorded (the
 * tag_drafts row's createdAt → recordedAt), cards left open over MAX_MEASURED_MINUTES excluded.
 * One figure for all periods, so periods stay comparable. Too few measurements: the estimate stays.
 */
async function measuredTagMinutes(ds: DataSource): Promise<OutcomeData['measuredMinutes']> {
  const drafts = await ds.getRepository(TagDraft).find({ where: { recordedAt: Not(IsNull()) }, select: { createdAt: true, recordedAt: true } });
  const minutes = drafts.map((d) => (d.recordedAt!.getTime() - d.createdAt.getTime()) / 60_000).filter((m) => m >= 0 && m <= MAX_MEASURED_MINUTES);
  const m = median(minutes);
  return m === null || minutes.length < MIN_MEASUREMENTS ? {} : { tag: { minutes: m, n: minutes.length } };
}

/** The first instant anything about people's work was recorded (tags, reviews, suggestions, claims, appeals). */
async function firstRecord(ds: DataSource): Promise<Date | null> {
  let first: Date | null = null;
  for (const [entity, column] of [[BehaviourTag, 'created_at'], [SupervisorReview, 'created_at'], [Suggestion, 'created_at'], [ExceptionClaim, 'created_at'], [Appeal, 'created_at']] as const) {
    const row = await ds.getRepository(entity).createQueryBuilder('t').select(`MIN(t.${column})`, 'first').getRawOne<{ first: string | Date | null }>();
    if (!row?.first) continue;
    const at = row.first instanceof Date ? row.first : new Date(`${String(row.first).replace(' ', 'T')}Z`);
    if (!first || at < first) first = at;
  }
  return first;
}

/** ISO weeks starting inside the spans, up to now, from the first recorded one: the completeness weeks. */
function weeksOf(spans: readonly OutcomeSpan[], now: Date, tz: string, since: Date | null): Period[] {
  if (!since) return [];
  const out = new Map<string, Period>();
  for (const s of spans) {
    for (let w = periodOf('week', s.start, tz); w.start < s.end && w.start < now; w = periodOf('week', w.end, tz)) {
      if (w.start >= s.start && w.start >= periodOf('week', since, tz).start) out.set(w.key, w);
    }
  }
  return [...out.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}
