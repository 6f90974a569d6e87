/** Button keys of the alert card: alert:act:<alertId>:<action>. */
import type { AlertActionKind } from '../src/alerts/alert.entity';
import { buildKey } from './keys';

export const ALERT_KEY_PREFIX = 'alert:act:';
export const ALERT_ACTIONS: readonly AlertActionKind[] = ['mentor', 'course', 'talk', 'skip'];
export const ACTION_BUTTON: Record<AlertActionKind, string> = { mentor: '安排带教', course: '安排培训', talk: '已沟通', skip: '暂不处理' };
export const ACTION_DONE: Record<AlertActionKind, string> = { mentor: '已安排带教', course: '已安排培训', talk: '已沟通', skip: '暂不处理' };

export const alertActionKey = (alertId: number, action: AlertActionKind) => buildKey('alert', 'act', alertId, action);

export function parseAlertAction(args: string[]): { alertId: number; action: AlertActionKind } | null {
  const alertId = Number(args[0]);
  const action = args[1] as AlertActionKind;
  return Number.isInteger(alertId) && alertId > 0 && ALERT_ACTIONS.includes(action) ? { alertId, action } : null;
}
