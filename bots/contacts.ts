/**
 * change_contact callbacks keep the org mirror current between nightly syncs. WeCom may send only
 * UserID and Department (callbacks set up after 2022-08-15), so members are re-read from the
 * contacts API; what the event itself says is applied when the API cannot be asked.
 */
import type { EventContext } from '../src/bot/context';
import type { Bot } from '../src/bot/router';
import { formatLocal } from '../src/domain/periods';
import { Department, Employee } from '../src/entities';
import { toEmployee } from '../src/jobs/org-sync';
import { recordOrgHistory, renameOrgHistory } from '../src/repositories/org-history';
import type { ChangeContactEvent, ContactUser } from '../src/wecom/inbound';

export function contactsBot(bot: Bot): void {
  bot.event('change_contact', (ctx) => applyContactChange(ctx, ctx.message as ChangeContactEvent), { allowNonMembers: true });
}

export async function applyContactChange(ctx: EventContext, ev: ChangeContactEvent): Promise<void> {
  const now = ctx.clock();
  const employees = ctx.ds.getRepository(Employee);
  switch (ev.changeType) {
    case 'delete_user': {
      // The member's history stays: the org history gets an inactive row from now on.
      const left = await employees.findOneBy({ userId: ev.user.userId });
      if (!left) break;
      const gone = { ...left, active: false, status: 5, syncedAt: now, leftOn: left.leftOn ?? formatLocal(now, ctx.services.config.timezone).slice(0, 10) };
      await ctx.ds.transaction(async (tx) => {
        await tx.getRepository(Employee).save(gone);
        await recordOrgHistory(tx, [gone], now);
      });
      break;
    }
    case 'create_user':
    case 'update_user': {
      const fresh = await refetchUser(ctx, ev.user);
      const next = fresh ? toEmployee(fresh, now) : mergeEventFields(await employees.findOneBy({ userId: ev.user.userId }), ev.user, now);
      await ctx.ds.transaction(async (tx) => {
        if (ev.user.newUserId) {
          await tx.getRepository(Employee).delete({ userId: ev.user.userId });
          await renameOrgHistory(tx, ev.user.userId, next.userId);
        }
        await tx.getRepository(Employee).save(next);
        await recordOrgHistory(tx, [next], now);
      });
      break;
    }
    case 'create_party':
    case 'update_party': {
      const existing = await ctx.ds.getRepository(Department).findOneBy({ id: ev.party.id });
      await ctx.ds.getRepository(Department).save({
        id: ev.party.id,
        name: ev.party.name ?? existing?.name ?? `部门${ev.party.id}`,
        parentId: ev.party.parentId ?? existing?.parentId ?? null,
        sortOrder: ev.party.order ?? existing?.sortOrder ?? 0,
        leaderUserIds: existing?.leaderUserIds ?? [],
        active: true,
        syncedAt: now,
      });
      break;
    }
    case 'delete_party':
      await ctx.ds.getRepository(Department).update({ id: ev.party.id }, { active: false, syncedAt: now });
      break;
    default:
      ctx.log.debug({ changeType: ev.changeType }, 'contact change ignored');
  }
  ctx.log.info({ changeType: ev.changeType }, 'org mirror updated from change_contact');
}

/** The member as the contacts API lists them now, looked up in the departments the event names. */
async function refetchUser(ctx: EventContext, u: ContactUser) {
  const id = u.newUserId ?? u.userId;
  const known = await ctx.ds.getRepository(Employee).findOneBy({ userId: u.userId });
  const departments = u.departments ?? known?.departmentIds ?? [];
  for (const dept of departments) {
    try {
      const found = (await ctx.wecom.listUsers(dept)).find((m) => m.userid === id);
      if (found) return found;
    } catch (err) {
      ctx.log.warn({ err, dept }, 'could not re-read the member from the contacts API; using the event fields');
      return null;
    }
  }
  return null;
}

function mergeEventFields(existing: Employee | null, u: ContactUser, now: Date): Employee {
  const departments = u.departments ?? existing?.departmentIds ?? [];
  return {
    userId: u.newUserId ?? u.userId,
    name: u.name ?? existing?.name ?? u.userId,
    mainDepartmentId: u.mainDepartment ?? existing?.mainDepartmentId ?? departments[0] ?? null,
    departmentIds: departments,
    leadsDepartmentIds: u.isLeaderInDept ? departments.filter((_, i) => u.isLeaderInDept?.[i] === 1) : (existing?.leadsDepartmentIds ?? []),
    directLeaderIds: u.directLeader ?? existing?.directLeaderIds ?? [],
    position: u.position ?? existing?.position ?? '',
    status: u.status ?? existing?.status ?? 1,
    active: (u.status ?? existing?.status ?? 1) === 1,
    source: 'wecom',
    syncedAt: now,
  };
}
