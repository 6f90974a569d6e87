/**
 * The demo factory's people side over the history window: leaders' praise and reminder tags,
 * monthly supervisor reviews, cross-department collaboration ratings, suggestions and exception
 * claims (most decided, a few pending for an approval to try). Bulk inserts, deterministic.
 */
import type { DataSource } from 'typeorm';
import { formatLocal, parseLocal, periodOf } from '../domain/periods';
import {
  BehaviourTag, CollaborationRating, Employee, ExceptionClaim, Suggestion, SupervisorReview, TagType,
} from '../entities';
import { isDemoWorkday } from './demo-records';

type Rand = () => number;

/**
 * Bulk inserts in one transaction (SQLite then syncs once), in chunks small enough for SQLite's
 * variable limit and MariaDB's packet size, without reading generated ids back.
 */
export async function insertChunked(ds: DataSource, entity: Function, rows: object[], chunk = 400): Promise<void> {
  await ds.transaction(async (m) => {
    for (let i = 0; i < rows.length; i += chunk) {
      await m.createQueryBuilder().insert().into(entity).values(rows.slice(i, i + chunk) as never).updateEntity(false).execute();
    }
  });
}

/** A datetime(3) column's stored form on SQLite and MariaDB alike (TypeORM's own): UTC, 'YYYY-MM-DD HH:MM:SS.mmm'. */
export const sqlDateTime = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 23);

/** Raw multi-row INSERTs (`?` placeholders work on both databases) for the few hundred thousand metric records. */
export async function insertRaw(ds: DataSource, table: string, columns: string[], rows: Array<Array<string | number>>): Promise<void> {
  const perStatement = 1000; // short statements keep the event loop (and the simulator beside it) responsive
  const tuple = `(${columns.map(() => '?').join(',')})`;
  await ds.transaction(async (m) => {
    for (let i = 0; i < rows.length; i += perStatement) {
      const batch = rows.slice(i, i + perStatement);
      await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${new Array<string>(batch.length).fill(tuple).join(',')}`, batch.flat());
    }
  });
}

export interface ActivityInput {
  employees: Employee[];
  now: Date;
  since: Date;
  timeZone: string;
  rnd: Rand;
  skill: Map<string, number>;
}

const PRAISE_NOTES = ['夜班主动顶岗', '换线比计划提前半小时', '带新人上手很快', '主动发现来料问题', '5S 区域保持得很好', '配合紧急插单'];
const REMIND_NOTES = ['首件未按时送检', '劳保用品未按要求佩戴', '交接班记录不完整', '工位物料摆放不规范'];
const REVIEW_COMMENTS = [
  ['工作积极，质量稳定，继续保持', '本月表现突出，主动承担额外任务'],
  ['完成了本月任务，个别指标需要再提升', '整体稳定，建议多参加技能培训'],
  ['本月有两次质量提醒，需要加强规范意识', '产出偏低，下月重点跟进'],
];
const RATING_NOTES = ['配合及时', '沟通顺畅，响应快', '资料提供完整', '能主动协调', '有时响应慢'];
const SUGGESTIONS = [
  '建议二号线增加一个物料暂存架，减少来回走动', '夜班食堂能否延长半小时', '建议首件检验改为扫码登记', '仓库出库单能否提前一天推送到班组',
  '建议把 5S 检查结果贴在看板上', '冲压模具保养周期建议从 3 个月改为 2 个月', '希望增加叉车安全培训', '建议质检和生产每周开一次短会',
];

const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const monthsBetween = (since: Date, now: Date, tz: string): Array<{ key: string; start: Date; end: Date }> => {
  const out = [];
  for (let p = periodOf('month', since, tz); p.start < now; p = periodOf('month', p.end, tz)) out.push(p);
  return out;
};

export async function seedDemoActivity(ds: DataSource, input: ActivityInput) {
  const { employees, now, since, timeZone: tz, rnd, skill } = input;
  const active = employees.filter((e) => e.active);
  const byLeader = new Map<string, Employee[]>();
  for (const e of employees) {
    const leader = e.directLeaderIds[0];
    if (leader) byLeader.set(leader, [...(byLeader.get(leader) ?? []), e]);
  }
  const types = await ds.getRepository(TagType).find({ where: { active: true }, order: { sortOrder: 'ASC' } });
  const praise = types.filter((t) => t.polarity === 'praise');
  const remind = types.filter((t) => t.polarity === 'remind');
  const at = (day: Date, hour: number) => parseLocal(`${formatLocal(day, tz).slice(0, 10)} ${String(hour).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`, tz);

  // Tags: each leader, on about one working day in three, tags one of the team; weaker people get reminders.
  const tags: Partial<BehaviourTag>[] = [];
  for (let d = new Date(since); d < now; d = new Date(d.getTime() + 86_400_000)) {
    if (!isDemoWorkday(formatLocal(d, tz).slice(0, 10))) continue;
    for (const [leaderId, team] of byLeader) {
      if (rnd() > 0.33 || praise.length === 0) continue;
      const who = pick(rnd, team);
      if (!who.active && rnd() < 0.9) continue;
      const good = rnd() < 0.55 + 0.4 * (skill.get(who.userId) ?? 0.5);
      const type = good || remind.length === 0 ? pick(rnd, praise) : pick(rnd, remind);
      const createdAt = at(d, 9 + Math.floor(rnd() * 8));
      if (createdAt >= now) continue;
      tags.push({ userId: who.userId, authorId: leaderId, polarity: type.polarity, tag: type.label, weight: type.weight, note: pick(rnd, good ? PRAISE_NOTES : REMIND_NOTES), createdAt });
    }
  }

  // Reviews: every finished month for everyone with a leader; this month only once the 25th has passed, for about half.
  const reviews: Partial<SupervisorReview>[] = [];
  const ratings: Partial<CollaborationRating>[] = [];
  const current = periodOf('month', now, tz);
  const reviewDay = Number(formatLocal(now, tz).slice(8, 10));
  for (const month of monthsBetween(since, now, tz)) {
    const finished = month.end <= current.start;
    const written = new Date(Math.min(month.end.getTime() - 4 * 86_400_000, now.getTime() - 3_600_000));
    for (const e of active) {
      const leader = e.directLeaderIds[0];
      if (!leader) continue;
      if (finished || (reviewDay >= 26 && rnd() < 0.5)) {
        const s = skill.get(e.userId) ?? 0.5;
        const stars = Math.max(2, Math.min(5, Math.round(2.5 + s * 2.5 + (rnd() - 0.5))));
        const tier = stars >= 5 ? 0 : stars >= 4 ? 1 : 2;
        reviews.push({ userId: e.userId, reviewerId: leader, periodKey: month.key, stars, comment: pick(rnd, REVIEW_COMMENTS[tier]!), createdAt: written, updatedAt: written });
      }
      // One or two colleagues from other departments rate most people each month.
      const raters = new Set<string>();
      for (let k = 0; k < 2 && rnd() < 0.75; k++) {
        const rater = pick(rnd, active);
        if (rater.mainDepartmentId === e.mainDepartmentId || raters.has(rater.userId)) continue;
        raters.add(rater.userId);
        ratings.push({ userId: e.userId, raterId: rater.userId, periodKey: month.key, stars: 3 + Math.floor(rnd() * 3), note: pick(rnd, RATING_NOTES), createdAt: written });
      }
    }
  }

  const span = now.getTime() - since.getTime();
  const suggestions: Partial<Suggestion>[] = Array.from({ length: 40 }, (_, i) => ({
    userId: pick(rnd, active).userId,
    content: pick(rnd, SUGGESTIONS),
    status: i % 5 === 0 ? 'adopted' : i % 7 === 0 ? 'closed' : 'open',
    createdAt: new Date(since.getTime() + rnd() * span),
  }));

  // Exception claims from the shop floor and the warehouse: decided, except the last fortnight's few.
  const floor = active.filter((e) => ['操作工', '班组长', '仓管员'].includes(e.position) && e.directLeaderIds[0]);
  const claims: Partial<ExceptionClaim>[] = [];
  for (let i = 0; i < 30 && floor.length > 0; i++) {
    const who = pick(rnd, floor);
    const kind = pick(rnd, ['设备故障', '设备故障', '物料延迟', '停电'] as const);
    let day = new Date(since.getTime() + rnd() * span);
    while (!isDemoWorkday(formatLocal(day, tz).slice(0, 10))) day = new Date(day.getTime() - 86_400_000);
    const startAt = at(day, 8 + Math.floor(rnd() * 6));
    const endAt = new Date(startAt.getTime() + (1 + Math.floor(rnd() * 3)) * 3_600_000);
    if (endAt >= now) continue;
    const recent = now.getTime() - endAt.getTime() < 14 * 86_400_000;
    const status = recent && rnd() < 0.5 ? 'pending' : rnd() < 0.8 ? 'approved' : 'rejected';
    const metricCodes = kind === '物料延迟' ? ['work_orders_completed'] : who.position === '仓管员' ? ['warehouse_timeliness'] : ['equipment_downtime', 'work_orders_completed'];
    const note = kind === '设备故障' ? '设备停机待修，已报设备科' : kind === '物料延迟' ? '上道工序来料延迟' : '车间计划外停电';
    claims.push({
      userId: who.userId, kind, metricCodes, startAt, endAt, note, evidence: [], status,
      approverId: status === 'pending' ? null : who.directLeaderIds[0]!,
      decidedAt: status === 'pending' ? null : new Date(endAt.getTime() + 20 * 3_600_000),
      createdAt: new Date(endAt.getTime() + 3_600_000),
    });
  }

  await insertChunked(ds, BehaviourTag, tags);
  await insertChunked(ds, SupervisorReview, reviews);
  await insertChunked(ds, CollaborationRating, ratings);
  await insertChunked(ds, Suggestion, suggestions);
  await insertChunked(ds, ExceptionClaim, claims);
  return { tags: tags.length, reviews: reviews.length, ratings: ratings.length, suggestions: suggestions.length, exceptions: claims.length };
}
