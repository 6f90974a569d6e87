/**
 * A seeded week for the Friday scorecard (frozen at Fri 2026-11-27 17:00 Asia/Shanghai, ISO week
 * 2026-W48 = Mon 23 – Sun 29 Nov; November has 21 working days, the week 5), and a JobContext that
 * delivers through the outbox the way the runner does, without the runner.
 *
 * 赵磊 zhaolei (生产部 操作工, →李华):
 *   scrap_rate, floor, limit 2 %, weight 50: good 485, scrap 15 → 3 % → 100 × (4 − 3) / 2 = 50, below floor
 *   work_orders_completed, 42/month, weight 50: week target 42 × 5/21 = 10; 4 + 4 = 8 → 80
 *   automatic 65; review (李华, 3 星) 60; no collaboration → total (0.7×65 + 0.2×60)/0.9 = 63.888… → 63.9
 *   month so far (Nov): orders 10 + 8 = 18 of 42 → 42.857…; scrap 50 → automatic 46.428…
 *     → (0.7 × 46.428… + 0.2 × 60) / 0.9 = 44.5 / 0.9 = 49.444… → 49.4
 * 孙丽 sunli (生产部 操作工, →李华): work_orders_completed 42/month, weight 100: 12 this week → 120 % →
 *   capped 100; collaboration from 吴昊 4 星 → 80; total (0.7×100 + 0.1×80)/0.8 = 97.5 (month: 12/42)
 * 吴昊 wuhao (质量部, →周敏): key result 推动新检测工艺上线 60 %, weight 100; review (周敏, 4 星) 80. A
 *   monthly key result shows as progress on a weekly card and weighs in its month (docs/scoring.md
 *   §8), so the week has only the review (20% < 70%, no automatic data) → 数据不足, not ranked.
 * 陈静 chenjing (研发部, →刘洋): six metrics without records and three long key results (more than fits);
 *   35, 80 and 50 % at weight 20 each: progress only in the week → 数据不足 (in November: 55).
 * 行为分 (November's tags): 赵磊 +3 − 3 → 60; everyone else no tags → 60; not in the total.
 * 杨帆 yangfan: assignments, but left the company (inactive).
 * Everyone else has nothing assigned. HR: heping (configured) and zhoumin (granted the role).
 */
import type { DataSource } from 'typeorm';
import { toOutboundBody } from '../../src/bot/context';
import {
  BehaviourTag, CollaborationRating, Employee, Goal, MetricAssignment, MetricRecord, SupervisorReview, UserRole,
} from '../../src/entities';
import type { JobContext, JobRunInfo } from '../../src/jobs/job';
import { weeklyScorecardJob } from '../../src/jobs/weekly-scorecard';
import type { OutboundMessage } from '../../src/wecom/api-types';
import type { Harness } from '../helpers/app';

export const FRIDAY = new Date('2026-11-27T09:00:00Z');
export const WEEK = '2026-W48';
export const at = (local: string) => new Date(`${local}+08:00`);

export async function seedWeek(ds: DataSource): Promise<void> {
  const now = at('2026-11-01T08:00:00');
  const assign = (userId: string, metricCode: string, target: number, weight: number, floor = false) =>
    ({ userId, metricCode, periodKey: '', target, weight, floor, updatedAt: now });
  await ds.getRepository(MetricAssignment).insert([
    assign('zhaolei', 'scrap_rate', 2, 50, true),
    assign('zhaolei', 'work_orders_completed', 42, 50),
    assign('sunli', 'work_orders_completed', 42, 100),
    ...['rd_milestone_rate', 'design_review_pass_rate', 'design_changes', 'training_hours', 'five_s_score', 'safety_incidents'].map((c) =>
      assign('chenjing', c, c === 'design_changes' || c === 'safety_incidents' ? 1 : 90, 10)),
    assign('yangfan', 'training_hours', 8, 100),
  ]);
  let n = 0;
  const rec = (userId: string, input: string, value: number, local: string, ref = '') =>
    ({ userId, input, value, occurredAt: at(local), source: 'MES', externalId: `MES-${++n}`, ref, createdAt: now });
  await ds.getRepository(MetricRecord).insert([
    rec('zhaolei', 'good', 485, '2026-11-24T16:00:00', '工单 WO-2411'),
    rec('zhaolei', 'scrap', 15, '2026-11-24T16:00:00', '工单 WO-2411'),
    rec('zhaolei', 'completed', 4, '2026-11-24T17:00:00', '报工 WO-2411'),
    rec('zhaolei', 'completed', 4, '2026-11-26T17:00:00', '报工 WO-2612'),
    rec('zhaolei', 'completed', 10, '2026-11-10T17:00:00', '报工 WO-1001'),
    rec('sunli', 'completed', 12, '2026-11-25T17:00:00', '报工 WO-2503'),
    rec('yangfan', 'hours', 8, '2026-11-24T10:00:00'),
  ]);
  const kr = (ownerUserId: string, title: string, weight: number, progress: number) =>
    ({ level: 'key_result' as const, title, ownerUserId, parentId: null, periodKey: '2026-11', weight, progress, createdAt: now, updatedAt: now });
  await ds.getRepository(Goal).insert([
    kr('wuhao', '推动新检测工艺上线', 100, 60),
    kr('chenjing', '完成新一代精密主轴的工艺验证并导入小批量试产', 20, 35),
    kr('chenjing', '整理并发布数控车削工序的标准作业指导书第二版', 20, 80),
    kr('chenjing', '牵头完成三坐标测量程序的离线编程与首件检验流程优化', 20, 50),
  ]);
  await ds.getRepository(SupervisorReview).insert([
    { userId: 'zhaolei', reviewerId: 'lihua', periodKey: '2026-11', stars: 3, comment: '产量稳定，报废偏高，注意首件检查。', createdAt: now, updatedAt: now },
    { userId: 'wuhao', reviewerId: 'zhoumin', periodKey: '2026-11', stars: 4, comment: '检验细致，报告及时。', createdAt: now, updatedAt: now },
  ]);
  await ds.getRepository(CollaborationRating).insert({ userId: 'sunli', raterId: 'wuhao', periodKey: '2026-11', stars: 4, note: '配合首件检验', createdAt: now });
  const tag = (userId: string, polarity: 'praise' | 'remind', name: string, weight: number, local: string) =>
    ({ userId, authorId: 'lihua', polarity, tag: name, weight, note: '', createdAt: at(local) });
  await ds.getRepository(BehaviourTag).insert([
    tag('zhaolei', 'praise', '主动加班支援', 3, '2026-11-25T18:00:00'),
    tag('zhaolei', 'remind', '安全规范提醒', -3, '2026-11-18T10:00:00'), // last week: not on this card
  ]);
  await ds.getRepository(UserRole).insert({ userId: 'zhoumin', role: 'hr', grantedAt: now });
  await ds.getRepository(Employee).update({ userId: 'yangfan' }, { active: false, status: 5 });
}

export interface TestRun {
  ctx: JobContext;
  skipped: Array<{ userId: string; reason: string }>;
  results: Array<{ userId: string; key: string; result: string }>;
}

/** A run as the runner would give it: deliver() → outbox with the (job, period, key) dedupe key. */
export function testRun(h: Harness, opts: { runId?: number; firedAt?: Date; dryRun?: boolean } = {}): TestRun {
  const firedAt = opts.firedAt ?? FRIDAY;
  const run: JobRunInfo = {
    id: opts.runId ?? 1,
    job: weeklyScorecardJob.name,
    periodKey: weeklyScorecardJob.periodKeyFor(firedAt, h.config.timezone),
    firedAt,
    dryRun: opts.dryRun ?? false,
  };
  const skipped: TestRun['skipped'] = [];
  const results: TestRun['results'] = [];
  const ctx: JobContext = {
    ds: h.ds,
    services: h.app.services,
    log: h.app.logger,
    run,
    async deliver(userId, content, key) {
      let result: 'queued' | 'duplicate' | 'dry-run' = 'dry-run';
      if (!run.dryRun) {
        const message = { touser: [userId], ...toOutboundBody(content) } as OutboundMessage;
        const id = await h.app.outbox.enqueue({ kind: 'message', message, dedupeKey: `${run.job}:${run.periodKey}:${key}` });
        result = id === null ? 'duplicate' : 'queued';
      }
      results.push({ userId, key, result });
      return result;
    },
    skip(userId, reason) {
      skipped.push({ userId, reason });
    },
  };
  return { ctx, skipped, results };
}
