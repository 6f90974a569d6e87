/** The pulse survey vote card's keys: submit `survey:answer:<surveyId>`, question `survey_<surveyId>`. */
import { buildKey } from './keys';

export const SURVEY_KEY_PREFIX = 'survey:answer:';
export const surveySubmitKey = (surveyId: number) => buildKey('survey', 'answer', surveyId);
export const surveyQuestionKey = (surveyId: number) => `survey_${surveyId}`;
export const isSurveyTaskId = (taskId: string) => taskId.startsWith('survey-');

export function parseSurveyAnswer(args: string[]): number | null {
  const id = Number(args[0]);
  return Number.isInteger(id) && id > 0 ? id : null;
}
