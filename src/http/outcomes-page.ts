/**
 * GET /h5/outcomes?month=2026-09 (or ?period=2026-Q3): the outcome report with its monthly trends.
 * Same sign-in as the other h5 pages (WeCom OAuth or a signed link); the same rule as 成效: HR the
 * company, a manager their people, anyone else a clear refusal.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { formatLocal } from '../domain/periods';
import { outcomeAudience } from '../outcomes/access';
import { renderOutcomeSvg } from '../outcomes/outcome-chart';
import { outcomeBundle } from '../outcomes/outcome-service';
import { OUTCOMES_PAGE_PATH, TREND_MONTHS } from '../outcomes/outcomes-job';
import { spanFromText } from '../outcomes/period-text';
import { UserError, WeComApiError } from '../wecom/errors';
import { sharedExchangeLimiter, type H5Deps } from './h5';
import { identifyViewer, setPrivatePageHeaders } from './h5-auth';
import { renderMessagePage } from './h5-page';
import { renderOutcomesPage } from './outcomes-page-html';

function page(ctx: Context, status: number, title: string, message: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderMessagePage(title, message);
}

const q = (ctx: Context, name: string) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string).trim() : '');

export function mountOutcomesPage(router: Router, deps: H5Deps): void {
  router.get(OUTCOMES_PAGE_PATH, async (ctx) => {
    setPrivatePageHeaders(ctx, { forms: true });
    try {
      const viewer = await identifyViewer(ctx, { ...deps, limiter: sharedExchangeLimiter(deps) });
      if (viewer.kind === 'redirect') return ctx.redirect(viewer.url);
      if (viewer.kind === 'denied') return page(ctx, viewer.status, viewer.status === 401 ? '无法确认身份' : '无权访问', viewer.message);
      const tz = deps.config.timezone;
      const now = deps.clock();
      let audience;
      let span;
      try {
        audience = await outcomeAudience(deps.ds, viewer.userId, deps.config.hrUserIds);
        span = spanFromText(q(ctx, 'period') || q(ctx, 'month'), now, tz);
      } catch (err) {
        if (err instanceof UserError) return page(ctx, audience ? 400 : 403, audience ? '期间有误' : '无权查看', err.message);
        throw err;
      }
      const bundle = await outcomeBundle(deps.ds, { now, tz, span, scope: audience.scope, scopeLabel: audience.label, trendMonths: TREND_MONTHS });
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderOutcomesPage({ bundle, chartSvg: renderOutcomeSvg({ title: '效果验证趋势', trend: bundle.trend, report: bundle.report }), generatedAt: formatLocal(now, tz) });
    } catch (err) {
      deps.logger.error({ err, path: ctx.path }, 'outcomes page failed');
      if (err instanceof WeComApiError) return page(ctx, 503, '暂时无法确认身份', '企业微信暂时无法访问，请稍后重试。');
      page(ctx, 500, '页面出错了', '请稍后重试；如一直出现，请联系 HR。');
    }
  });
}
