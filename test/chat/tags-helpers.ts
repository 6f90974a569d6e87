/** Shared look-ups for the 表扬/提醒 chat tests: what each member received, and the stored tags. */
import type { ButtonInteractionCard } from '../../src/wecom/card-types';
import { AuditEntry, BehaviourTag } from '../../src/entities';
import { DEMO_ORG } from '../../src/sandbox/demo-org';
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { WeComUser } from '../../src/wecom/api-types';
import type { Harness } from '../helpers/app';
export { buttonKey, cardsTo, lastCardTo, lastTextTo, lastUpdate, textsTo } from '../helpers/inbox';

export const tags = (h: Harness) => h.ds.getRepository(BehaviourTag).find({ order: { id: 'ASC' } });
export const tagAudits = (h: Harness) => h.ds.getRepository(AuditEntry).find({ where: { entity: 'behaviour_tag' }, order: { id: 'ASC' } });

/** The demo org plus extra members (synced at start like everyone else). */
export function orgWith(...extra: Array<Partial<WeComUser> & Pick<WeComUser, 'userid' | 'name' | 'department'>>): SimOrgSeed {
  const users = extra.map((u) => ({ position: '操作工', is_leader_in_dept: u.department.map(() => 0), direct_leader: [], main_department: u.department[0], status: 1, ...u }) as WeComUser);
  return { departments: DEMO_ORG.departments, users: [...DEMO_ORG.users, ...users] };
}
