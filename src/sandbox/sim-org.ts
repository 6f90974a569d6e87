/**
 * The simulator's in-memory address book: departments and members as WeCom's contact APIs return
 * them (§5). Tests mutate it to model org changes between syncs.
 */
import type { WeComDepartment, WeComUser } from '../wecom/api-types';

export interface SimOrgSeed {
  departments: WeComDepartment[];
  users: WeComUser[];
}

/** What addUser needs; the rest gets WeCom's defaults (active, no leader flags). */
export type NewSimUser = Pick<WeComUser, 'userid' | 'name' | 'department'> & Partial<WeComUser>;

export const ROOT_DEPARTMENT_ID = 1;

export class SimOrg {
  private readonly departments = new Map<number, WeComDepartment>();
  private readonly users = new Map<string, WeComUser>();

  constructor(seed?: SimOrgSeed) {
    if (!seed || !seed.departments.some((d) => d.id === ROOT_DEPARTMENT_ID)) {
      this.addDepartment({ id: ROOT_DEPARTMENT_ID, name: '总公司', parentid: 0 });
    }
    seed?.departments.forEach((d) => this.addDepartment(d));
    seed?.users.forEach((u) => this.addUser(u));
  }

  addDepartment(dept: WeComDepartment): WeComDepartment {
    if (dept.id !== ROOT_DEPARTMENT_ID && !this.departments.has(dept.parentid)) {
      throw new Error(`parent department ${dept.parentid} does not exist`);
    }
    const stored: WeComDepartment = { order: 0, ...dept };
    delete stored.department_leader; // derived on read, see withLeaders
    this.departments.set(dept.id, stored);
    return stored;
  }

  addUser(user: NewSimUser): WeComUser {
    if (this.users.has(user.userid)) throw new Error(`userid ${user.userid} already exists`);
    const stored: WeComUser = {
      position: '',
      is_leader_in_dept: user.department.map(() => 0),
      direct_leader: [],
      main_department: user.department[0] ?? ROOT_DEPARTMENT_ID,
      status: 1,
      ...user,
    };
    this.users.set(user.userid, stored);
    return stored;
  }

  updateUser(userid: string, patch: Partial<Omit<WeComUser, 'userid'>>): WeComUser {
    const current = this.users.get(userid);
    if (!current) throw new Error(`userid ${userid} does not exist`);
    const next = { ...current, ...patch };
    this.users.set(userid, next);
    return next;
  }

  removeUser(userid: string): void {
    this.users.delete(userid);
  }

  getUser(userid: string): WeComUser | undefined {
    return this.users.get(userid);
  }

  getDepartment(id: number): WeComDepartment | undefined {
    const dept = this.departments.get(id);
    return dept ? this.withLeaders(dept) : undefined;
  }

  listDepartments(): WeComDepartment[] {
    return [...this.departments.values()].map((d) => this.withLeaders(d));
  }

  listUsers(): WeComUser[] {
    return [...this.users.values()];
  }

  /** The department and all departments below it. */
  subtreeIds(id: number): number[] {
    const ids = [id];
    for (let i = 0; i < ids.length; i++) {
      for (const d of this.departments.values()) if (d.parentid === ids[i] && d.id !== ids[i]) ids.push(d.id);
    }
    return ids;
  }

  /** Members of the department (and below it, when fetchChild), in insertion order. */
  membersOf(id: number, fetchChild: boolean): WeComUser[] {
    const ids = new Set(fetchChild ? this.subtreeIds(id) : [id]);
    return this.listUsers().filter((u) => u.department.some((d) => ids.has(d)));
  }

  /** department_leader is derived from the members' is_leader_in_dept, so it never drifts. */
  private withLeaders(dept: WeComDepartment): WeComDepartment {
    const leaders = this.listUsers()
      .filter((u) => u.department.some((d, i) => d === dept.id && u.is_leader_in_dept[i] === 1))
      .map((u) => u.userid);
    return { ...dept, department_leader: leaders };
  }
}
