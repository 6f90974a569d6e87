/**
 * Department names from an employee sheet to ids. A name not found is created under the root (HR
 * without WeCom sync has no other way to make one); a name shared by several departments must be
 * written as a path, e.g. 制造中心/生产部.
 */
import type { EntityManager } from 'typeorm';
import { Department } from '../entities';

/**
 * Ids for departments made by an import start high, away from the small ids WeCom assigns, so a
 * later switch to WeCom sync does not overwrite them.
 */
export const IMPORTED_DEPARTMENT_BASE = 1_000_000_000;

export type Resolved = { ok: true; id: number } | { ok: false; message: string };

export class DepartmentResolver {
  private readonly byId = new Map<number, Department>();
  readonly created: Department[] = [];
  private nextId: number;

  private constructor(
    departments: Department[],
    private readonly now: Date,
  ) {
    for (const d of departments) this.byId.set(d.id, d);
    this.nextId = Math.max(IMPORTED_DEPARTMENT_BASE, ...departments.map((d) => d.id + 1));
  }

  static async load(tx: EntityManager, now: Date): Promise<DepartmentResolver> {
    return new DepartmentResolver(await tx.getRepository(Department).find(), now);
  }

  get(id: number): Department | undefined {
    return this.byId.get(id);
  }

  resolve(text: string): Resolved {
    const path = text.normalize('NFKC').split('/').map((s) => s.trim()).filter(Boolean);
    const name = path[path.length - 1] ?? '';
    const matches = [...this.byId.values()].filter((d) => d.active && d.name === name && this.pathMatches(d, path));
    if (matches.length === 1) return { ok: true, id: matches[0].id };
    if (matches.length > 1) {
      const examples = matches.slice(0, 3).map((d) => this.pathOf(d).join('/'));
      return { ok: false, message: `有 ${matches.length} 个部门都叫“${name}”，请写出上级部门以区分，例如“${examples.join('”或“')}”` };
    }
    if (path.length > 1) return { ok: false, message: `未找到部门“${path.join('/')}”` };
    if (name.length > 128) return { ok: false, message: '部门名称不能超过 128 个字符' };
    return { ok: true, id: this.create(name).id };
  }

  private create(name: string): Department {
    const root = [...this.byId.values()].filter((d) => d.parentId === null && d.active).sort((a, b) => a.id - b.id)[0];
    const dept: Department = { id: this.nextId++, name, parentId: root?.id ?? null, sortOrder: 0, leaderUserIds: [], active: true, syncedAt: this.now };
    this.byId.set(dept.id, dept);
    this.created.push(dept);
    return dept;
  }

  /** Names from the top down; cycles in bad data end the walk. */
  private pathOf(d: Department): string[] {
    const names: string[] = [];
    const seen = new Set<number>();
    for (let cur: Department | undefined = d; cur && !seen.has(cur.id); cur = cur.parentId === null ? undefined : this.byId.get(cur.parentId)) {
      seen.add(cur.id);
      names.unshift(cur.name);
    }
    return names;
  }

  private pathMatches(d: Department, path: string[]): boolean {
    const full = this.pathOf(d);
    return path.length <= full.length && path.every((name, i) => full[full.length - path.length + i] === name);
  }

  /** Keeps each department's leader list in step with who the import says leads it. */
  setLeader(userId: string, departmentId: number, leads: boolean): Department | null {
    const d = this.byId.get(departmentId);
    if (!d || d.leaderUserIds.includes(userId) === leads) return null;
    d.leaderUserIds = leads ? [...d.leaderUserIds, userId] : d.leaderUserIds.filter((u) => u !== userId);
    return d;
  }
}
