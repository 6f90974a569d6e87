/** Reads for the reference checks, in chunks so a 5,000-row file stays under bind-parameter limits. */
import { In } from 'typeorm';
import type { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { ImportError } from './types';

export async function findByKeys<T extends ObjectLiteral>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  key: keyof T & string,
  values: Iterable<string>,
): Promise<T[]> {
  const all = [...new Set(values)];
  const found: T[] = [];
  for (let i = 0; i < all.length; i += 500) {
    found.push(...(await tx.getRepository(entity).find({ where: { [key]: In(all.slice(i, i + 500)) } as FindOptionsWhere<T> })));
  }
  return found;
}

/**
 * Flags rows whose key repeats an earlier row's (same 工号 twice, …): in a spreadsheet that is a
 * copy-paste slip, and silently taking the last one would hide it.
 */
export function findRepeats<T extends { row: number }>(rows: T[], keyOf: (r: T) => string, column: string, what: string): ImportError[] {
  const first = new Map<string, number>();
  const errors: ImportError[] = [];
  for (const r of rows) {
    const key = keyOf(r);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, r.row);
    else errors.push({ row: r.row, column, message: `与第 ${earlier} 行的${what}重复` });
  }
  return errors;
}

/** The rows whose key is not repeated by an earlier row, for the checks that follow. */
export function firstOfEach<T>(rows: T[], keyOf: (r: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = keyOf(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
