/**
 * 异常申报 (exception declarations): reading `申报 <类型> <时间段> [指标:…] <说明>`, choosing the
 * affected metrics, the claim rows, and the scores of the periods a window touches.
 */
import { DataSource, EntityManager, In } from 'typeorm';
import { formatLocal, periodOf, type Period, type PeriodKind } from '../domain/periods';
import { ExceptionClaim, MetricAssignment, MetricDefinition } from '../entities';
import { UserError } from '../wecom/errors';
import { matchMetric } from '../chat/metrics';
import { localToday } from '../chat/text';
import { startOfDay } from '../domain/periods-calendar';
import { parseTimeWindow, WINDOW_EXAMPLES } from '../chat/times';
import { computeEmployeeScorecard, type ScorecardView } from './scorecards';

export const CLAIM_KINDS = ['设备故障', '物料延迟', '停电', '其他'] as const;
export const MAX_WINDOW_DAYS = 31;

export interface ParsedClaim {
  kind: string;
  start: Date;
  end: Date;
  /** Metric codes or names as typed after 指标:, or null for all assigned metrics. */
  metrics: string[] | null;
  note: string;
}

export const WINDOW_HELP = `时间段示例：${WINDOW_EXAMPLES}`;

/** Parses the text after 申报; throws a UserError saying what to fix. */
export function parseClaimText(body: string, tz: string, now: Date): ParsedClaim {
  const m = /^(\S+)\s*(.*)$/s.exec(body.trim());
  if (!m) throw new UserError('请写明异常类型和时间段。');
  const kind = m[1] === '其它' ? '其他' : m[1];
  if (!(CLAIM_KINDS as readonly string[]).includes(kind)) {
    throw new UserError(`不支持的异常类型“${m[1]}”。可申报的类型：${CLAIM_KINDS.join('、')}。`);
  }
  const window = parseTimeWindow(m[2], now, tz);
  if (!window) throw new UserError(`请写明异常发生的时间段，例如：申报 ${kind} 11月28日 8点到10点 三号线缺料。${WINDOW_HELP}`);
  let rest = window.rest;
  const { start, end } = window;
  const tomorrow = new Date(startOfDay(localToday(now, tz).dayNo + 1, tz));
  if (end.getTime() > tomorrow.getTime()) throw new UserError('异常时间段不能晚于今天，请在异常发生后再申报。');
  if (end.getTime() - start.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw new UserError(`异常时间段最长 ${MAX_WINDOW_DAYS} 天，请分段申报。`);
  }
  let metrics: string[] | null = null;
  const named = /指标[:：]\s*(\S+)/.exec(rest);
  if (named) {
    metrics = named[1].split(/[,，、]/).map((s) => s.trim()).filter(Boolean);
    rest = (rest.slice(0, named.index) + rest.slice(named.index + named[0].length)).trim();
  }
  if (!rest) throw new UserError('请补充异常说明，例如：申报 设备故障 昨天下午 3号机主轴故障停机');
  return { kind, start, end, metrics, note: rest.slice(0, 500) };
}

/** The member's assigned, active metrics; the named ones when `names` is given (by code or name). */
export async function resolveClaimMetrics(ds: DataSource, userId: string, names: string[] | null): Promise<MetricDefinition[]> {
  const codes = [...new Set((await ds.getRepository(MetricAssignment).findBy({ userId })).map((a) => a.metricCode))];
  const defs = codes.length ? await ds.getRepository(MetricDefinition).findBy({ code: In(codes), active: true }) : [];
  if (defs.length === 0) throw new UserError('您目前没有分配考核指标，异常申报不会影响得分。如有疑问请联系 HR。');
  defs.sort((a, b) => a.code.localeCompare(b.code));
  if (!names) return defs;
  const chosen: MetricDefinition[] = [];
  for (const n of names) {
    const found = matchMetric(n, defs);
    if (found.kind !== 'one') {
      const which = found.kind === 'many' ? `“${n}”对应多个指标（${found.candidates.map((d) => d.name).join('、')}），请写全名` : `“${n}”不是您的考核指标`;
      throw new UserError(`${which}。您的指标：${defs.map((d) => d.name).join('、')}。例如：指标:${defs[0].name}`);
    }
    if (!chosen.includes(found.metric)) chosen.push(found.metric);
  }
  return chosen;
}

export async function createClaim(manager: EntityManager, userId: string, c: ParsedClaim, metricCodes: string[], now: Date): Promise<ExceptionClaim> {
  const row = manager.create(ExceptionClaim, {
    userId, kind: c.kind, metricCodes, startAt: c.start, endAt: c.end, note: c.note, evidence: [], status: 'pending',
    approverId: null, decidedAt: null, createdAt: now,
  });
  return manager.save(ExceptionClaim, row);
}

export async function findSameClaim(ds: DataSource, userId: string, c: ParsedClaim): Promise<ExceptionClaim | null> {
  const rows = await ds.getRepository(ExceptionClaim).findBy({ userId, kind: c.kind, status: In(['pending', 'approved']) });
  return rows.find((r) => r.startAt.getTime() === c.start.getTime() && r.endAt.getTime() === c.end.getTime()) ?? null;
}

export async function findPendingClaim(ds: DataSource, userId: string): Promise<ExceptionClaim | null> {
  return ds.getRepository(ExceptionClaim).findOne({ where: { userId, status: 'pending' }, order: { createdAt: 'DESC', id: 'DESC' } });
}

export async function listClaims(ds: DataSource, userId: string, limit = 8): Promise<ExceptionClaim[]> {
  return ds.getRepository(ExceptionClaim).find({ where: { userId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
}

/** Decides a pending claim; false when it was no longer pending. */
export async function decideClaim(manager: EntityManager, id: number, d: { status: 'approved' | 'rejected'; approverId: string; now: Date }): Promise<boolean> {
  const res = await manager
    .createQueryBuilder()
    .update(ExceptionClaim)
    .set({ status: d.status, approverId: d.approverId, decidedAt: d.now })
    .where('id = :id AND status = :pending', { id, pending: 'pending' })
    .execute();
  return res.affected === 1;
}

/** The months, then the ISO weeks, that the window [start, end) overlaps. */
export function affectedPeriods(start: Date, end: Date, tz: string): Period[] {
  const collect = (kind: PeriodKind): Period[] => {
    const out: Period[] = [];
    for (let p = periodOf(kind, start, tz); p.start.getTime() < end.getTime(); p = periodOf(kind, p.end, tz)) out.push(p);
    return out;
  };
  return [...collect('month'), ...collect('week')];
}

export async function scorecardsFor(ds: DataSource, userId: string, periods: Period[], tz: string): Promise<Array<{ period: Period; view: ScorecardView | null }>> {
  const out: Array<{ period: Period; view: ScorecardView | null }> = [];
  for (const period of periods) out.push({ period, view: await computeEmployeeScorecard(ds, userId, period, tz) });
  return out;
}

export function formatWindow(start: Date, end: Date, tz: string): string {
  const [a, b] = [formatLocal(start, tz), formatLocal(end, tz)];
  if (a.endsWith(' 00:00') && b.endsWith(' 00:00')) {
    const last = formatLocal(new Date(end.getTime() - 1), tz).slice(0, 10);
    return last === a.slice(0, 10) ? `${last}（全天）` : `${a.slice(0, 10)} 至 ${last}（全天）`;
  }
  return a.slice(0, 10) === b.slice(0, 10) ? `${a} 至 ${b.slice(11)}` : `${a} 至 ${b}`;
}
