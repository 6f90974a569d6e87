/** The alerts, rules and suggestion catalogue in the database. */
import { In, IsNull, type DataSource } from 'typeorm';
import { isUniqueViolation } from '../data-source';
import { AlertRule } from './alert-rule.entity';
import { AlertSuggestion } from './alert-suggestion.entity';
import { Alert } from './alert.entity';

export const activeRules = (ds: DataSource) => ds.getRepository(AlertRule).find({ where: { active: true }, order: { id: 'ASC' } });

export async function openAlerts(ds: DataSource, userIds?: string[]): Promise<Alert[]> {
  const where = userIds ? { status: 'open' as const, userId: In(userIds) } : { status: 'open' as const };
  return ds.getRepository(Alert).find({ where, order: { id: 'ASC' } });
}

/**
 * Opens the episode's alert, or finds it when it exists already (this or another instance got
 * there first: the unique key on rule, person and episode decides, not a check-then-insert).
 */
export async function openAlert(ds: DataSource, row: Omit<Alert, 'id' | 'status' | 'action' | 'closedWeekKey' | 'closedAt'>): Promise<{ alert: Alert; created: boolean }> {
  const repo = ds.getRepository(Alert);
  try {
    const inserted = await repo.insert({ ...row, status: 'open', action: null, closedWeekKey: null, closedAt: null });
    return { alert: await repo.findOneByOrFail({ id: inserted.identifiers[0].id as number }), created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return { alert: await repo.findOneByOrFail({ ruleId: row.ruleId, userId: row.userId, episodeKey: row.episodeKey }), created: false };
  }
}

/** Closes an open episode whose metric is back at baseline; false when it was already closed. */
export async function closeRecovered(ds: DataSource, alertId: number, weekKey: string, now: Date): Promise<boolean> {
  const r = await ds.getRepository(Alert).update({ id: alertId, status: 'open' }, { status: 'recovered', closedWeekKey: weekKey, closedAt: now });
  return (r.affected ?? 0) > 0;
}

export async function suggestionsFor(ds: DataSource, metricCode: string): Promise<{ courses: string[]; talks: string[] }> {
  const rows = await ds.getRepository(AlertSuggestion).find({ where: [{ active: true, metricCode }, { active: true, metricCode: IsNull() }], order: { id: 'ASC' } });
  return { courses: rows.filter((r) => r.kind === 'course').map((r) => r.text), talks: rows.filter((r) => r.kind === 'talk').map((r) => r.text) };
}
