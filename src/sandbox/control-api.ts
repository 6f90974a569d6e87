/**
 * The demo control surface under /sandbox/ (loopback only, no auth): make a member say something
 * or tap a button, and look at what the bot sent and at the org.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import type { CardType } from '../wecom/api-types';
import type { DeliveryResult } from './callback-delivery';
import type { SimContext } from './sim-context';
import { readJson } from './sim-http';

export interface SandboxActions {
  sendText(fromUser: string, content: string): Promise<DeliveryResult>;
  tapButton(
    fromUser: string,
    tap: { eventKey: string; taskId: string; responseCode?: string; cardType?: CardType },
  ): Promise<DeliveryResult>;
}

export function registerControlApi(router: Router, sim: SimContext, actions: SandboxActions): void {
  router.post('/sandbox/say', async (ctx) => {
    const body = await readControlJson(ctx);
    if (!body) return;
    if (typeof body.from !== 'string' || typeof body.text !== 'string') return badRequest(ctx, 'from and text are required');
    ctx.body = await actions.sendText(body.from, body.text);
  });

  router.post('/sandbox/tap', async (ctx) => {
    const body = await readControlJson(ctx);
    if (!body) return;
    const { from, eventKey, taskId, responseCode, cardType } = body;
    if (typeof from !== 'string' || typeof eventKey !== 'string' || typeof taskId !== 'string') {
      return badRequest(ctx, 'from, eventKey and taskId are required');
    }
    ctx.body = await actions.tapButton(from, {
      eventKey,
      taskId,
      responseCode: typeof responseCode === 'string' ? responseCode : undefined,
      cardType: typeof cardType === 'string' ? (cardType as CardType) : undefined,
    });
  });

  router.get('/sandbox/sent', (ctx) => {
    ctx.body = sim.state.sent.slice().reverse();
  });

  router.get('/sandbox/org', (ctx) => {
    ctx.body = { departments: sim.org.listDepartments(), users: sim.org.listUsers() };
  });
}

/** readJson answers WeCom-style errcodes; the control surface speaks plain HTTP instead. */
async function readControlJson(ctx: Context): Promise<Record<string, unknown> | null> {
  const body = await readJson(ctx);
  if (!body) badRequest(ctx, 'a JSON object body is required');
  return body;
}

function badRequest(ctx: Context, message: string): void {
  ctx.status = 400;
  ctx.body = { error: message };
}
