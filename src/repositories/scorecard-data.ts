/**
 * Loads what the scoring engine needs for a set of employees and one period, in a handful of
 * batched queries (so a whole company's week costs the same few round trips as one person). The
 * period is scored as it was: each member's placement at its end (期末) from the org history, and
 * the assignments in force in it, each for the part of the period it covers.
 */
import { Brackets, DataSource, In, Raw } from 'typeorm';
import { placementsAt, type PeriodPlacement } from './org-history';
import { loadPartialSummaries, partialKey } from './partial-summaries';
import { assignmentCoverage, coversWhole, inWindows, orgMomentOf, type AssignmentCoverage, type Window } from '../domain/effective-dating';
import { periodTarget, periodTargetFactor, scalesWithPeriod } from '../domain/period-targets';
import { periodOf, type Period } from '../domain/periods';
import type { WorkCalendar } from '../domain/work-calendar';
import { scoringMonthKeysOf, type ExceptionInput, type InputSummary, type LineInput, type ScorecardInput } from '../domain/scoring';
import {
  CollaborationRating, Employee, ExceptionClaim, Goal, MetricAssignment, MetricDefinition, MetricRecord, SupervisorReview,
} from '../entities';
import { loadWeightsInForce } from './department-weights';
import { loadWorkCalendars } from './work-calendar';
import { rawColumns, readForScope, userScope, type UserScope } from './user-scope';

const CHUNK = 500;

/** The month keys a period draws reviews, ratings and key results from (a week: its Thursday's month; docs/scoring.md §8). */
export function monthKeysOf(period: Period, timeZone: string): string[] {
  return scoringMonthKeysOf(period, timeZone);
}

/** Count targets are set per month; the period gets its working days' share (src/domain/period-targets.ts). */
export function scaleCountTarget(monthlyTarget: number, period: Period, timeZone: string, calendar?: WorkCalendar): number {
  return monthlyTarget * periodTargetFactor(period, timeZone, calendar);
}

/** Which aggregates beyond count and sum the metric definitions read (so the SQL computes only those). */
interface SummaryReads {
  min: boolean;
  max: boolean;
  /** Inputs some metric reads as 'last': their latest value is read row by row. */
  lastInputs: string[];
}

function summaryReadsOf(definitions: MetricDefinition[]): SummaryReads {
  const specs = definitions.flatMap((d) => d.inputs);
  return {
    min: specs.some((i) => i.aggregate === 'min'),
    max: specs.some((i) => i.aggregate === 'max'),
    lastInputs: [...new Set(specs.filter((i) => i.aggregate === 'last').map((i) => i.name))],
  };
}

/**
 * Per user and input: count, sum (min and max when some metric reads them) in SQL, and the latest
 * value for inputs some metric reads as 'last'. For most of the company, one grouped read of the
 * window (the records every correct scoring must read), kept to the scope's people.
 */
/** Records are read by ranges of the (user_id, occurred_at, …) index, 2,000 people a query. */
const RECORDS_BY_USER = { byUser: true, chunk: 2000 };

async function loadSummaries(ds: DataSource, scope: UserScope, period: Window, reads: SummaryReads): Promise<Map<string, Record<string, InputSummary>>> {
  const { lastInputs } = reads;
  const out = new Map<string, Record<string, InputSummary>>();
  const grouped = await readForScope(
    scope,
    (ids) => {
      const q = ds
        .getRepository(MetricRecord)
        .createQueryBuilder('r')
        .select('r.user_id', 'userId')
        .addSelect('r.input', 'input')
        .addSelect('COUNT(*)', 'n')
        .addSelect('SUM(r.value)', 'total')
        .addSelect(reads.min ? 'MIN(r.value)' : 'NULL', 'low')
        .addSelect(reads.max ? 'MAX(r.value)' : 'NULL', 'high')
        .where('r.occurred_at >= :start AND r.occurred_at < :end', { start: period.start, end: period.end });
      if (ids) q.andWhere('r.user_id IN (:...ids)', { ids });
      return q
        .groupBy('r.user_id')
        .addGroupBy('r.input')
        .getRawMany<{ userId: string; input: string; n: string | number; total: string | number; low: string | number; high: string | number }>();
    },
    (g) => g.userId,
    RECORDS_BY_USER,
  );
  for (const g of grouped) {
    let mine = out.get(g.userId);
    if (!mine) out.set(g.userId, (mine = {}));
    // A minimum or maximum no metric reads is not asked of the database (NaN: not read).
    mine[g.input] = { count: Number(g.n), sum: Number(g.total), min: reads.min ? Number(g.low) : NaN, max: reads.max ? Number(g.high) : NaN, last: null };
  }

  if (lastInputs.length > 0) {
    const rows = await readForScope(
      scope,
      (ids) => {
        const q = ds
          .getRepository(MetricRecord)
          .createQueryBuilder('r')
          .where('r.input IN (:...lastInputs)', { lastInputs })
          .andWhere('r.occurred_at >= :start AND r.occurred_at < :end', { start: period.start, end: period.end })
          .orderBy('r.occurred_at', 'ASC')
          .addOrderBy('r.id', 'ASC');
        if (ids) q.andWhere('r.user_id IN (:...ids)', { ids });
        return rawColumns(ds, MetricRecord, q, ['userId', 'input', 'value']);
      },
      (r) => r.userId,
      RECORDS_BY_USER,
    );
    for (const r of rows) {
      const s = out.get(r.userId)?.[r.input];
      if (s) s.last = r.value;
    }
  }
  return out;
}

/** What scoring reads of an employee (the rest of the row is the org's business). */
export type ScoringEmployee = Pick<Employee, 'userId' | 'name' | 'mainDepartmentId' | 'position' | 'active'>;

export interface ScoringBundle {
  employees: ScoringEmployee[];
  /** Where each employee stood at the period's end: department, position, active then. */
  placements: Map<string, PeriodPlacement>;
  inputs: Map<string, ScorecardInput>;
  /** The people loaded, for the other per-person loads of the same pass. */
  scope: UserScope;
}

/** A metric definition as every line of it needs it, built once per load rather than once per line. */
interface DefinitionPlan {
  def: MetricDefinition;
  names: Set<string>;
  sourceNote: string;
}

export async function loadScoringInputs(ds: DataSource, userIds: string[], period: Period, timeZone: string): Promise<ScoringBundle> {
  const asked = await userScope(ds, userIds);
  const employees = await readForScope(
    asked,
    (ids) => {
      const q = ds.getRepository(Employee).createQueryBuilder('e');
      if (ids) q.where('e.user_id IN (:...ids)', { ids });
      return rawColumns(ds, Employee, q.orderBy('e.user_id', 'ASC'), ['userId', 'name', 'mainDepartmentId', 'position', 'active']);
    },
    (e) => e.userId,
  );
  const scope: UserScope = employees.length === asked.ids.length ? asked : await userScope(ds, employees.map((e) => e.userId));
  const months = monthKeysOf(period, timeZone);
  const definitionRows = await ds.getRepository(MetricDefinition).find();
  const plans = new Map<string, DefinitionPlan>(
    definitionRows.map((d) => [d.code, { def: d, names: new Set(d.inputs.map((i) => i.name)), sourceNote: `${d.sourceSystem}：${d.sourceNote}` }]),
  );
  const placements = await placementsAt(ds, employees, orgMomentOf(period));
  const assignments = await readForScope(
    scope,
    (ids) => {
      const q = ds
        .getRepository(MetricAssignment)
        .createQueryBuilder('a')
        .where(new Brackets((b) => b.where('a.starts_at IS NULL').orWhere('a.starts_at < :end', { end: period.end })))
        .andWhere(new Brackets((b) => b.where('a.ends_at IS NULL').orWhere('a.ends_at > :start', { start: period.start })));
      if (ids) q.andWhere('a.user_id IN (:...ids)', { ids });
      return rawColumns(ds, MetricAssignment, q, ['userId', 'metricCode', 'periodKey', 'target', 'weight', 'floor', 'startsAt', 'endsAt']);
    },
    (a) => a.userId,
  );
  const goals = await readForScope(
    scope,
    (ids) => {
      const q = ds.getRepository(Goal).createQueryBuilder('g').where('g.level = :level', { level: 'key_result' }).andWhere('g.period_key IN (:...months)', { months });
      if (ids) q.andWhere('g.owner_user_id IN (:...ids)', { ids });
      return rawColumns(ds, Goal, q.orderBy('g.id', 'ASC'), ['id', 'ownerUserId', 'title', 'progress', 'weight']);
    },
    (g) => g.ownerUserId ?? '',
  );
  const starsOf = <E extends SupervisorReview | CollaborationRating>(entity: typeof SupervisorReview | typeof CollaborationRating) =>
    readForScope(
      scope,
      (ids) => {
        const q = ds.getRepository<E>(entity).createQueryBuilder('s').where('s.period_key IN (:...months)', { months });
        if (ids) q.andWhere('s.user_id IN (:...ids)', { ids });
        return rawColumns<E, 'userId' | 'stars'>(ds, entity, q.orderBy('s.id', 'ASC'), ['userId', 'stars']);
      },
      (r) => r.userId,
    );
  const reviews = await starsOf<SupervisorReview>(SupervisorReview);
  const ratings = await starsOf<CollaborationRating>(CollaborationRating);
  const claims = await readForScope(
    scope,
    (ids) => {
      const q = ds
        .getRepository(ExceptionClaim)
        .createQueryBuilder('c')
        .where('c.status = :status', { status: 'approved' })
        .andWhere('c.start_at < :end AND c.end_at > :start', { start: period.start, end: period.end });
      if (ids) q.andWhere('c.user_id IN (:...ids)', { ids });
      return rawColumns(ds, ExceptionClaim, q.orderBy('c.id', 'ASC'), ['id', 'userId', 'kind', 'metricCodes', 'startAt', 'endAt', 'note']);
    },
    (c) => c.userId,
  );
  // The database summarises everyone's records; row by row only for people with an exception.
  const reads = summaryReadsOf(definitionRows);
  const summaries = await loadSummaries(ds, scope, period, reads);
  const claimants = [...new Set(claims.map((c) => c.userId))];
  const records = await inChunks(claimants, (c) =>
    ds.getRepository(MetricRecord).find({
      where: { userId: In(c), occurredAt: rangeOf(period) },
      select: { id: true, userId: true, input: true, value: true, occurredAt: true },
    }),
  );
  const weightsFor = await loadWeightsInForce(ds, period, timeZone);
  const calendars = await loadWorkCalendars(ds, timeZone);
  // The department a member belonged to at the period's end decides their weights and calendar.
  const departmentOf = (userId: string) => placements.get(userId)?.mainDepartmentId ?? null;

  const byUser = <T extends { userId: string }>(rows: T[]) => groupBy(rows, (r) => r.userId);
  const coverageBy = coverageOfEveryone(byUser(assignments), period, timeZone, (userId) => calendars.forDepartment(departmentOf(userId)));
  const partial = await loadPartialSummaries(coverageBy, period, async (c, window) => loadSummaries(ds, await userScope(ds, c), window, reads));
  const recordsBy = byUser(records);
  const reviewsBy = byUser(reviews);
  const ratingsBy = byUser(ratings);
  const claimsBy = byUser(claims);
  const goalsBy = groupBy(goals, (g) => g.ownerUserId ?? '');
  const noRecords: MetricRecord[] = [];

  const inputs = new Map<string, ScorecardInput>();
  for (const e of employees) {
    const mySummaries = summaries.get(e.userId) ?? {};
    const myRecords = recordsBy.get(e.userId) ?? noRecords;
    const departmentId = departmentOf(e.userId);
    const targetFactor = calendars.targetFactor(departmentId, period);
    const lines: LineInput[] = [];
    for (const { row: a, windows, share } of coverageBy.get(e.userId) ?? []) {
      const plan = plans.get(a.metricCode);
      if (!plan || !plan.def.active) continue;
      const { def, names } = plan;
      const whole = coversWhole(period, windows);
      const lineSummaries = whole ? mySummaries : (partial.get(partialKey(e.userId, windows)) ?? {});
      const summariesOfLine: Record<string, InputSummary> = {};
      for (const input in lineSummaries) if (names.has(input)) summariesOfLine[input] = lineSummaries[input];
      lines.push({
        kind: 'metric',
        code: def.code,
        name: def.name,
        unit: def.unit,
        direction: def.direction,
        formula: def.formula,
        inputs: def.inputs.map((i) => ({ name: i.name, aggregate: i.aggregate })),
        sourceNote: plan.sourceNote,
        // Part of the period: a total's target (or limit) and the weight by the working days covered.
        target: periodTarget(a.target, def, targetFactor) * (scalesWithPeriod(def) ? share : 1),
        targetKind: def.targetKind,
        weight: a.weight * share,
        floor: a.floor,
        records: myRecords.length === 0 ? [] : myRecords.filter((r) => names.has(r.input) && (whole || inWindows(r.occurredAt, windows))),
        summaries: summariesOfLine,
      });
    }
    for (const g of goalsBy.get(e.userId) ?? []) {
      lines.push({ kind: 'key_result', goalId: g.id, name: g.title, progress: g.progress, weight: g.weight });
    }
    const reviewStars = mean((reviewsBy.get(e.userId) ?? []).map((r) => r.stars));
    inputs.set(e.userId, {
      userId: e.userId,
      period,
      timeZone,
      lines,
      reviewStars,
      collaborationStars: (ratingsBy.get(e.userId) ?? []).map((r) => r.stars),
      weights: weightsFor(departmentId),
      calendar: calendars.forDepartment(departmentId),
      exceptions: (claimsBy.get(e.userId) ?? []).map(
        (c): ExceptionInput => ({ id: c.id, kind: c.kind, metricCodes: c.metricCodes, start: c.startAt, end: c.endAt, note: c.note }),
      ),
    });
  }
  return { employees, placements, inputs, scope };
}

type AssignmentRow = Pick<MetricAssignment, 'userId' | 'metricCode' | 'periodKey' | 'target' | 'weight' | 'floor' | 'startsAt' | 'endsAt'>;

/**
 * assignmentCoverage per person, computed once per distinct set of dated rows and calendar: a
 * whole import gives thousands of people the same metrics, periods and dates, so the windows and
 * shares of one stand for all of them (each person gets their own rows back).
 */
function coverageOfEveryone(
  rowsByUser: Map<string, AssignmentRow[]>,
  period: Period,
  timeZone: string,
  calendarOf: (userId: string) => WorkCalendar,
): Map<string, Array<AssignmentCoverage<AssignmentRow>>> {
  const calendarIds = new Map<WorkCalendar, number>();
  const shapes = new Map<string, Array<{ index: number; windows: Window[]; share: number }>>();
  const out = new Map<string, Array<AssignmentCoverage<AssignmentRow>>>();
  for (const [userId, rows] of rowsByUser) {
    const calendar = calendarOf(userId);
    let calendarId = calendarIds.get(calendar);
    if (calendarId === undefined) calendarIds.set(calendar, (calendarId = calendarIds.size));
    let key = String(calendarId);
    for (const r of rows) key += `;${r.metricCode}|${r.periodKey}|${r.startsAt?.getTime() ?? ''}|${r.endsAt?.getTime() ?? ''}`;
    let shape = shapes.get(key);
    if (!shape) {
      shape = assignmentCoverage(rows, period, timeZone, calendar).map((c) => ({ index: rows.indexOf(c.row), windows: c.windows, share: c.share }));
      shapes.set(key, shape);
    }
    out.set(userId, shape.map((s) => ({ row: rows[s.index], windows: s.windows, share: s.share })));
  }
  return out;
}

/** occurredAt in [start, end); TypeORM's Between would include the end. */
function rangeOf(period: Window) {
  return Raw((alias) => `${alias} >= :rangeStart AND ${alias} < :rangeEnd`, { rangeStart: period.start, rangeEnd: period.end });
}

async function inChunks<T>(ids: string[], load: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await load(ids.slice(i, i + CHUNK))));
  return out;
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}
