/**
 * The demo control surface under /sandbox/ (loopback only, no auth): make a member say something
 * or tap a button, and look at what the bot sent and at the org.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import getRawBody from 'raw-body';
import type { CardType } from '../wecom/api-types';
import type { DeliveryResult } from './callback-delivery';
import type { SelectedItem } from './inbound-xml';
import type { SimContext } from './sim-context';
import { readJson } from './sim-http';

export interface SandboxActions {
  sendText(fromUser: string, content: string): Promise<DeliveryResult>;
  tapButton(
    fromUser: string,
    tap: { eventKey: string; taskId: string; responseCode?: string; cardType?: CardType; selectedItems?: SelectedItem[] },
  ): Promise<DeliveryResult>;
  sendMedia(fromUser: string, file: { filename: string; contentType: string; data: Buffer }): Promise<DeliveryResult>;
}

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024; // WeCom's file limit (§4.5)

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
    const { from, eventKey, taskId, responseCode, cardType, selectedItems } = body;
    if (typeof from !== 'string' || typeof eventKey !== 'string' || typeof taskId !== 'string') {
      return badRequest(ctx, 'from, eventKey and taskId are required');
    }
    ctx.body = await actions.tapButton(from, {
      eventKey,
      taskId,
      responseCode: typeof responseCode === 'string' ? responseCode : undefined,
      cardType: typeof cardType === 'string' ? (cardType as CardType) : undefined,
      selectedItems: Array.isArray(selectedItems) ? (selectedItems as SelectedItem[]) : undefined,
    });
  });

  // multipart/form-data with `from` and `file`: the member sends a picture or a file in chat.
  router.post('/sandbox/upload', async (ctx) => {
    const contentType = ctx.get('content-type');
    if (!/^multipart\/form-data/i.test(contentType)) return badRequest(ctx, 'multipart/form-data with from and file is required');
    let form: FormData;
    try {
      const raw = await getRawBody(ctx.req, { limit: MAX_UPLOAD_BYTES + 64 * 1024 });
      form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    } catch {
      return badRequest(ctx, `a multipart body of at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB is required`);
    }
    const from = form.get('from');
    const file = form.get('file');
    if (typeof from !== 'string' || file === null || typeof file === 'string') return badRequest(ctx, 'from and file are required');
    const data = Buffer.from(await file.arrayBuffer());
    if (data.length <= 5) return badRequest(ctx, 'WeCom refuses files of 5 bytes or less');
    ctx.body = await actions.sendMedia(from, { filename: file.name || 'upload', contentType: file.type || 'application/octet-stream', data });
  });

  router.get('/sandbox/sent', (ctx) => {
    ctx.body = sim.state.sent.slice().reverse();
  });

  // Cards changed in place by update_template_card (the second step of a praise, 已记录, a decided card).
  router.get('/sandbox/updates', (ctx) => {
    ctx.body = sim.state.cardUpdates.slice().reverse();
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
