/**
 * The seam between pulse surveys (匿名调查) and the outcome report (效果验证): the report asks for
 * the survey measures of a period through this one function, and the surveys module answers it.
 */
import type { DataSource } from 'typeorm';

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

/** Survey measures for rounds launched in [from, to). Implemented by the surveys module. */
export async function surveyMeasures(ds: DataSource, from: Date, to: Date): Promise<SurveyMeasure[]> {
  void ds; void from; void to;
  return [];
}
