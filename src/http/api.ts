/**
 * The JSON API under /api/v1: records in from the ERP/MES, and the read side for cards, pages and
 * integrations. Every answer is JSON; errors carry a stable `error` code and a Chinese `message`.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { DataSource } from 'typeorm';
import { In } from 'typeorm';
import type { Config } from '../config';
import { parsePeriod, periodOf } from '../domain/periods';
import { MetricDefinition, MetricRecord } from '../entities';
import { formatImportResult, importFile } from '../import';
import { ImportBusyError, ImportGate } from '../import/sheet-worker-pool';
import { ingestGrowthRecords } from '../talent/growth-records';
import { ingestRecords } from '../ingest/records';
import type { Logger } from '../logger';
import { canViewEmployee, hasRole, managerView } from '../repositories/access';
import { computeEmployeeScorecard, computeScorecards, periodMemberIds } from '../repositories/scorecards';
import { ValidationError } from '../wecom/errors';
import { actorOf, authenticate, AuthError } from './auth';
import { BodyError, readJson, readRaw } from './body';

export interface ApiDeps {
  ds: DataSource;
  config: Config;
  clock: () => Date;
  logger: Logger;
}

export function mountApi(router: Router, deps: ApiDeps): void {
  const { ds, config, clock } = deps;
  const tz = config.timezone;
  const auth = (ctx: Context, scope: Parameters<typeof authenticate>[4]) => authenticate(ctx, ds, config.linkSecret, clock(), scope);
  const importGate = new ImportGate(config.imports.concurrency, config.imports.queue);
  const periodFrom = (ctx: Context) => (typeof ctx.query.period === 'string' && ctx.query.period ? parsePeriod(ctx.query.period, tz) : periodOf('week', clock(), tz));

  router.post('/api/v1/records', guard(deps, async (ctx) => {
    const principal = await auth(ctx, 'records:write');
    if (principal.kind !== 'apikey') throw new AuthError(403, '只有 API key 可以写入数据');
    const body = await readJson(ctx, '20mb');
    const rows = Array.isArray(body) ? body : (body as { records?: unknown })?.records;
    if (!Array.isArray(rows)) throw new ValidationError('records', '请求体应为 {"records": [...]} 或记录数组');
    const result = await ingestRecords(ds, rows, { actor: actorOf(principal), now: clock(), timeZone: tz });
    if (!result.ok) {
      ctx.status = 422;
      ctx.body = { error: 'invalid_batch', message: `整批未写入：共 ${result.errors.length} 处错误`, errors: result.errors };
      return;
    }
    ctx.body = { inserted: result.inserted, corrected: result.corrected, voided: result.voided, duplicates: result.duplicates, warnings: result.warnings };
  }));

  router.post('/api/v1/growth-records', guard(deps, async (ctx) => {
    const principal = await auth(ctx, 'records:write');
    if (principal.kind !== 'apikey') throw new AuthError(403, '只有 API key 可以写入数据');
    const body = await readJson(ctx, '20mb');
    const rows = Array.isArray(body) ? body : (body as { records?: unknown })?.records;
    if (!Array.isArray(rows)) throw new ValidationError('records', '请求体应为 {"records": [...]} 或记录数组');
    const result = await ingestGrowthRecords(ds, rows, { actor: actorOf(principal), now: clock(), timeZone: tz });
    if (!result.ok) {
      ctx.status = 422;
      ctx.body = { error: 'invalid_batch', message: `整批未写入：共 ${result.errors.length} 处错误`, errors: result.errors };
      return;
    }
    ctx.body = { inserted: result.inserted, updated: result.updated, unchanged: result.unchanged };
  }));

  router.post('/api/v1/imports/:kind', guard(deps, async (ctx) => {
    const principal = await auth(ctx, 'imports:write');
    if (principal.kind !== 'apikey') throw new AuthError(403, '导入需要具有 imports:write 权限的 API key');
    const filename = typeof ctx.query.filename === 'string' ? ctx.query.filename : ctx.is('text/csv') ? 'upload.csv' : 'upload.xlsx';
    // Admitted (or refused as busy) before the body is read, so a refused upload costs nothing.
    const release = await importGate.acquire();
    let result;
    try {
      const buffer = await readRaw(ctx, '10mb');
      const dryRun = ctx.query.dryRun === '1' || ctx.query.dryRun === 'true';
      result = await importFile(ds, ctx.params.kind, buffer, filename, { actor: actorOf(principal), now: clock(), timeZone: tz, dryRun });
    } finally {
      release();
    }
    ctx.status = result.ok ? 200 : 422;
    ctx.body = result.ok ? result : { error: 'invalid_file', message: formatImportResult(result), errors: result.errors };
  }));

  router.get('/api/v1/metrics', guard(deps, async (ctx) => {
    await auth(ctx, 'metrics:read');
    const metrics = await ds.getRepository(MetricDefinition).find({ where: { active: true }, order: { department: 'ASC', code: 'ASC' } });
    ctx.body = { metrics: metrics.map(presentMetric) };
  }));

  router.get('/api/v1/metrics/:code/records', guard(deps, async (ctx) => {
    const principal = await auth(ctx, 'scorecards:read');
    const userId = typeof ctx.query.userid === 'string' ? ctx.query.userid : principal.kind === 'user' ? principal.userId : '';
    if (!userId) throw new ValidationError('userid', '请指定 userid');
    if (!(await canViewEmployee(ds, principal, userId, config.hrUserIds))) throw new AuthError(403, '无权查看该员工的数据');
    const metric = await ds.getRepository(MetricDefinition).findOneBy({ code: ctx.params.code });
    if (!metric) return notFound(ctx, `没有编码为 ${ctx.params.code} 的指标`);
    const period = periodFrom(ctx);
    const records = await ds
      .getRepository(MetricRecord)
      .createQueryBuilder('r')
      .where({ userId, input: In(metric.inputs.map((i) => i.name)) })
      .andWhere('r.occurred_at >= :start AND r.occurred_at < :end', { start: period.start, end: period.end })
      .orderBy('r.occurred_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
    ctx.body = {
      metric: presentMetric(metric),
      userId,
      period: { key: period.key, label: period.label, start: period.start, end: period.end },
      records: records.map((r) => ({ id: r.id, input: r.input, value: r.value, occurredAt: r.occurredAt, source: r.source, externalId: r.externalId, ref: r.ref })),
    };
  }));

  router.get('/api/v1/rankings', guard(deps, async (ctx) => {
    const principal = await auth(ctx, 'scorecards:read');
    const departmentId = Number(ctx.query.department);
    if (!Number.isInteger(departmentId)) throw new ValidationError('department', '请指定 department（部门编号）');
    const everyone = principal.kind === 'apikey' || (await hasRole(ds, principal.userId, 'hr', config.hrUserIds));
    // A manager ranks the people they lead (and themselves), never above or beside.
    const scope = everyone || principal.kind !== 'user' ? null : await managerView(ds, principal.userId);
    if (scope && !scope.departmentIds.includes(departmentId)) throw new AuthError(403, '只有 HR 和该部门的主管可以查看排行');
    const period = periodFrom(ctx);
    const ids = (await periodMemberIds(ds, period, [departmentId])).filter((id) => !scope || scope.userIds.has(id));
    const views = [...(await computeScorecards(ds, ids, period, tz, clock())).values()];
    views.sort((a, b) => (b.total ?? -1) - (a.total ?? -1));
    // Competition ranking within the department (1, 2, 2, 4); no total, no rank.
    const rankOf = (total: number | null) => (total === null ? null : 1 + views.filter((v) => v.total !== null && v.total > total + 1e-9).length);
    ctx.body = {
      departmentId,
      period: { key: period.key, label: period.label },
      ranking: views.map((v) => ({ userId: v.userId, name: v.employee.name, position: v.employee.position, total: v.total, display: v.totalDisplay, rank: rankOf(v.total) })),
    };
  }));

  router.get('/api/v1/scorecards/:userid', guard(deps, async (ctx) => {
    const principal = await auth(ctx, 'scorecards:read');
    const userId = ctx.params.userid;
    if (!(await canViewEmployee(ds, principal, userId, config.hrUserIds))) throw new AuthError(403, '无权查看该员工的绩效');
    const view = await computeEmployeeScorecard(ds, userId, periodFrom(ctx), tz, clock());
    if (!view) return notFound(ctx, `通讯录中没有员工 ${userId}`);
    ctx.body = view;
  }));
}

function presentMetric(m: MetricDefinition) {
  return {
    code: m.code,
    name: m.name,
    department: m.department,
    unit: m.unit,
    direction: m.direction,
    formula: m.formula,
    inputs: m.inputs,
    source: { system: m.sourceSystem, note: m.sourceNote },
    suggestedTarget: m.suggestedTarget,
    targetKind: m.targetKind,
    description: m.description,
  };
}

function notFound(ctx: Context, message: string): void {
  ctx.status = 404;
  ctx.body = { error: 'not_found', message };
}

/** Maps typed errors to statuses in one place. */
function guard(deps: ApiDeps, handler: (ctx: Context) => Promise<void>) {
  return async (ctx: Context) => {
    try {
      await handler(ctx);
    } catch (err) {
      if (err instanceof AuthError) {
        ctx.status = err.status;
        ctx.body = { error: err.status === 401 ? 'unauthorized' : 'forbidden', message: err.reason };
      } else if (err instanceof BodyError) {
        ctx.status = err.status;
        ctx.body = { error: 'bad_body', message: err.message };
      } else if (err instanceof ImportBusyError) {
        ctx.status = 503;
        ctx.set('Retry-After', '60');
        ctx.body = { error: err.code, message: err.message };
      } else if (err instanceof ValidationError) {
        ctx.status = 400;
        ctx.body = { error: 'invalid', field: err.field, message: err.message };
      } else {
        deps.logger.error({ err, path: ctx.path }, 'API request failed');
        ctx.status = 500;
        ctx.body = { error: 'internal_error', message: '服务器内部错误' };
      }
    }
  };
}
