/**
 * The org as it was: writers append to employee_org_history instead of overwriting the past, and
 * scoring asks where each member stood at a moment (a period's 期末, its last instant).
 */
import { Brackets, DataSource, EntityManager, In, IsNull } from 'typeorm';
import { Employee, EmployeeOrgHistory } from '../entities';

const CHUNK = 500;
/** Read-only lookups by userid: fewer, larger IN lists (both databases take thousands of parameters). */
const READ_CHUNK = 5000;

/** Where history starts (as the migration's backfill does). */
export const HISTORY_START = new Date(0);

/** The fields of a member that history keeps (what scoring and peer ranking depend on). */
export type OrgPlacement = Pick<EmployeeOrgHistory, 'mainDepartmentId' | 'departmentIds' | 'leadsDepartmentIds' | 'directLeaderIds' | 'position' | 'active'>;

export function placementOf(e: OrgPlacement): OrgPlacement {
  return {
    mainDepartmentId: e.mainDepartmentId,
    departmentIds: e.departmentIds,
    leadsDepartmentIds: e.leadsDepartmentIds,
    directLeaderIds: e.directLeaderIds,
    position: e.position,
    active: e.active,
  };
}

function samePlacement(a: OrgPlacement, b: OrgPlacement): boolean {
  return JSON.stringify(placementOf(a)) === JSON.stringify(placementOf(b));
}

/**
 * Records the members' placements as of `now`: an unchanged member is left alone; a changed one
 * has the open row closed at `now` and a new one opened. A member seen for the first time gets a
 * row from the beginning of history: nothing earlier is known, and their records may go back further.
 */
export async function recordOrgHistory(tx: EntityManager, members: Employee[], now: Date): Promise<number> {
  const repo = tx.getRepository(EmployeeOrgHistory);
  let changed = 0;
  for (let i = 0; i < members.length; i += CHUNK) {
    const chunk = members.slice(i, i + CHUNK);
    const open = new Map(
      (await repo.find({ where: { userId: In(chunk.map((m) => m.userId)), validTo: IsNull() } })).map((h) => [h.userId, h]),
    );
    const inserts: Array<Omit<EmployeeOrgHistory, 'id'>> = [];
    const closing: number[] = [];
    for (const m of chunk) {
      const current = open.get(m.userId);
      if (current && samePlacement(current, m)) continue;
      if (current) closing.push(current.id);
      inserts.push({ userId: m.userId, validFrom: current ? now : HISTORY_START, validTo: null, ...placementOf(m) });
    }
    if (closing.length > 0) await repo.update({ id: In(closing) }, { validTo: now });
    for (let j = 0; j < inserts.length; j += 200) await repo.insert(inserts.slice(j, j + 200));
    changed += inserts.length;
  }
  return changed;
}

/** A renamed userid keeps its history. */
export async function renameOrgHistory(tx: EntityManager, from: string, to: string): Promise<void> {
  await tx.getRepository(EmployeeOrgHistory).update({ userId: from }, { userId: to });
}

/** Rows in force at `at`: validFrom ≤ at < validTo (or open). */
function inForce(at: Date) {
  return new Brackets((qb) => {
    qb.where('h.valid_from <= :at', { at }).andWhere(new Brackets((q2) => q2.where('h.valid_to IS NULL').orWhere('h.valid_to > :at', { at })));
  });
}

/** What scoring needs of a placement: the department and position of the period, and whether active then. */
export type PeriodPlacement = Pick<OrgPlacement, 'mainDepartmentId' | 'position' | 'active'>;

/**
 * Where each of `userIds` stood at `at`. A member with no history at all (written before history
 * existed, or by a path that keeps none) is taken as today's row; a member who joined after `at`
 * is taken with their first placement but marked not active then (scored, never ranked).
 */
export async function placementsAt(ds: DataSource, employees: Array<Pick<Employee, 'userId'> & PeriodPlacement>, at: Date): Promise<Map<string, PeriodPlacement>> {
  const out = new Map<string, PeriodPlacement>();
  for (let i = 0; i < employees.length; i += READ_CHUNK) {
    const ids = employees.slice(i, i + READ_CHUNK).map((e) => e.userId);
    // Raw columns, not entities: a company's worth of rows without parsing the JSON columns.
    const rows = await ds
      .getRepository(EmployeeOrgHistory)
      .createQueryBuilder('h')
      .select(['h.user_id AS userId', 'h.main_department_id AS departmentId', 'h.position AS position', 'h.active AS active'])
      .where({ userId: In(ids) })
      .andWhere(inForce(at))
      .getRawMany<{ userId: string; departmentId: number | string | null; position: string; active: number | boolean | string }>();
    for (const r of rows) {
      out.set(r.userId, { mainDepartmentId: r.departmentId === null ? null : Number(r.departmentId), position: r.position, active: Number(r.active) === 1 || r.active === true });
    }
  }
  const missing = employees.filter((e) => !out.has(e.userId));
  if (missing.length === 0) return out;
  const later = new Map<string, EmployeeOrgHistory>();
  for (let i = 0; i < missing.length; i += CHUNK) {
    const rows = await ds.getRepository(EmployeeOrgHistory).find({ where: { userId: In(missing.slice(i, i + CHUNK).map((e) => e.userId)) }, order: { validFrom: 'DESC' } });
    for (const r of rows) later.set(r.userId, r); // descending, so the earliest row is kept
  }
  for (const e of missing) {
    const first = later.get(e.userId);
    out.set(e.userId, first ? { ...placementOf(first), active: false } : { mainDepartmentId: e.mainDepartmentId, position: e.position, active: e.active });
  }
  return out;
}

/**
 * Who was an active member of `departmentIds` (their main department) at `at`: the ranking of a
 * period contains the people of that period. Members without any history count by today's row.
 */
export async function membersAt(ds: DataSource, at: Date, departmentIds?: number[]): Promise<string[]> {
  const q = ds.getRepository(EmployeeOrgHistory).createQueryBuilder('h').select('h.user_id', 'userId').where('h.active = :active', { active: true }).andWhere(inForce(at));
  if (departmentIds) q.andWhere({ mainDepartmentId: In(departmentIds) });
  const dated = (await q.getRawMany<{ userId: string }>()).map((r) => r.userId);
  const undated = ds
    .getRepository(Employee)
    .createQueryBuilder('e')
    .select('e.user_id', 'userId')
    .where('e.active = :active', { active: true })
    .andWhere('NOT EXISTS (SELECT 1 FROM employee_org_history x WHERE x.user_id = e.user_id)');
  if (departmentIds) undated.andWhere({ mainDepartmentId: In(departmentIds) });
  const rest = (await undated.getRawMany<{ userId: string }>()).map((r) => r.userId);
  return [...new Set([...dated, ...rest])].sort();
}
