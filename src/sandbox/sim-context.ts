/**
 * Everything a simulated endpoint may touch, passed explicitly instead of module singletons.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { CardType } from '../wecom/api-types';
import type { FaultPlan } from './faults';
import type { ApiRateLimiter, MemberRateLimiter } from './rate-limits';
import type { SimOrg } from './sim-org';
import type { ResponseCodeEntry, SimState } from './sim-state';
import type { TokenIssuer } from './token-issuer';

export interface SimContext {
  corpId: string;
  agentId: number;
  secret: string;
  clock: () => Date;
  state: SimState;
  org: SimOrg;
  tokens: TokenIssuer;
  faults: FaultPlan;
  memberLimits: MemberRateLimiter;
  apiLimits: ApiRateLimiter;
  logger?: Logger;
}

/** response_code and OAuth code validity (§4.7, §6); 72 h per the 2025 doc copy, see §10.2. */
export const RESPONSE_CODE_TTL_MS = 72 * 3_600_000;
export const OAUTH_CODE_TTL_MS = 5 * 60_000;
export const MEDIA_TTL_MS = 3 * 24 * 3_600_000;

export function randomId(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export function mintResponseCode(
  sim: SimContext,
  entry: { cardType: CardType; taskId?: string; msgid?: string },
): string {
  const code = randomId(32);
  const record: ResponseCodeEntry = { code, ...entry, issuedAt: sim.clock(), used: false };
  sim.state.responseCodes.set(code, record);
  return code;
}

export function mintOAuthCode(sim: SimContext, userId: string): string {
  const code = randomId(32);
  sim.state.oauthCodes.set(code, { userId, issuedAt: sim.clock() });
  return code;
}
