/**
 * GET /h5/scorecard?user=<userid>&period=<key>: the detail page behind 查看详情. Who reads it comes
 * from src/http/h5-auth.ts; who may see whom from canViewEmployee. Answers are HTML pages in
 * Chinese, errors included (400 period, 401 who, 403 whom, 404 nobody, 503 WeCom down).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { DataSource } from 'typeorm';
import { formatDays } from '../../cards/scorecard-detail-card';
import { exceptionEffectText } from '../../cards/scorecard-text';
import type { Config } from '../config';
import { formatFormula, parseFormula } from '../domain/formula';
import { formatLocal, parsePeriod, periodOf, type Period } from '../domain/periods';
import { isInWindow, scoringMonthKeysOf, scoringMonthOf } from '../domain/scoring';
import { loadPeriodExtras, loadSourceData } from '../jobs/weekly-scorecard-data';
import type { Logger } from '../logger';
import { pageBaselines } from '../alerts/page-baseline';
import { canViewEmployee } from '../repositories/access';
import { computeEmployeeScorecard } from '../repositories/scorecards';
import type { WeComClient } from '../wecom/client';
import { ValidationError, WeComApiError } from '../wecom/errors';
import { H5_SCORECARD_PATH, identifyViewer, setPrivatePageHeaders } from './h5-auth';
import { ExchangeLimiter } from './rate-limit';
import { renderMessagePage, renderScorecardPage, type PageLine, type ScorecardPageView } from './h5-page';

export interface H5Deps {
  ds: DataSource;
  config: Config;
  clock: () => Date;
  wecom: WeComClient;
  logger: Logger;
}

function page(ctx: Context, status: number, title: string, message: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderMessagePage(title, message);
}

const limiters = new WeakMap<Config, ExchangeLimiter>();

/** One limit on OAuth code exchanges for every H5 page of an app (they all sign in the same way). */
export function sharedExchangeLimiter(deps: Pick<H5Deps, 'config' | 'clock'>): ExchangeLimiter {
  let limiter = limiters.get(deps.config);
  if (!limiter) {
    const { oauthLimits } = deps.config;
    limiter = new ExchangeLimiter({ perClient: oauthLimits.perClientPerMinute, global: oauthLimits.perMinute, windowMs: 60_000 }, () => deps.clock().getTime());
    limiters.set(deps.config, limiter);
  }
  return limiter;
}

export function mountH5(router: Router, deps: H5Deps): void {
  const limiter = sharedExchangeLimiter(deps);
  router.get(H5_SCORECARD_PATH, async (ctx) => {
    setPrivatePageHeaders(ctx, { dataImages: true });
    try {
      const viewer = await identifyViewer(ctx, { ...deps, limiter });
      if (viewer.kind === 'redirect') return ctx.redirect(viewer.url);
      if (viewer.kind === 'denied') {
        if (viewer.retryAfterS) ctx.set('Retry-After', String(viewer.retryAfterS));
        return page(ctx, viewer.status, DENIED_TITLE[viewer.status], viewer.message);
      }
      const tz = deps.config.timezone;
      const now = deps.clock();
      const periodKey = typeof ctx.query.period === 'string' ? ctx.query.period.trim() : '';
      let period: Period;
      try {
        period = periodKey ? parsePeriod(periodKey, tz) : periodOf('week', now, tz);
      } catch (err) {
        if (err instanceof ValidationError) return page(ctx, 400, '周期无效', `${err.message}。例如 2026-W48、2026-11 或 2026-Q4。`);
        throw err;
      }
      const userId = typeof ctx.query.user === 'string' && ctx.query.user ? ctx.query.user : viewer.userId;
      if (!(await canViewEmployee(deps.ds, { kind: 'user', userId: viewer.userId }, userId, deps.config.hrUserIds))) {
        return page(ctx, 403, '无权查看', '您只能查看本人、下属（主管）或全员（HR）的绩效详情。');
      }
      const view = await loadPageView(deps, userId, period, now);
      if (!view) return page(ctx, 404, '未找到', '通讯录中没有这位员工。');
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderScorecardPage(view);
    } catch (err) {
      deps.logger.error({ err, path: ctx.path }, 'h5 page failed');
      if (err instanceof WeComApiError) return page(ctx, 503, '暂时无法确认身份', '企业微信暂时无法访问，请稍后重试。');
      page(ctx, 500, '页面出错了', '请稍后重试；如一直出现，请联系 HR。');
    }
  });
}

const DENIED_TITLE = { 401: '无法确认身份', 403: '无权访问', 429: '请求过于频繁' } as const;

const num = (v: number) => String(+v.toFixed(2));

/** The scorecard with, per line, the formula, the source note and the records behind it. */
export async function loadPageView(deps: H5Deps, userId: string, period: Period, now: Date): Promise<ScorecardPageView | null> {
  const { ds, config } = deps;
  const tz = config.timezone;
  const scorecard = await computeEmployeeScorecard(ds, userId, period, tz, now);
  if (!scorecard) return null;
  // A week also shows the month it counts in (its Thursday's) so far; its review is that month's.
  const monthPeriod = period.kind === 'week' ? scoringMonthOf(period, tz) : null;
  const month = monthPeriod ? await computeEmployeeScorecard(ds, userId, monthPeriod, tz, now) : null;
  const extras = await loadPeriodExtras(ds, [userId], period, scoringMonthKeysOf(period, tz));
  const codes = scorecard.lines.flatMap((l) => (l.kind === 'metric' && l.code ? [l.code] : []));
  const source = await loadSourceData(ds, userId, codes, period);
  const metricsShown = [...source.definitions.values()].filter((d) => codes.includes(d.code)).map((d) => ({ code: d.code, name: d.name, unit: d.unit }));
  const baselines = await pageBaselines(ds, userId, metricsShown, period, tz);

  const lines: PageLine[] = scorecard.lines.map((line) => {
    const def = line.code ? source.definitions.get(line.code) : undefined;
    if (line.kind !== 'metric' || !def) return { line, formula: null, sourceNote: line.sourceNote ?? null, inputs: [], records: [], baseline: null };
    const labels = Object.fromEntries(def.inputs.map((i) => [i.name, i.label || i.name]));
    const units = Object.fromEntries(def.inputs.map((i) => [i.name, i.unit ?? '']));
    let formula: string;
    try {
      formula = formatFormula(parseFormula(def.formula), labels);
    } catch {
      formula = def.formula; // the line itself already says the formula is broken
    }
    const windows = line.exceptionNote ? [] : scorecard.exceptionsApplied.filter((e) => e.metricCodes.includes(def.code));
    const names = new Set(def.inputs.map((i) => i.name));
    return {
      line,
      formula,
      sourceNote: line.sourceNote ?? null,
      baseline: baselines.get(def.code) ?? null,
      // Each input names its aggregation and counts its records, so the listed records add up.
      inputs: def.inputs.map((i) => {
        const v = line.inputs?.[i.name];
        const count = source.records.filter((r) => r.input === i.name && !windows.some((w) => isInWindow(r.occurredAt, w))).length;
        return { label: labels[i.name] ?? i.name, aggregate: i.aggregate, count, value: v === undefined || count === 0 ? null : `${num(v)}${units[i.name] ?? ''}` };
      }),
      records: source.records
        .filter((r) => names.has(r.input))
        .map((r) => ({
          at: formatLocal(r.occurredAt, tz).slice(5), // MM-DD HH:mm: the page names the period, year included
          input: labels[r.input] ?? r.input,
          value: `${num(r.value)}${units[r.input] ?? ''}`,
          source: r.source,
          ref: r.ref,
          externalId: r.externalId,
          excluded: windows.some((w) => isInWindow(r.occurredAt, w)),
        })),
    };
  });
  const nameOf = (code: string) => scorecard.lines.find((l) => l.code === code)?.name ?? code;
  return {
    scorecard,
    month: month && monthPeriod ? { label: monthPeriod.label, totalDisplay: month.totalDisplay } : null,
    review: extras.reviews.get(userId) ?? null,
    tags: (extras.tags.get(userId) ?? []).map((t) => ({ ...t, at: formatLocal(t.createdAt, tz) })),
    lines,
    exceptions: scorecard.exceptionsApplied.map((e) => ({
      kind: e.kind,
      window: `${formatLocal(e.start, tz)} – ${formatLocal(e.end, tz)}`,
      note: e.note ?? '',
      days: formatDays(e.coveredWorkingDays),
      metrics: e.metricCodes.map(nameOf).join('、'),
      recordsExcluded: e.recordsExcluded,
      effect: exceptionEffectText(e),
      used: e.effect === 'used',
    })),
    moreRecords: source.more,
    generatedAt: formatLocal(now, tz),
  };
}
