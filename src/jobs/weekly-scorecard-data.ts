/**
 * What the Friday scorecard and its detail page show beside the scores: the tags of the period
 * and the supervisor's comment (batched for a whole company), who reports to whom (in memory, so
 * ten thousand employees cost one query), who has the HR role, and the source records behind a line.
 */
import { DataSource, In } from 'typeorm';
import type { Period } from '../domain/periods';
import { BehaviourTag, Employee, MetricDefinition, MetricRecord, SupervisorReview } from '../entities';

const CHUNK = 500;

export interface TagItem {
  polarity: 'praise' | 'remind';
  tag: string;
  note: string;
  authorName: string;
  createdAt: Date;
}

export interface ReviewItem {
  periodKey: string;
  stars: number;
  comment: string;
  reviewerName: string;
}

export interface PeriodExtras {
  tags: Map<string, TagItem[]>;
  reviews: Map<string, ReviewItem>;
}

/**
 * The tags given in [period.start, period.end) and the supervisor's review of one of `monthKeys`
 * (the first key that has one wins, so pass the preferred month first), for every user at once.
 */
export async function loadPeriodExtras(ds: DataSource, userIds: string[], period: Period, monthKeys: string[]): Promise<PeriodExtras> {
  const tagRows: BehaviourTag[] = [];
  const reviewRows: SupervisorReview[] = [];
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const ids = userIds.slice(i, i + CHUNK);
    tagRows.push(
      ...(await ds
        .getRepository(BehaviourTag)
        .createQueryBuilder('t')
        .where({ userId: In(ids) })
        .andWhere('t.created_at >= :start AND t.created_at < :end', { start: period.start, end: period.end })
        .orderBy('t.created_at', 'ASC')
        .addOrderBy('t.id', 'ASC')
        .getMany()),
    );
    reviewRows.push(...(await ds.getRepository(SupervisorReview).find({ where: { userId: In(ids), periodKey: In(monthKeys) } })));
  }
  const names = await employeeNames(ds, [...tagRows.map((t) => t.authorId), ...reviewRows.map((r) => r.reviewerId)]);
  const tags = new Map<string, TagItem[]>();
  for (const t of tagRows) {
    const item: TagItem = { polarity: t.polarity, tag: t.tag, note: t.note, authorName: names.get(t.authorId) ?? t.authorId, createdAt: t.createdAt };
    tags.set(t.userId, [...(tags.get(t.userId) ?? []), item]);
  }
  const reviews = new Map<string, ReviewItem>();
  for (const key of [...monthKeys].reverse()) {
    for (const r of reviewRows.filter((row) => row.periodKey === key)) {
      reviews.set(r.userId, { periodKey: r.periodKey, stars: r.stars, comment: r.comment, reviewerName: names.get(r.reviewerId) ?? r.reviewerId });
    }
  }
  return { tags, reviews };
}

async function employeeNames(ds: DataSource, userIds: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds)];
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ds.getRepository(Employee).find({ where: { userId: In(ids.slice(i, i + CHUNK)) }, select: { userId: true, name: true } });
    for (const e of rows) out.set(e.userId, e.name);
  }
  return out;
}


/** Source records shown per line; the page says how many more there are. */
export const MAX_RECORDS_PER_PAGE = 1000;

export interface SourceData {
  definitions: Map<string, MetricDefinition>;
  records: MetricRecord[];
  /** Records in the period beyond MAX_RECORDS_PER_PAGE, not loaded. */
  more: number;
}

/** The definitions of `codes` and one employee's records of their inputs in the period, oldest first. */
export async function loadSourceData(ds: DataSource, userId: string, codes: string[], period: Period): Promise<SourceData> {
  const definitions = new Map(
    (codes.length === 0 ? [] : await ds.getRepository(MetricDefinition).find({ where: { code: In(codes) } })).map((d) => [d.code, d]),
  );
  const inputs = [...new Set([...definitions.values()].flatMap((d) => d.inputs.map((i) => i.name)))];
  if (inputs.length === 0) return { definitions, records: [], more: 0 };
  const query = ds
    .getRepository(MetricRecord)
    .createQueryBuilder('r')
    .where({ userId, input: In(inputs) })
    .andWhere('r.occurred_at >= :start AND r.occurred_at < :end', { start: period.start, end: period.end });
  const total = await query.clone().getCount();
  const records = await query.orderBy('r.occurred_at', 'ASC').addOrderBy('r.id', 'ASC').take(MAX_RECORDS_PER_PAGE).getMany();
  return { definitions, records, more: Math.max(0, total - records.length) };
}

