/**
 * GET /h5/ranking?department=<id>&period=<key>: the page the 排行 card opens. The same readers as
 * the H5 detail page (signed link, WeCom OAuth, session cookie: h5-auth.ts) and the same rule as
 * GET /api/v1/rankings: HR, or a manager of that department.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { rankByTotal } from '../../cards/ranking-card';
import { formatLocal, parsePeriod, periodOf, previousPeriod, type Period } from '../domain/periods';
import { Department } from '../entities';
import { hasRole, managerView } from '../repositories/access';
import { computeScorecards, periodMemberIds } from '../repositories/scorecards';
import { ValidationError, WeComApiError } from '../wecom/errors';
import { sharedExchangeLimiter, type H5Deps } from './h5';
import { H5_SCORECARD_PATH, identifyViewer, pageHref, setPrivatePageHeaders } from './h5-auth';
import { renderMessagePage } from './h5-page';
import { renderRankingPage } from './ranking-page';

export const H5_RANKING_PATH = '/h5/ranking';

function page(ctx: Context, status: number, title: string, message: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderMessagePage(title, message);
}

/**
 * Whom a reader may see in a department's ranking: everyone for HR (null), the people a manager
 * leads there (and themselves), or nobody (false) for anyone else: the rule of GET /api/v1/rankings.
 */
export async function rankingScope(deps: Pick<H5Deps, 'ds' | 'config'>, userId: string, departmentId: number): Promise<Set<string> | null | false> {
  if (await hasRole(deps.ds, userId, 'hr', deps.config.hrUserIds)) return null;
  const view = await managerView(deps.ds, userId);
  return view && view.departmentIds.includes(departmentId) ? view.userIds : false;
}

export function mountRanking(router: Router, deps: H5Deps): void {
  router.get(H5_RANKING_PATH, async (ctx) => {
    setPrivatePageHeaders(ctx);
    try {
      const viewer = await identifyViewer(ctx, { ...deps, limiter: sharedExchangeLimiter(deps) });
      if (viewer.kind === 'redirect') return ctx.redirect(viewer.url);
      if (viewer.kind === 'denied') return page(ctx, viewer.status, viewer.status === 401 ? '无法确认身份' : '无权访问', viewer.message);
      const tz = deps.config.timezone;
      const now = deps.clock();
      let period: Period;
      try {
        const key = typeof ctx.query.period === 'string' ? ctx.query.period.trim() : '';
        period = key ? parsePeriod(key, tz) : periodOf('month', now, tz);
      } catch (err) {
        if (err instanceof ValidationError) return page(ctx, 400, '周期无效', `${err.message}。例如 2026-W48、2026-11 或 2026-Q4。`);
        throw err;
      }
      const departmentId = Number(ctx.query.department);
      const department = Number.isInteger(departmentId) ? await deps.ds.getRepository(Department).findOneBy({ id: departmentId }) : null;
      if (!department) return page(ctx, 404, '未找到部门', '链接中的部门不存在，请从企业微信重新发送“排行”。');
      const scope = await rankingScope(deps, viewer.userId, department.id);
      if (scope === false) return page(ctx, 403, '无权查看', `排行仅限 HR 和${department.name}的主管查看。`);
      const ids = (await periodMemberIds(deps.ds, period, [department.id])).filter((id) => !scope || scope.has(id));
      const views = [...(await computeScorecards(deps.ds, ids, period, tz, now)).values()];
      const byId = new Map(views.map((v) => [v.userId, v]));
      const ranked = rankByTotal(views.map((v) => ({ userId: v.userId, name: v.employee.name, total: v.total, display: v.totalDisplay })));
      // Links on the page: signed for exactly their page when the reader came by a link (h5-auth.ts).
      const href = (path: string, params: Record<string, string>) => pageHref(ctx, deps.config, viewer.userId, path, params, now);
      const self = (p: Period) => href(H5_RANKING_PATH, { department: String(department.id), period: p.key });
      const next = periodOf(period.kind, period.end, tz);
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderRankingPage({
        department: department.name,
        periodLabel: period.label,
        viewerId: viewer.userId,
        rows: ranked.map((r) => {
          const v = byId.get(r.userId)!;
          return {
            ...r, position: v.employee.position, automatic: v.components.automatic.display, review: v.components.review.display,
            collaboration: v.components.collaboration.display,
            detailUrl: href(H5_SCORECARD_PATH, { user: r.userId, period: period.key }),
          };
        }),
        previous: { label: previousPeriod(period, tz).label, url: self(previousPeriod(period, tz)) },
        next: next.start.getTime() <= now.getTime() ? { label: next.label, url: self(next) } : null,
        generatedAt: formatLocal(now, tz),
      });
    } catch (err) {
      deps.logger.error({ err, path: ctx.path }, 'ranking page failed');
      if (err instanceof WeComApiError) return page(ctx, 503, '暂时无法确认身份', '企业微信暂时无法访问，请稍后重试。');
      page(ctx, 500, '页面出错了', '请稍后重试；如一直出现，请联系 HR。');
    }
  });
}
