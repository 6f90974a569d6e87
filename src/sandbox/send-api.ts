/**
 * POST /cgi-bin/message/send (§4.2, §4.3, §4.6): validates the body, resolves recipients, applies
 * the per-member limits (excess silently dropped) and mints a response_code for interactive cards.
 */
import type Router from '@koa/router';
import type { CardType } from '../wecom/api-types';
import { duplicateCheckOf } from './duplicate-check';
import { resolveRecipients } from './recipients';
import { findMedia } from './media-api';
import { mintResponseCode, randomId, type SimContext } from './sim-context';
import { answer, readJson, type Json } from './sim-http';
import { recordSent } from './sim-state';
import { cardHasResponseCode } from './validate-card';
import { ERR, truncateContent, validateSendBody } from './validate-message';

export function registerSendApi(router: Router, sim: SimContext): void {
  router.post('/cgi-bin/message/send', async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return;
    const rejection = validateSendBody(body, sim.agentId, (id) => findMedia(sim, id) !== undefined);
    if (rejection) return answer(ctx, rejection.errcode, rejection.errmsg);

    const card = body.msgtype === 'template_card' ? (body.template_card as Json) : undefined;
    const taskId = typeof card?.task_id === 'string' ? card.task_id : undefined;
    // task_id must be unique per app (§4.3); the errcode WeCom uses for a repeat is unconfirmed.
    if (taskId && sim.state.taskIds.has(taskId)) return answer(ctx, ERR.param, `task_id ${taskId} already used`);

    const to = resolveRecipients(sim.org, body);
    const invalid = {
      invaliduser: to.invalidUsers.join('|'),
      invalidparty: to.invalidParties.join('|'),
      invalidtag: to.invalidTags.join('|'),
    };
    if (to.valid.length === 0) return answer(ctx, 81013, 'user & party & tag all invalid', invalid);

    if (taskId) sim.state.taskIds.add(taskId);
    const msgid = randomId(36);
    const msgtype = String(body.msgtype);
    const time = sim.clock();
    const responseCode =
      card && cardHasResponseCode(card)
        ? mintResponseCode(sim, { cardType: card.card_type as CardType, taskId, msgid })
        : undefined;

    const check = duplicateCheckOf(sim);
    const fresh = check.filter(body, to.valid, time);
    for (const userid of fresh.duplicates) sim.state.dropped.push({ msgid, msgtype, userid, reason: 'duplicate', time });
    const recipients: string[] = [];
    for (const userid of fresh.deliver) {
      const verdict = sim.memberLimits.admit(userid);
      if (verdict === 'ok') recipients.push(userid);
      else sim.state.dropped.push({ msgid, msgtype, userid, reason: verdict, time });
    }
    check.remember(body, recipients, time);
    if (recipients.length > 0) {
      recordSent(sim.state, {
        msgid,
        msgtype,
        recipients,
        invalidUsers: to.invalidUsers,
        body: truncateContent(body),
        responseCode,
        taskId,
        time,
      });
    }
    answer(ctx, 0, 'ok', { ...invalid, unlicenseduser: '', msgid, ...(responseCode ? { response_code: responseCode } : {}) });
  });
}
