/** Shared set-up for the review to-do tests: a frozen (movable) clock and a job run by hand. */
import { BehaviourTag, OutboxMessage, SupervisorReview } from '../../src/entities';
import type { JobDefinition } from '../../src/jobs/job';
import { createJobContext, type RunTally } from '../../src/jobs/runner-context';
import type { SimOrgSeed } from '../../src/sandbox/sim-org';
import type { WeComUser } from '../../src/wecom/api-types';
import type { ButtonInteractionCard } from '../../src/wecom/card-types';
import { startHarness, type Harness } from '../helpers/app';

/** Shanghai wall time → instant. */
export const local = (text: string) => new Date(`${text.replace(' ', 'T')}+08:00`);

/** Wednesday 25 November 2026, 09:00 in Shanghai (01:00Z): ISO week 2026-W48, month 2026-11. */
export const FIRED_25TH = local('2026-11-25 09:00');
export const FIRED_27TH = local('2026-11-27 09:00');

export interface ClockedHarness extends Harness {
  setNow(at: Date): void;
}

export async function startAt(org: SimOrgSeed, now = FIRED_25TH): Promise<ClockedHarness> {
  let current = now;
  const h = await startHarness({
    org,
    app: { clock: () => current },
    env: { PERFBOT_HR_USERIDS: 'heping', WECOM_CALLBACK_MAX_SKEW_S: '0' },
  });
  return Object.assign(h, { setNow: (at: Date) => (current = at) });
}

let nextRunId = 1;

/** Runs the job as the runner would (its JobContext, deliver keyed by job+period+key), then lets the outbox drain. */
export async function runJobAt(h: Harness, job: JobDefinition, firedAt: Date, opts: { dryRun?: boolean; runId?: number } = {}): Promise<RunTally> {
  const tally: RunTally = { queued: 0, duplicates: 0, skipped: [], messages: [] };
  const run = { id: opts.runId ?? nextRunId++, job: job.name, periodKey: job.periodKeyFor(firedAt, h.config.timezone), firedAt, dryRun: opts.dryRun ?? false };
  const ctx = createJobContext({ ds: h.ds, services: h.app.services, log: h.app.logger, run, tally, checkpoint: () => undefined });
  await job.run(ctx);
  await h.app.settle();
  return tally;
}

export function user(userid: string, name: string, dept: number, position: string, leaders: string[], status: WeComUser['status'] = 1): WeComUser {
  return { userid, name, department: [dept], position, is_leader_in_dept: [0], direct_leader: leaders, main_department: dept, status };
}

export async function tag(h: Harness, userId: string, at: string, note = ''): Promise<void> {
  await h.ds.getRepository(BehaviourTag).insert({ userId, authorId: 'zhangwei', polarity: 'praise', tag: '主动加班支援', weight: 3, note, createdAt: local(at) });
}

export async function review(h: Harness, userId: string, periodKey: string, comment: string, createdAt: string, updatedAt = createdAt): Promise<void> {
  await h.ds.getRepository(SupervisorReview).insert({ userId, reviewerId: 'zhangwei', periodKey, stars: 4, comment, createdAt: local(createdAt), updatedAt: local(updatedAt) });
}

export function cardsTo(h: Harness, userId: string): Array<{ card: ButtonInteractionCard; taskId: string }> {
  return h.sim.sent
    .filter((m) => m.recipients.includes(userId) && m.msgtype === 'template_card')
    .map((m) => ({ card: m.body.template_card as ButtonInteractionCard, taskId: m.taskId ?? '' }));
}

export function markdownTo(h: Harness, userId: string): string[] {
  return h.sim.sent.filter((m) => m.recipients.includes(userId) && m.msgtype === 'markdown').map((m) => (m.body.markdown as { content: string }).content);
}

/** Who got any message, sorted. */
export const recipients = (h: Harness) => [...new Set(h.sim.sent.flatMap((m) => m.recipients))].sort();

export const buttons = (card: ButtonInteractionCard) => card.button_list.map((b) => [b.text, b.key]);

export async function dedupeKeys(h: Harness): Promise<string[]> {
  const rows = await h.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
  return rows.map((r) => r.dedupeKey ?? '').filter((k) => k.startsWith('job:'));
}

export async function tap(h: Harness, userId: string, eventKey: string, taskId: string, selectedItems?: Array<{ questionKey: string; optionIds: string[] }>) {
  await h.sim.tapButton(userId, { eventKey, taskId, selectedItems });
  await h.app.settle();
}

export function lastUpdate(h: Harness): ButtonInteractionCard {
  const u = h.sim.cardUpdates[h.sim.cardUpdates.length - 1];
  if (!u?.templateCard) throw new Error('no whole-card update');
  return u.templateCard as ButtonInteractionCard;
}
