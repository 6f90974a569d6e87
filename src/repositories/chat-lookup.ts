/**
 * What the review and HR commands need to resolve from a chat message: one person (never a guess),
 * a period word (本周, 上月, 2026-11 …), a department by name, and the departments a manager oversees.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { buildPersonChoiceCard, pickKey } from '../../cards/person-choice-card';
import { AnswerError } from '../bot/answer-error';
import type { Config } from '../config';
import { PERIOD_EXAMPLES, parsePeriodPhrase } from '../chat/periods';
import type { Period } from '../domain/periods';
import { Department, Employee } from '../entities';
import { signViewerToken } from '../http/auth';
import { findReports } from '../jobs/org-sync';
import { UserError } from '../wecom/errors';
import { managerView } from './access';
import { findPerson } from './people';

/**
 * The one active member a mention names. Several matches (or part of a name) are answered with a
 * card to tap, each button running `example(userId)`; nobody → a UserError that explains.
 */
export async function requirePerson(ds: DataSource, mention: string, example: (userId: string) => string): Promise<Employee> {
  const found = await findPerson(ds, mention);
  if (found.kind === 'one') return found.employee;
  if (found.kind === 'none') {
    throw new UserError(`通讯录中没有找到“${found.query || mention}”。请检查姓名，或使用企业微信账号（如 @zhangsan）。`);
  }
  const departments = await departmentNames(ds);
  const query = mention.replace(/^[@＠]\s*/, '');
  const choices = found.candidates.map((e) => ({
    userId: e.userId, name: e.name, command: example(e.userId),
    detail: [departments.get(e.mainDepartmentId ?? -1), e.position].filter(Boolean).join(' · '),
  }));
  const lines = choices.map((c) => `• ${c.name}（${c.detail || '未分部门'}）：${c.command}`);
  const text = [`“${query}”对应多位同事，请点选或发送：`, ...lines].join('\n');
  if (choices.every((c) => pickKey(c.command))) {
    throw new AnswerError(text, { card: buildPersonChoiceCard(query, choices, `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`) });
  }
  throw new UserError(text);
}

/** A period as people write it (本周, 上月, 11月, 第48周, Q4, 2026-11 …); anything else → UserError. */
export function resolvePeriod(text: string, now: Date, tz: string): Period {
  const period = parsePeriodPhrase(text, now, tz);
  if (!period) throw new UserError(`“${text}”不是周期。可以这样写：${PERIOD_EXAMPLES}。`);
  return period;
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
