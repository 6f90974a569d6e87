/**
 * Contacts (§5) and the OAuth code exchange (§6). An unknown department answers 60123
 * ("invalid party id" in WeCom's global table; its use here is unconfirmed [?]).
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { OAUTH_CODE_TTL_MS, type SimContext } from './sim-context';
import { answer, query } from './sim-http';

const INVALID_PARTY = 60123;

export function registerContactApi(router: Router, sim: SimContext): void {
  router.get('/cgi-bin/department/list', (ctx) => {
    const raw = query(ctx, 'id');
    if (raw === undefined || raw === '') return answer(ctx, 0, 'ok', { department: sim.org.listDepartments() });
    const id = Number(raw);
    if (!sim.org.getDepartment(id)) return answer(ctx, INVALID_PARTY, 'invalid party id');
    const ids = new Set(sim.org.subtreeIds(id));
    answer(ctx, 0, 'ok', { department: sim.org.listDepartments().filter((d) => ids.has(d.id)) });
  });

  const members = (simple: boolean) => (ctx: Context) => {
    const id = Number(query(ctx, 'department_id'));
    if (!Number.isInteger(id) || !sim.org.getDepartment(id)) return answer(ctx, INVALID_PARTY, 'invalid party id');
    // fetch_child appears only in older doc copies [?]; honoured when given.
    const users = sim.org.membersOf(id, query(ctx, 'fetch_child') === '1');
    const userlist = simple ? users.map(({ userid, name, department }) => ({ userid, name, department })) : users;
    answer(ctx, 0, 'ok', { userlist });
  };
  router.get('/cgi-bin/user/list', members(false));
  router.get('/cgi-bin/user/simplelist', members(true));

  router.get('/cgi-bin/user/get', (ctx) => {
    const user = sim.org.getUser(query(ctx, 'userid') ?? '');
    if (!user) return answer(ctx, 60111, 'userid not found');
    answer(ctx, 0, 'ok', { ...user });
  });

  router.get('/cgi-bin/auth/getuserinfo', (ctx) => {
    const code = query(ctx, 'code') ?? '';
    const entry = sim.state.oauthCodes.get(code);
    sim.state.oauthCodes.delete(code); // single use, even when it turns out expired
    const fresh = entry && sim.clock().getTime() - entry.issuedAt.getTime() <= OAUTH_CODE_TTL_MS;
    if (!entry || !fresh) return answer(ctx, 40029, 'invalid code');
    answer(ctx, 0, 'ok', { userid: entry.userId });
  });
}
