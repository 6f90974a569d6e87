/**
 * 完成率 (process-record completeness): for each department and recent week, how many of its active
 * members got at least one behaviour tag or a written comment (a supervisor review with a comment,
 * counted in the week it was written or last changed).
 */
import { DataSource, In, Raw } from 'typeorm';
import type { Period } from '../domain/periods';
import { BehaviourTag, Department, Employee, SupervisorReview } from '../entities';

export interface CompletenessRow {
  departmentId: number;
  name: string;
  members: number;
  /** Per week, in the order of the weeks given: members with at least one record that week. */
  covered: number[];
}

/**
 * `departmentIds` null = every active department; `onlyUserIds` limits the members counted (a
 * manager's view: the people they lead). Departments without such members are left out.
 */
export async function computeCompleteness(ds: DataSource, departmentIds: number[] | null, weeks: readonly Period[], onlyUserIds?: ReadonlySet<string>): Promise<CompletenessRow[]> {
  if (weeks.length === 0) return [];
  const departments = (await ds.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'DESC', id: 'ASC' } })).filter(
    (d) => departmentIds === null || departmentIds.includes(d.id),
  );
  if (departments.length === 0) return [];
  const members = (
    await ds.getRepository(Employee).find({
      where: { active: true, mainDepartmentId: In(departments.map((d) => d.id)) },
      select: { userId: true, mainDepartmentId: true },
    })
  ).filter((m) => !onlyUserIds || onlyUserIds.has(m.userId));
  const ids = members.map((m) => m.userId);
  const from = weeks[0].start;
  const to = weeks[weeks.length - 1].end;
  const inRange = Raw((alias) => `${alias} >= :from AND ${alias} < :to`, { from, to });

  const activity = new Map<string, Set<number>>();
  const mark = (userId: string, at: Date) => {
    const w = weeks.findIndex((p) => at >= p.start && at < p.end);
    if (w < 0) return;
    const set = activity.get(userId) ?? new Set<number>();
    set.add(w);
    activity.set(userId, set);
  };
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const tags = await ds.getRepository(BehaviourTag).find({ where: { userId: In(chunk), createdAt: inRange }, select: { userId: true, createdAt: true } });
    tags.forEach((t) => mark(t.userId, t.createdAt));
    const reviews = await ds.getRepository(SupervisorReview).find({
      where: [
        { userId: In(chunk), createdAt: inRange },
        { userId: In(chunk), updatedAt: inRange },
      ],
      select: { userId: true, comment: true, createdAt: true, updatedAt: true },
    });
    for (const r of reviews.filter((r) => r.comment.trim() !== '')) {
      mark(r.userId, r.createdAt);
      mark(r.userId, r.updatedAt);
    }
  }

  const rows: CompletenessRow[] = [];
  for (const d of departments) {
    const inDept = members.filter((m) => m.mainDepartmentId === d.id);
    if (inDept.length === 0) continue;
    const covered = weeks.map((_, w) => inDept.filter((m) => activity.get(m.userId)?.has(w)).length);
    rows.push({ departmentId: d.id, name: d.name, members: inDept.length, covered });
  }
  return rows;
}
