/**
 * GET /cgi-bin/gettoken (§4.1).
 */
import type Router from '@koa/router';
import type { SimContext } from './sim-context';
import { answer, query } from './sim-http';

export function registerTokenApi(router: Router, sim: SimContext): void {
  router.get('/cgi-bin/gettoken', (ctx) => {
    const corpid = query(ctx, 'corpid');
    const secret = query(ctx, 'corpsecret');
    if (!corpid) return answer(ctx, 41002, 'corpid missing');
    if (corpid !== sim.corpId) return answer(ctx, 40013, 'invalid corpid');
    if (!secret) return answer(ctx, 41004, 'corpsecret missing');
    if (secret !== sim.secret) return answer(ctx, 40001, 'invalid credential');
    const { token, expiresIn } = sim.tokens.issue();
    answer(ctx, 0, 'ok', { access_token: token, expires_in: expiresIn });
  });
}
