/**
 * Pulse survey rounds in the database: launch (participants and zeroed tallies written at once),
 * answer (flip `answered`, add one to a tally, in one transaction), close, and read back.
 */
import { randomBytes } from 'node:crypto';
import { type DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { writeAudit } from '../audit';
import { Department, Employee } from '../entities';
import { buildAudience, OTHER_GROUP, type Audience } from './groups';
import { answeredIn, disclose, type GroupTally, type RoundResult } from './disclosure';
import { Survey } from './survey.entity';
import { SurveyGroup } from './survey-group.entity';
import { SurveyParticipant } from './survey-participant.entity';
import { SurveyTally } from './survey-tally.entity';
import { SCALE_OPTIONS, type SurveyScale, type SurveyTemplate } from './templates';

export const DEFAULT_DAYS = 7;

export function isClosed(s: Survey, now: Date): boolean {
  return s.closedAt !== null || now.getTime() >= s.closesAt.getTime();
}

export async function openRound(ds: DataSource | EntityManager, templateCode: string, now: Date): Promise<Survey | null> {
  const open = await ds.getRepository(Survey).find({ where: { templateCode, closedAt: IsNull() }, order: { launchedAt: 'DESC' } });
  return open.find((s) => !isClosed(s, now)) ?? null;
}

export async function audienceFor(ds: DataSource, departmentId: number | null): Promise<Audience> {
  const members = await ds.getRepository(Employee).find({ where: { active: true }, select: { userId: true, mainDepartmentId: true } });
  const departments = await ds.getRepository(Department).find();
  return buildAudience(members, departments.map((d) => ({ id: d.id, name: d.name, parentId: d.parentId })), departmentId);
}

export interface LaunchInput {
  template: SurveyTemplate;
  scale: SurveyScale;
  department: { id: number; name: string } | null;
  days: number;
  launchedBy: string;
  now: Date;
  title: string;
}

/** Writes the round, its groups, every invitee (answered = false) and every tally (n = 0). */
export async function launchRound(m: EntityManager, input: LaunchInput, audience: Audience): Promise<Survey> {
  const { now } = input;
  const taskId = `survey-${now.getTime().toString(36)}-${randomBytes(6).toString('hex')}`;
  const inserted = await m.insert(Survey, {
    templateCode: input.template.code,
    question: input.template.question,
    scale: input.scale,
    title: input.title,
    audienceDepartmentId: input.department?.id ?? null,
    audienceName: input.department?.name ?? '全体',
    taskId,
    launchedBy: input.launchedBy,
    launchedAt: now,
    closesAt: new Date(now.getTime() + input.days * 86_400_000),
    closedAt: null,
    invited: audience.members.length,
  });
  const id = Number(inserted.identifiers[0].id);
  await m.insert(SurveyGroup, audience.groups.map((g) => ({ surveyId: id, groupKey: g.key, name: g.name, invited: g.invited })));
  for (let i = 0; i < audience.members.length; i += 500) {
    await m.insert(SurveyParticipant, audience.members.slice(i, i + 500).map((p) => ({ surveyId: id, userId: p.userId, groupKey: p.groupKey, answered: false })));
  }
  await m.insert(SurveyTally, audience.groups.flatMap((g) => SCALE_OPTIONS[input.scale].map((o) => ({ surveyId: id, groupKey: g.key, value: o.value, n: 0 }))));
  await writeAudit(m, {
    actor: `user:${input.launchedBy}`, action: 'survey.launch', entity: 'survey', entityId: id,
    after: { template: input.template.code, scale: input.scale, audience: input.department?.name ?? '全体', invited: audience.members.length, closesInDays: input.days },
    reason: '发起匿名调查',
  }, now);
  return (await m.getRepository(Survey).findOneByOrFail({ id }));
}

export type AnswerOutcome = 'recorded' | 'already' | 'closed' | 'not_invited';

/**
 * One answer: the participant's flag flips (only if it was not yet set: a second answer is refused)
 * and one tally grows by one. Nothing records who gave which value, when, or in what order.
 */
export async function recordAnswer(m: EntityManager, survey: Survey, userId: string, value: number, now: Date): Promise<AnswerOutcome> {
  if (isClosed(survey, now)) return 'closed';
  const participant = await m.getRepository(SurveyParticipant).findOne({ where: { surveyId: survey.id, userId }, select: { surveyId: true, groupKey: true } });
  if (!participant) return 'not_invited';
  const flipped = await m.createQueryBuilder().update(SurveyParticipant).set({ answered: true })
    .where('survey_id = :sid AND user_id = :uid AND answered = :no', { sid: survey.id, uid: userId, no: false }).execute();
  if ((flipped.affected ?? 0) !== 1) return 'already';
  const counted = await m.createQueryBuilder().update(SurveyTally).set({ n: () => 'n + 1' })
    .where('survey_id = :sid AND group_key = :g AND value = :v', { sid: survey.id, g: participant.groupKey, v: value }).execute();
  if ((counted.affected ?? 0) !== 1) throw new Error('survey tally row missing');
  return 'recorded';
}

export async function closeRound(ds: DataSource, survey: Survey, actor: string, now: Date): Promise<void> {
  await ds.transaction(async (m) => {
    await m.update(Survey, { id: survey.id, closedAt: IsNull() }, { closedAt: now });
    await writeAudit(m, { actor: `user:${actor}`, action: 'survey.close', entity: 'survey', entityId: survey.id, reason: '结束匿名调查' }, now);
  });
}

export async function answeredCount(ds: DataSource, surveyId: number): Promise<number> {
  return ds.getRepository(SurveyParticipant).countBy({ surveyId, answered: true });
}

export interface LoadedRound {
  survey: Survey;
  groups: SurveyGroup[];
  result: RoundResult;
  /** How many answered (who answered is not secret; what they answered is). */
  answered: number;
}

/** Results of closed rounds only (the caller checks); one disclosure table per round. */
export async function loadRounds(ds: DataSource, surveys: Survey[]): Promise<LoadedRound[]> {
  if (surveys.length === 0) return [];
  const ids = surveys.map((s) => s.id);
  const groups = await ds.getRepository(SurveyGroup).find({ where: { surveyId: In(ids) } });
  const tallies = await ds.getRepository(SurveyTally).find({ where: { surveyId: In(ids) } });
  return surveys.map((survey) => {
    const mine = groups.filter((g) => g.surveyId === survey.id)
      .sort((a, b) => (a.groupKey === OTHER_GROUP ? 1 : b.groupKey === OTHER_GROUP ? -1 : Number(a.groupKey) - Number(b.groupKey)));
    const tallyGroups: GroupTally[] = mine.map((g) => {
      const counts: Record<number, number> = {};
      for (const t of tallies) if (t.surveyId === survey.id && t.groupKey === g.groupKey) counts[t.value] = t.n;
      return { key: g.groupKey, name: g.name, invited: g.invited, counts };
    });
    const answered = tallyGroups.reduce((a, g) => a + answeredIn(g), 0);
    return { survey, groups: mine, result: disclose(tallyGroups, survey.scale), answered };
  });
}

/** Closed rounds of a template, oldest first (for trends), launched in [from, to) when given. */
export async function closedRounds(ds: DataSource, now: Date, opts: { templateCode?: string; from?: Date; to?: Date } = {}): Promise<Survey[]> {
  const all = await ds.getRepository(Survey).find({ where: opts.templateCode ? { templateCode: opts.templateCode } : {}, order: { launchedAt: 'ASC', id: 'ASC' } });
  return all.filter((s) => isClosed(s, now) && (!opts.from || s.launchedAt >= opts.from) && (!opts.to || s.launchedAt < opts.to));
}
