/**
 * Did it help? For alerts that had time to recover, the share whose metric came back to baseline
 * within RECOVERY_WEEKS weeks of firing, per action taken (the latest), and for alerts left unhandled.
 */
import type { AlertActionKind } from './alert.entity';

export const RECOVERY_WEEKS = 4;
const WEEK_MS = 7 * 86_400_000;

export const ACTION_LABEL: Record<AlertActionKind | 'none', string> = {
  mentor: '安排带教',
  course: '安排培训',
  talk: '已沟通',
  skip: '暂不处理',
  none: '未处理',
};

export interface RecoveryInput {
  action: AlertActionKind | null;
  /** Start of the week the rule fired. */
  firedWeekStart: Date;
  /** Start of the week the metric was back at baseline; null while open. */
  closedWeekStart: Date | null;
}

export interface RecoveryRow {
  action: AlertActionKind | 'none';
  /** Alerts whose RECOVERY_WEEKS have passed (or that recovered). */
  judged: number;
  recovered: number;
}

export function recoveryRates(alerts: readonly RecoveryInput[], currentWeekStart: Date): RecoveryRow[] {
  const rows = new Map<AlertActionKind | 'none', RecoveryRow>();
  for (const a of alerts) {
    const weeksTaken = a.closedWeekStart ? Math.round((a.closedWeekStart.getTime() - a.firedWeekStart.getTime()) / WEEK_MS) : null;
    const recoveredInTime = weeksTaken !== null && weeksTaken <= RECOVERY_WEEKS;
    const elapsed = Math.round((currentWeekStart.getTime() - a.firedWeekStart.getTime()) / WEEK_MS);
    if (!recoveredInTime && elapsed < RECOVERY_WEEKS) continue; // still has time: not judged yet
    const key = a.action ?? 'none';
    const row = rows.get(key) ?? { action: key, judged: 0, recovered: 0 };
    row.judged++;
    if (recoveredInTime) row.recovered++;
    rows.set(key, row);
  }
  const order: Array<AlertActionKind | 'none'> = ['mentor', 'course', 'talk', 'skip', 'none'];
  return order.flatMap((k) => (rows.has(k) ? [rows.get(k)!] : []));
}

export function describeRecovery(rows: readonly RecoveryRow[]): string[] {
  return rows.map((r) => `${ACTION_LABEL[r.action]}：${r.judged} 条中 ${r.recovered} 条在 ${RECOVERY_WEEKS} 周内回到基线（${r.judged ? Math.round((r.recovered / r.judged) * 100) : 0}%）`);
}
