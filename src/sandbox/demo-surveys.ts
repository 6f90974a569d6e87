/**
 * The demo factory's pulse-survey history: one ended round of each template in the baseline quarter
 * and one last month, with the mission's agreement shares (公平感 41 % → 79 %, 工作重要 54 % → 81 %)
 * as the chance that a demo member agrees. Written through the surveys store (participants flagged,
 * tallies counted), so the rounds are exactly what real taps would have left. Deterministic for the seed.
 */
import type { DataSource } from 'typeorm';
import { periodOf } from '../domain/periods';
import { audienceFor, launchRound } from '../surveys/store';
import { SurveyParticipant } from '../surveys/survey-participant.entity';
import { SurveyTally } from '../surveys/survey-tally.entity';
import { Survey } from '../surveys/survey.entity';
import { templateByCode } from '../surveys/templates';

type Rand = () => number;
const DAY_MS = 86_400_000;
const ANSWER_RATE = 0.85;
const AGREE_SHARE: Record<string, { before: number; after: number }> = {
  fairness: { before: 0.41, after: 0.79 },
  work_matters: { before: 0.54, after: 0.81 },
};

export interface DemoSurveyInput {
  hrUserId: string;
  now: Date;
  since: Date;
  timeZone: string;
  rnd: Rand;
}

/** A 1–5 answer of someone who agrees (4–5) or not (1–3). */
function answerValue(agrees: boolean, rnd: Rand): number {
  const r = rnd();
  if (agrees) return r < 0.6 ? 4 : 5;
  return r < 0.6 ? 3 : r < 0.9 ? 2 : 1;
}

export async function seedDemoSurveys(ds: DataSource, input: DemoSurveyInput): Promise<number> {
  const { now, since, timeZone: tz, rnd } = input;
  const audience = await audienceFor(ds, null);
  if (audience.members.length === 0) return 0;
  const lastMonth = periodOf('month', new Date(periodOf('month', now, tz).start.getTime() - DAY_MS), tz);
  const starts = [
    { at: new Date(since.getTime() + 14 * DAY_MS + 2 * 3_600_000), phase: 'before' as const },
    { at: new Date(lastMonth.start.getTime() + 5 * DAY_MS + 2 * 3_600_000), phase: 'after' as const },
  ].filter((s) => s.at.getTime() + 7 * DAY_MS < now.getTime());
  let rounds = 0;
  for (const { at, phase } of starts) {
    for (const [code, share] of Object.entries(AGREE_SHARE)) {
      const template = templateByCode(code);
      if (!template) continue;
      const day = new Intl.DateTimeFormat('sv-SE', { timeZone: tz }).format(at);
      await ds.transaction(async (m) => {
        const survey = await launchRound(m, {
          template, scale: 'agree5', department: null, days: 7, launchedBy: input.hrUserId, now: at, title: `${template.name} ${day}`,
        }, audience);
        const answered: string[] = [];
        const counts = new Map<string, number>();
        for (const p of audience.members) {
          if (rnd() >= ANSWER_RATE) continue;
          answered.push(p.userId);
          const key = `${p.groupKey}|${answerValue(rnd() < share[phase], rnd)}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (let i = 0; i < answered.length; i += 500) {
          await m.createQueryBuilder().update(SurveyParticipant).set({ answered: true })
            .where('survey_id = :sid AND user_id IN (:...ids)', { sid: survey.id, ids: answered.slice(i, i + 500) }).execute();
        }
        for (const [key, n] of counts) {
          const [groupKey, value] = key.split('|');
          await m.update(SurveyTally, { surveyId: survey.id, groupKey, value: Number(value) }, { n });
        }
        await m.update(Survey, { id: survey.id }, { closedAt: new Date(at.getTime() + 7 * DAY_MS) });
      });
      rounds++;
    }
  }
  return rounds;
}
