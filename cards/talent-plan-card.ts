/** A development plan (IDP) with the month's check-in buttons: 已完成 / 进行中 / 受阻. Pure. */
import type { DevelopmentPlan, PlanCheckin } from '../src/entities';
import type { ButtonInteractionCard, TextNoticeCard } from '../src/wecom/card-types';
import { buildKey, buildTaskId } from './keys';
import { clipText } from './review-keys';

export const PLAN_KEY_PREFIX = 'plan:';
export const CHECKIN_LABEL = { done: '已完成', in_progress: '进行中', blocked: '受阻' } as const;
export type CheckinChoice = keyof typeof CHECKIN_LABEL;

export function planCheckinKey(planId: number, monthKey: string, status: CheckinChoice): string {
  return buildKey('plan', 'ck', planId, monthKey, status);
}

export function parsePlanCheckinKey(args: string[]): { planId: number; monthKey: string; status: CheckinChoice } | null {
  const [action, id, monthKey, status] = args;
  const planId = Number(id);
  if (action !== 'ck' || !Number.isSafeInteger(planId) || !/^\d{4}-\d{2}$/.test(monthKey ?? '') || !(status in CHECKIN_LABEL)) return null;
  return { planId, monthKey, status: status as CheckinChoice };
}

export interface PlanCardView {
  plan: DevelopmentPlan;
  personName: string;
  boxName: string;
  monthKey: string;
  monthLabel: string;
  lastCheckin: PlanCheckin | null;
  /** The person may check in (the employee or the plan's owner). */
  canCheckIn: boolean;
  taskUnique: string;
  pageUrl: string;
}

function lines(v: PlanCardView): string {
  return v.plan.actions.map((a) => `• ${a.title}（截止 ${a.due.slice(5)}）`).join('\n');
}

function lastText(c: PlanCheckin | null): string {
  return c ? clipText(`${c.monthKey} ${CHECKIN_LABEL[c.status]}${c.note ? `：${c.note}` : ''}`, 30) : '暂无';
}

export function buildPlanCard(v: PlanCardView): ButtonInteractionCard | TextNoticeCard {
  const common = {
    source: { desc: '绩效助手 · 发展计划' },
    main_title: { title: clipText(`${v.personName}的发展计划`, 36), desc: clipText(`${v.plan.quarterKey} 盘点 · ${v.boxName}`, 44) },
    sub_title_text: clipText(`${v.plan.goal}\n${lines(v)}`, 160),
    horizontal_content_list: [
      { keyname: '状态', value: v.plan.status === 'done' ? '已完成' : '进行中' },
      { keyname: '上次跟进', value: lastText(v.lastCheckin) },
    ],
  };
  if (!v.canCheckIn || v.plan.status === 'done') {
    return { card_type: 'text_notice', ...common, card_action: { type: 1, url: v.pageUrl } };
  }
  return {
    card_type: 'button_interaction',
    ...common,
    task_id: buildTaskId('plan', v.taskUnique),
    button_list: (Object.keys(CHECKIN_LABEL) as CheckinChoice[]).map((s, i) => ({
      text: CHECKIN_LABEL[s],
      style: i === 0 ? 1 : i === 2 ? 3 : 2,
      key: planCheckinKey(v.plan.id, v.monthKey, s),
    })),
    card_action: { type: 1, url: v.pageUrl },
  };
}

export function buildPlanCheckedCard(v: PlanCardView, status: CheckinChoice): TextNoticeCard {
  return {
    card_type: 'text_notice',
    source: { desc: '绩效助手 · 发展计划' },
    main_title: { title: clipText(`${v.personName}的发展计划`, 36), desc: clipText(`${v.monthLabel}跟进：${CHECKIN_LABEL[status]}`, 44) },
    sub_title_text: clipText(`${v.plan.goal}\n${lines(v)}`, 160),
    card_action: { type: 1, url: v.pageUrl },
  };
}
