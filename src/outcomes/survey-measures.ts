/**
 * The seam between pulse surveys (匿名调查) and the outcome report (效果验证): the report asks for
 * the survey measures of a period through this one function, and the surveys module answers it.
 */
import type { DataSource } from 'typeorm';
import { closedRounds, loadRounds } from '../surveys/store';

/** One survey question's result in one round, as the outcome report shows it. */
export interface SurveyMeasure {
  /** Stable code of the template question, e.g. 'fairness' or 'work_matters'. */
  questionCode: string;
  /** The statement as asked, e.g. 我认为绩效评价是公平的. */
  question: string;
  /** The round it comes from (its title), and when it was launched. */
  round: string;
  launchedAt: Date;
  /** How many answered. */
  answers: number;
  /** Share agreeing (4–5 on a 1–5 scale, or 是); null when fewer answers than the minimum group size. */
  agreeShare: number | null;
}

/**
 * Survey measures for rounds launched in [from, to). Implemented by the surveys module: only rounds
 * that have ended (a running round's share would move with each answer), one entry per round, the
 * agreement share of the whole round under the same minimum-group rule as the chat results.
 */
export async function surveyMeasures(ds: DataSource, from: Date, to: Date): Promise<SurveyMeasure[]> {
  const rounds = await loadRounds(ds, await closedRounds(ds, new Date(), { from, to }));
  return rounds.map(({ survey, result, answered }) => ({
    questionCode: survey.templateCode,
    question: survey.question,
    round: survey.title,
    launchedAt: survey.launchedAt,
    answers: answered,
    agreeShare: result.total.status === 'shown' ? result.total.agreeShare : null,
  }));
}
