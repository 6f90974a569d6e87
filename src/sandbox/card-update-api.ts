/**
 * POST /cgi-bin/message/update_template_card (§4.4, §4.7). A response_code is single use and
 * lives 72 h by the clock. Which errcode WeCom answers for an unknown, used or expired code is
 * not documented in our notes [?]; the simulator uses 40058 (invalid parameter) for all three.
 */
import type Router from '@koa/router';
import type { TemplateCard } from '../wecom/api-types';
import { RESPONSE_CODE_TTL_MS, type SimContext } from './sim-context';
import { answer, readJson } from './sim-http';
import { INTERACTIVE_CARD_TYPES, validateTemplateCard } from './validate-card';
import { ERR } from './validate-message';

export const RESPONSE_CODE_ERRCODE = ERR.param;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function registerCardUpdateApi(router: Router, sim: SimContext): void {
  router.post('/cgi-bin/message/update_template_card', async (ctx) => {
    const body = await readJson(ctx);
    if (!body) return;
    if (Number(body.agentid) !== sim.agentId) return answer(ctx, ERR.agentid, 'invalid agentid');

    const code = typeof body.response_code === 'string' ? body.response_code : '';
    const entry = sim.state.responseCodes.get(code);
    if (!entry) return answer(ctx, RESPONSE_CODE_ERRCODE, 'invalid response_code');
    if (entry.used) return answer(ctx, RESPONSE_CODE_ERRCODE, 'response_code already used');
    if (sim.clock().getTime() - entry.issuedAt.getTime() > RESPONSE_CODE_TTL_MS) {
      return answer(ctx, RESPONSE_CODE_ERRCODE, 'response_code expired');
    }

    const button = isObject(body.button) ? body.button : undefined;
    const card = body.template_card;
    if ((button === undefined) === (card === undefined)) {
      return answer(ctx, ERR.param, 'exactly one of button and template_card is required');
    }
    if (button) {
      if (typeof button.replace_name !== 'string' || button.replace_name === '') {
        return answer(ctx, ERR.param, 'button.replace_name: required');
      }
      if (!INTERACTIVE_CARD_TYPES.has(entry.cardType)) {
        return answer(ctx, ERR.param, `button mode needs an interaction card, not ${entry.cardType}`);
      }
    } else {
      const problem = validateTemplateCard(card);
      if (problem) return answer(ctx, ERR.param, `invalid template_card, ${problem}`);
    }

    const requested = Array.isArray(body.userids) ? body.userids.map(String) : [];
    const invalid = requested.filter((id) => !sim.org.getUser(id)).map((id) => id.toLowerCase());
    // With no recipients at all the effect is undocumented [?]; the simulator records the
    // update with an empty userids list and lets tests decide what that should mean.
    entry.used = true;
    sim.state.cardUpdates.push({
      responseCode: code,
      userids: requested.filter((id) => sim.org.getUser(id)),
      mode: button ? 'button' : 'template_card',
      replaceName: button ? String(button.replace_name) : undefined,
      templateCard: button ? undefined : (card as TemplateCard),
      taskId: entry.taskId,
      time: sim.clock(),
    });
    answer(ctx, 0, 'ok', { invaliduser: invalid });
  });
}
