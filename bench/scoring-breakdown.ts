/**
 * Where computeScorecards' time goes, one run of each part, to find the cause when a target is
 * missed: the loads (loadScoringInputs, as computeScorecards calls it) against two reference reads
 * of the same records (every row to JS without entities; grouped in SQL), the count-target scaling
 * the loads do per assignment line, and the pure scoring with peer ranking.
 */
import type { DataSource } from 'typeorm';
import type { Period } from '../src/domain/periods';
import { computeScorecard, rankPeers } from '../src/domain/scoring';
import { loadScoringInputs, scaleCountTarget } from '../src/repositories/scorecard-data';
import { sqlDateTime } from './common/bulk-insert';
import type { Progress } from './common/cli';
import { timeOnce } from './common/timing';

export interface BreakdownStep {
  step: string;
  ms: number;
  note: string;
}

/** The references read 500 users a query (IN lists); scoring a whole company reads once, unfiltered. */
const CHUNK = 500;

async function readInChunks(ds: DataSource, userIds: string[], period: Period, select: string, groupBy: string): Promise<number> {
  let rows = 0;
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const ids = userIds.slice(i, i + CHUNK);
    const sql =
      `SELECT ${select} FROM metric_records WHERE user_id IN (${ids.map(() => '?').join(',')})` +
      ` AND occurred_at >= ? AND occurred_at < ?${groupBy}`;
    rows += ((await ds.query(sql, [...ids, sqlDateTime(period.start), sqlDateTime(period.end)])) as unknown[]).length;
  }
  return rows;
}

export async function measureBreakdown(ds: DataSource, userIds: string[], period: Period, timeZone: string, progress: Progress): Promise<BreakdownStep[]> {
  progress('breakdown: one run of each part');
  const load = await timeOnce(() => loadScoringInputs(ds, userIds, period, timeZone));
  const { employees, inputs } = load.result;
  const metricLines = [...inputs.values()].flatMap((i) => i.lines).filter((l) => l.kind === 'metric');
  const countLines = metricLines.filter((l) => l.kind === 'metric' && l.targetKind === 'count').length;

  const raw = await timeOnce(() => readInChunks(ds, userIds, period, 'user_id, input, value, occurred_at', ''));
  const grouped = await timeOnce(() =>
    readInChunks(ds, userIds, period, 'user_id, input, SUM(value) AS s, COUNT(*) AS n, MIN(value) AS lo, MAX(value) AS hi', ' GROUP BY user_id, input'),
  );
  const groupedOnce = await timeOnce(
    async () =>
      ((await ds.query('SELECT user_id, input, COUNT(*) AS n, SUM(value) AS s FROM metric_records WHERE occurred_at >= ? AND occurred_at < ? GROUP BY user_id, input', [
        sqlDateTime(period.start),
        sqlDateTime(period.end),
      ])) as unknown[]).length,
  );
  const scaling = await timeOnce(async () => {
    let sum = 0;
    for (let i = 0; i < countLines; i++) sum += scaleCountTarget(120, period, timeZone);
    return sum;
  });
  const pure = await timeOnce(async () => {
    const cards = new Map(employees.map((e) => [e.userId, computeScorecard(inputs.get(e.userId)!)]));
    return rankPeers(
      employees.filter((e) => e.active).map((e) => ({ userId: e.userId, departmentId: e.mainDepartmentId, position: e.position, total: cards.get(e.userId)!.total })),
    );
  });
  const records = metricLines.reduce((n, l) => n + (l.kind === 'metric' ? l.records.length : 0), 0);
  return [
    { step: 'loadScoringInputs (every load, as computeScorecards runs it)', ms: load.ms, note: `${employees.length} employees, ${metricLines.length} metric lines holding ${records} record references` },
    { step: '· reference: the records as plain rows (ds.query, 500 users a query)', ms: raw.ms, note: `${raw.result} rows to JS, no entities` },
    { step: '· reference: the records grouped in SQL (SUM, COUNT, MIN, MAX … GROUP BY user_id, input)', ms: grouped.ms, note: `${grouped.result} rows, 500 users a query` },
    { step: '· reference: the records grouped in SQL once, no IN lists (COUNT, SUM), as scoring a whole company reads them', ms: groupedOnce.ms, note: `${groupedOnce.result} rows` },
    { step: `· scaleCountTarget × ${countLines} (once per count-target line)`, ms: scaling.ms, note: `${((scaling.ms * 1000) / Math.max(1, countLines)).toFixed(0)} µs a call; its result depends only on period and time zone` },
    { step: 'computeScorecard × n + rankPeers (pure)', ms: pure.ms, note: `${pure.result.size} ranked` },
  ];
}
