/**
 * GET /h5/talent?quarter=2026-Q4[&department=3][&position=操作工][&user=<userid>]: the nine-box page.
 * Same sign-in as the detail page (WeCom OAuth or a signed link); HR sees everyone, a manager the
 * people below them, an employee only their own profile (never the grid).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { formatLocal, parsePeriod } from '../domain/periods';
import { CadreScreenRun, Department, Employee, TalentReview } from '../entities';
import { finalList, replayRun } from '../talent/cadre-screens';
import { inScope, talentScopeOf } from '../talent/talent-access';
import { loadTalentProfile } from '../talent/talent-profile';
import { reviewRows } from '../talent/talent-reviews';
import { WeComApiError } from '../wecom/errors';
import { sharedExchangeLimiter, type H5Deps } from './h5';
import { identifyViewer, pageHref, setPrivatePageHeaders } from './h5-auth';
import { renderMessagePage } from './h5-page';
import { renderCadrePage, renderTalentPage } from './talent-page-html';

export const TALENT_PAGE = '/h5/talent';
export const CADRE_PAGE = '/h5/talent/cadres';

function page(ctx: Context, status: number, title: string, message: string): void {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = renderMessagePage(title, message);
}

const q = (ctx: Context, name: string) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string).trim() : '');

function secure(ctx: Context): void {
  setPrivatePageHeaders(ctx, { forms: true });
}

export function mountTalentPage(router: Router, deps: H5Deps): void {
  router.get(CADRE_PAGE, async (ctx) => {
    secure(ctx);
    try {
      const viewer = await identifyViewer(ctx, { ...deps, limiter: sharedExchangeLimiter(deps) });
      if (viewer.kind === 'redirect') return ctx.redirect(viewer.url);
      if (viewer.kind === 'denied') return page(ctx, viewer.status, viewer.status === 401 ? '无法确认身份' : '无权访问', viewer.message);
      if ((await talentScopeOf(deps.ds, viewer.userId, deps.config.hrUserIds)).kind !== 'all') return page(ctx, 403, '无权查看', '储备干部筛选结果仅限 HR 查看。');
      const run = await deps.ds.getRepository(CadreScreenRun).findOneBy({ id: Number(q(ctx, 'run')) || 0 });
      if (!run) return page(ctx, 404, '没有这次筛选', '请在企业微信里发送“储备干部”重新运行。');
      const { userIds, adjustments } = await finalList(deps.ds, run);
      const names = new Map((await deps.ds.getRepository(Employee).find({ select: { userId: true, name: true } })).map((e) => [e.userId, e.name]));
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderCadrePage({
        run,
        replayMatches: JSON.stringify(replayRun(run)) === JSON.stringify(run.result),
        finalNames: userIds.map((id) => names.get(id) ?? id),
        adjustments: adjustments.map((a) => ({ name: names.get(a.userId) ?? a.userId, action: a.action, reason: a.reason, actor: a.actor.replace(/^user:/, ''), at: formatLocal(a.at, deps.config.timezone) })),
        ranAt: formatLocal(run.ranAt, deps.config.timezone),
      });
    } catch (err) {
      deps.logger.error({ err, path: ctx.path }, 'cadre page failed');
      if (err instanceof WeComApiError) return page(ctx, 503, '暂时无法确认身份', '企业微信暂时无法访问，请稍后重试。');
      page(ctx, 500, '页面出错了', '请稍后重试；如一直出现，请联系 HR。');
    }
  });

  router.get(TALENT_PAGE, async (ctx) => {
    secure(ctx);
    try {
      const viewer = await identifyViewer(ctx, { ...deps, limiter: sharedExchangeLimiter(deps) });
      if (viewer.kind === 'redirect') return ctx.redirect(viewer.url);
      if (viewer.kind === 'denied') return page(ctx, viewer.status, viewer.status === 401 ? '无法确认身份' : '无权访问', viewer.message);
      const tz = deps.config.timezone;
      const reviews = await deps.ds.getRepository(TalentReview).find({ order: { quarterKey: 'DESC' } });
      if (reviews.length === 0) return page(ctx, 404, '还没有人才盘点', '季度结束后系统会自动计算九宫格。');
      const review = reviews.find((r) => r.quarterKey === q(ctx, 'quarter')) ?? (q(ctx, 'quarter') ? null : reviews[0]);
      if (!review) return page(ctx, 404, '没有这个季度', `${q(ctx, 'quarter')} 没有人才盘点结果。`);

      const scope = await talentScopeOf(deps.ds, viewer.userId, deps.config.hrUserIds);
      const wanted = q(ctx, 'user');
      if (scope.kind === 'none') {
        return page(ctx, 403, '无权查看九宫格', '九宫格仅限 HR 和主管查看；您可以在企业微信里发送“发展计划”查看自己的计划。');
      }
      if (wanted && wanted !== viewer.userId && !inScope(scope, wanted)) return page(ctx, 403, '无权查看', '您只能查看自己下属的人才档案。');

      const allRows = await reviewRows(deps.ds, review);
      const rows = allRows.filter((r) => inScope(scope, r.userId));
      const departments = (await deps.ds.getRepository(Department).find({ order: { sortOrder: 'DESC', id: 'ASC' } })).filter((d) => rows.some((r) => r.departmentId === d.id));
      const departmentId = Number(q(ctx, 'department')) || null;
      const position = q(ctx, 'position') || null;
      // Each link on the page opens exactly its page (signed for it when the reader came by a link).
      const link = (params: Record<string, string | null>) => {
        const merged: Record<string, string | null> = { quarter: review.quarterKey, department: departmentId ? String(departmentId) : null, position, ...params };
        const clean = Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''));
        return pageHref(ctx, deps.config, viewer.userId, TALENT_PAGE, clean, deps.clock());
      };
      const profile = wanted ? await loadTalentProfile(deps.ds, wanted, review, allRows.find((r) => r.userId === wanted) ?? null, tz) : null;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = renderTalentPage({
        quarterLabel: parsePeriod(review.quarterKey, tz).label,
        quarterKey: review.quarterKey,
        status: review.status,
        boxes: review.boxes,
        rows,
        departments: departments.map((d) => ({ id: d.id, name: d.name })),
        positions: [...new Set(rows.map((r) => r.position).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'zh')),
        filter: { departmentId, position },
        quarters: reviews.map((r) => r.quarterKey),
        link,
        profile,
        canCalibrate: true,
        generatedAt: formatLocal(deps.clock(), tz),
      });
    } catch (err) {
      deps.logger.error({ err, path: ctx.path }, 'talent page failed');
      if (err instanceof WeComApiError) return page(ctx, 503, '暂时无法确认身份', '企业微信暂时无法访问，请稍后重试。');
      page(ctx, 500, '页面出错了', '请稍后重试；如一直出现，请联系 HR。');
    }
  });
}
