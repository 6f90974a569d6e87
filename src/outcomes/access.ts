/**
 * Who sees which outcome figures (the same rule as 查询): HR the whole company; a manager the
 * people below them (and themselves), labelled so; anyone else is refused with the reason.
 */
import type { DataSource } from 'typeorm';
import { Employee } from '../entities';
import { hasRole, managerView } from '../repositories/access';
import { UserError } from '../wecom/errors';

export interface OutcomeAudience {
  scope: ReadonlySet<string> | null;
  label: string;
  isHr: boolean;
}

export async function outcomeAudience(ds: DataSource, userId: string, hrUserIds: string[]): Promise<OutcomeAudience> {
  if (await hasRole(ds, userId, 'hr', hrUserIds)) return { scope: null, label: '全公司', isHr: true };
  const view = await managerView(ds, userId);
  if (view.userIds.size === 0) throw new UserError('“成效”供 HR 和有下属的主管查看：HR 看全公司，主管看自己团队。您目前没有下属。');
  const me = await ds.getRepository(Employee).findOneBy({ userId });
  return { scope: view.userIds, label: `${me?.name ?? userId}的团队，${view.userIds.size} 人`, isHr: false };
}
