/** The audit log: every change that moves a score says who, what, before, after and why. */
import type { EntityManager } from 'typeorm';
import { AuditEntry } from './entities';

export interface AuditInput {
  /** 'user:<userid>', 'apikey:<name>', 'cli', 'system'. */
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  subjectUserId?: string | null;
  before?: unknown;
  after?: unknown;
  reason: string;
}

function auditRow(entry: AuditInput, at: Date) {
  return {
    at,
    actor: entry.actor.slice(0, 96),
    action: entry.action,
    entity: entry.entity,
    entityId: String(entry.entityId).slice(0, 128),
    subjectUserId: entry.subjectUserId ?? null,
    before: (entry.before ?? null) as never,
    after: (entry.after ?? null) as never,
    reason: entry.reason,
  };
}

export async function writeAudit(manager: EntityManager, entry: AuditInput, at: Date): Promise<void> {
  await manager.insert(AuditEntry, auditRow(entry, at));
}

/** Many entries in a few multi-row inserts (a corrected batch of thousands audits each record). */
export async function writeAudits(manager: EntityManager, entries: AuditInput[], at: Date): Promise<void> {
  for (let i = 0; i < entries.length; i += 500) {
    await manager.insert(AuditEntry, entries.slice(i, i + 500).map((entry) => auditRow(entry, at)));
  }
}
