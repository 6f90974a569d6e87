/**
 * Finding the person a manager means: '@zhangsan', 'zhangsan' or '张三'. An exact userid wins; then
 * an exact name among active members; several matches are returned for the caller to ask, never guessed.
 */
import type { DataSource } from 'typeorm';
import { Employee } from '../entities';

export type PersonMatch = { kind: 'one'; employee: Employee } | { kind: 'many'; candidates: Employee[] } | { kind: 'none'; query: string };

export function cleanMention(text: string): string {
  return text.trim().replace(/^[@＠]/, '').trim();
}

export async function findPerson(ds: DataSource, mention: string): Promise<PersonMatch> {
  const query = cleanMention(mention);
  if (!query) return { kind: 'none', query };
  const repo = ds.getRepository(Employee);
  const byId = await repo.findOneBy({ userId: query, active: true });
  if (byId) return { kind: 'one', employee: byId };
  const byName = await repo.findBy({ name: query, active: true });
  if (byName.length === 1) return { kind: 'one', employee: byName[0] };
  if (byName.length > 1) return { kind: 'many', candidates: byName };
  const active = await repo.findBy({ active: true });
  // WeCom reports userids lowercased, so a userid in another case is still exact.
  const sameId = active.filter((e) => e.userId.toLowerCase() === query.toLowerCase());
  if (sameId.length === 1) return { kind: 'one', employee: sameId[0] };
  // A partial name is only a suggestion: even a single candidate is offered for a tap, not taken.
  const partial = active.filter((e) => e.name.includes(query) || query.includes(e.name));
  if (partial.length > 0) return { kind: 'many', candidates: partial.slice(0, 10) };
  return { kind: 'none', query };
}
