/** Button keys of the exception-declaration flow (异常申报). */
import { buildKey } from './keys';

export function exceptionApproveKey(claimId: number): string {
  return buildKey('exception', 'approve', claimId);
}

export function exceptionRejectKey(claimId: number): string {
  return buildKey('exception', 'reject', claimId);
}

/** 我的申报 as a button (on the outcome card). */
export const EXCEPTION_LIST_KEY = buildKey('exception', 'list');

/** Prefixes for bot.button: the claim id arrives as ctx.args[0]. */
export const EXCEPTION_PREFIX = {
  approve: 'exception:approve:',
  reject: 'exception:reject:',
} as const;
