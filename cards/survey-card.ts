/**
 * The pulse survey's vote card (vote_interaction, single choice) and the card it becomes once
 * answered. The answered card never marks the chosen option: the update goes through the outbox
 * with the member's user id, and must not carry what they chose.
 */
import { SCALE_OPTIONS, type SurveyScale } from '../src/surveys/templates';
import type { VoteInteractionCard } from '../src/wecom/card-types';
import { surveyQuestionKey, surveySubmitKey } from './survey-keys';

export interface SurveyCardInput {
  surveyId: number;
  taskId: string;
  question: string;
  scale: SurveyScale;
  /** e.g. 公平感 · 截止 12月7日 18:00. */
  subtitle: string;
}

export function buildSurveyCard(s: SurveyCardInput): VoteInteractionCard {
  return {
    card_type: 'vote_interaction',
    task_id: s.taskId,
    source: { desc: '匿名调查 · 回答不记名', desc_color: 3 },
    main_title: { title: s.question.slice(0, 36), desc: s.subtitle.slice(0, 44) },
    checkbox: {
      question_key: surveyQuestionKey(s.surveyId),
      mode: 0,
      option_list: SCALE_OPTIONS[s.scale].map((o) => ({ id: o.id, text: o.text })),
    },
    submit_button: { text: '匿名提交', key: surveySubmitKey(s.surveyId) },
  };
}

/** The same card, locked, without any option marked. */
export function buildSurveyAnsweredCard(s: SurveyCardInput, note = '已匿名提交，感谢参与'): VoteInteractionCard {
  const card = buildSurveyCard(s);
  return {
    ...card,
    checkbox: { ...card.checkbox, disable: true, option_list: card.checkbox.option_list.map((o) => ({ ...o, is_checked: false })) },
    replace_text: note,
  };
}
