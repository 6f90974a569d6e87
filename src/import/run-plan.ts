/**
 * The all-or-nothing frame for the kinds that write through TypeORM: a kind reads what is stored,
 * validates every row and returns a plan; the plan is applied in the same transaction, or not at
 * all on a dry run or any error.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { writeAudit } from '../audit';
import type { ImportError, ImportKind, ImportResult, KindContext } from './types';

export interface Counts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface Plan {
  errors: ImportError[];
  counts: Counts;
  notes?: string[];
  apply(): Promise<void>;
}

export async function runPlan(
  ds: DataSource,
  kind: ImportKind,
  ctx: KindContext,
  build: (tx: EntityManager) => Promise<Plan>,
): Promise<ImportResult> {
  return ds.transaction(async (tx) => {
    const plan = await build(tx);
    const errors = [...ctx.cellErrors, ...plan.errors];
    if (errors.length > 0) return { ok: false as const, errors: sortErrors(errors) };
    if (!ctx.dryRun) await plan.apply();
    const result: ImportResult = { ok: true, kind, ...plan.counts, dryRun: Boolean(ctx.dryRun) };
    if (plan.notes?.length) result.notes = plan.notes;
    return result;
  });
}

export function sortErrors(errors: ImportError[]): ImportError[] {
  return [...errors].sort((a, b) => a.row - b.row);
}

export function newCounts(): Counts {
  return { inserted: 0, updated: 0, unchanged: 0 };
}

/** Whether the stored row already holds every given value (arrays and objects compared as JSON). */
export function sameValues<T extends object>(stored: T, next: Partial<T>): boolean {
  return Object.entries(next).every(([k, v]) => JSON.stringify((stored as Record<string, unknown>)[k]) === JSON.stringify(v));
}

/** The fields of `stored` that `next` changes, as before/after objects for the audit log. */
export function diff<T extends object>(stored: T | null, next: Partial<T>): { before: Record<string, unknown> | null; after: Record<string, unknown> } {
  if (!stored) return { before: null, after: { ...next } };
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    const old = (stored as Record<string, unknown>)[k];
    if (JSON.stringify(old) !== JSON.stringify(v)) {
      before[k] = old;
      after[k] = v;
    }
  }
  return { before, after };
}

/** One audit row per created or changed record: imports move scores as much as edits do. */
export async function auditImport(
  tx: EntityManager,
  ctx: KindContext,
  entry: { action: string; entity: string; entityId: string | number; subjectUserId?: string | null; before: unknown; after: unknown },
): Promise<void> {
  await writeAudit(tx, { actor: ctx.actor, ...entry, reason: `表格导入：${ctx.filename}`.slice(0, 500) }, ctx.now);
}
