/**
 * What the review and HR commands need to resolve from a chat message: one person (never a guess),
 * a period word (本周, 上月, 2026-11 …), a department by name, and the departments a manager oversees.
 */
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { parsePeriod, periodOf, previousPeriod, type Period } from '../domain/periods';
import { Department, Employee } from '../entities';
import { signViewerToken } from '../http/auth';
import { UserError, ValidationError } from '../wecom/errors';
import { managerView } from './access';
import { findPerson } from './people';

/** The one active member a mention names; otherwise a UserError that lists candidates or explains. */
export async function requirePerson(ds: DataSource, mention: string, example: (userId: string) => string): Promise<Employee> {
  const found = await findPerson(ds, mention);
  if (found.kind === 'one') return found.employee;
  if (found.kind === 'none') {
    throw new UserError(`通讯录中没有找到“${found.query || mention}”。请检查姓名，或使用企业微信账号（如 @zhangsan）。`);
  }
  const departments = await departmentNames(ds);
  const lines = found.candidates.map((e) => `• ${e.name}（${departments.get(e.mainDepartmentId ?? -1) ?? '未分部门'}·${e.position || '—'}）账号 ${e.userId}`);
  throw new UserError([`“${mention.replace(/^[@＠]/, '')}”对应多位同事，请用账号指定：`, ...lines, `例如：${example(found.candidates[0].userId)}`].join('\n'));
}

const PERIOD_WORDS: Record<string, (now: Date, tz: string) => Period> = {
  本周: (now, tz) => periodOf('week', now, tz),
  这周: (now, tz) => periodOf('week', now, tz),
  上周: (now, tz) => previousPeriod(periodOf('week', now, tz), tz),
  本月: (now, tz) => periodOf('month', now, tz),
  这个月: (now, tz) => periodOf('month', now, tz),
  上月: (now, tz) => previousPeriod(periodOf('month', now, tz), tz),
  上个月: (now, tz) => previousPeriod(periodOf('month', now, tz), tz),
  本季度: (now, tz) => periodOf('quarter', now, tz),
  本季: (now, tz) => periodOf('quarter', now, tz),
  上季度: (now, tz) => previousPeriod(periodOf('quarter', now, tz), tz),
};

export function isPeriodWord(text: string): boolean {
  return text in PERIOD_WORDS || /^\d{4}-(W?\d{1,2}|Q\d)$/i.test(text);
}

/** 本周/上周/本月/上月/本季度/上季度 or a key like 2026-W48, 2026-11, 2026-Q4; a bad one → UserError. */
export function resolvePeriod(text: string, now: Date, tz: string): Period {
  const word = PERIOD_WORDS[text.trim()];
  if (word) return word(now, tz);
  try {
    return parsePeriod(text, tz);
  } catch (err) {
    if (err instanceof ValidationError) throw new UserError(`${err.message}。也可以用：本周、上周、本月、上月、本季度。`);
    throw err;
  }
}

export async function departmentNames(ds: DataSource): Promise<Map<number, string>> {
  const all = await ds.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'DESC', id: 'ASC' } });
  return new Map(all.map((d) => [d.id, d.name]));
}

/** A department by exact name, or the single one whose name contains (or is contained in) the text. */
export async function requireDepartment(ds: DataSource, name: string): Promise<Department> {
  const all = await ds.getRepository(Department).find({ where: { active: true }, order: { sortOrder: 'DESC', id: 'ASC' } });
  const exact = all.find((d) => d.name === name);
  if (exact) return exact;
  const partial = all.filter((d) => d.name.includes(name) || name.includes(d.name));
  if (partial.length === 1) return partial[0];
  throw new UserError(`没有找到部门“${name}”。现有部门：${all.map((d) => d.name).join('、') || '（暂无）'}`);
}

/** The ids of `roots` and every active department below them. */
export async function withDescendants(ds: DataSource, roots: number[]): Promise<number[]> {
  const all = await ds.getRepository(Department).findBy({ active: true });
  const out = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of all) {
      if (d.parentId !== null && out.has(d.parentId) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
    }
  }
  return [...out];
}

/** The departments where a manager leads someone (see managerView). Empty for a member who manages no one. */
export async function managedDepartmentIds(ds: DataSource, userId: string): Promise<number[]> {
  return (await managerView(ds, userId)).departmentIds;
}

/** Viewer links in cards stay valid this long. */
export const LINK_TTL_MS = 7 * 24 * 3600 * 1000;

/** A link for `viewerId` to a page or API path, signed with an expiring viewer token that opens only this path and query. */
export function viewerLink(config: Config, viewerId: string, path: string, params: Record<string, string>, now: Date): string {
  const base = (config.publicUrl ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  const t = signViewerToken(config.linkSecret, viewerId, new Date(now.getTime() + LINK_TTL_MS), { path, params });
  return `${base}${path}?${new URLSearchParams({ ...params, t }).toString()}`;
}
